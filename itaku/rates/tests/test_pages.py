"""The calculator, the rates page, the contract page's rate panel, and the admin's rate form."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from itaku.accounts.models import User
from itaku.contracts.models import Contract
from itaku.journal.models import Event
from itaku.rates.models import Rate, RateKind

from .pdftext import pdf_text

SEED = "ひきこもり支援Web広告業務"


@pytest.fixture
def seed(demo):
    return Contract.objects.get(title=SEED)


@pytest.mark.clause("K-12")
def test_calculator_shows_the_working(client, demo):
    client.force_login(demo["worker1"])
    response = client.get(reverse("rates:calc"), {"kind": "interest", "amount": "1000000", "due": "2024-04-30",
                                                   "paid": "2024-05-10", "signed": "", "rate": "2.5", "basis": ""})
    html = response.content.decode()
    assert response.status_code == 200
    for text in ["令和6年5月1日～令和6年5月10日（10日）", "684.93円", "100円未満切捨て", "契約で定めた率",
                 "600円", reverse("rates:calc-sheet")]:
        assert text in html


@pytest.mark.clause("K-3")
def test_calculator_tax(client, demo):
    client.force_login(demo["auditor"])
    html = client.get(reverse("rates:calc"), {"kind": "tax", "amount": "1234000"}).content.decode()
    assert "112,181円" in html


@pytest.mark.clause("K-12")
def test_calculator_refusal_names_the_clause(client, demo):
    client.force_login(demo["officer"])
    response = client.get(reverse("rates:calc"), {"kind": "interest", "amount": "1000000", "due": "2024-04-30",
                                                   "paid": "2024-05-10", "signed": "2014-06-01"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "[K-12]" in html and "未確認" in html
    response = client.get(reverse("rates:calc"), {"kind": "penalty", "amount": "abc", "end": "2024-03-31",
                                                   "completed": "2024-04-12"})
    assert response.status_code == 400 and "[K-13]" in response.content.decode()
    response = client.get(reverse("rates:calc"), {"kind": "penalty", "amount": "1", "end": "2024-03-31",
                                                   "completed": "2024-04-12", "rate": "15"})
    assert response.status_code == 400 and "[K-13] 率は年0%以上14.6%以下" in response.content.decode()


def test_calculator_is_prefilled_from_the_contract_page(client, demo, seed):
    client.force_login(demo["officer"])
    response = client.get(reverse("rates:calc"), {"kind": "penalty", "contract": seed.pk, "amount": seed.amount,
                                                   "end": "2024-03-31"})
    html = response.content.decode()
    assert response.status_code == 200 and 'value="3300000"' in html and "error-summary" not in html
    assert seed.title in html
    client.force_login(demo["outsider"])  # a contract outside one's view is not found
    assert client.get(reverse("rates:calc"), {"contract": seed.pk}).status_code == 404


@pytest.mark.clause("K-13")
def test_sheet_download(client, demo, seed):
    client.force_login(demo["inspector"])
    response = client.get(reverse("rates:calc-sheet"), {"kind": "penalty", "amount": "3300000", "end": "2024-03-31",
                                                         "completed": "2024-04-12", "contract": seed.pk})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "金3,254円" in text and f"業務名　{SEED}" in text and "令和5年6月1日～令和6年3月31日" in text
    assert client.get(reverse("rates:calc-sheet"), {"kind": "penalty"}).status_code == 400


def test_rates_page_marks_unconfirmed_rows(client, demo):
    client.force_login(demo["rep"])
    html = client.get(reverse("rates:list")).content.decode()
    assert "令和3年4月1日～" in html and "2.5%" in html and "財務省告示第49号（令和3年）" in html
    assert "明治31年7月16日～令和2年3月31日" in html
    assert html.count("未確認</span>") == 3
    assert "管理者が告示を確認して率を登録するまで" in html


def test_rates_page_queries_stay_constant(client, demo, django_assert_max_num_queries):
    client.force_login(demo["rep"])
    client.get(reverse("rates:list"))
    for year in range(2030, 2060):
        Rate.objects.create(kind=RateKind.LATE_PAYMENT, effective_from=dt.date(year, 4, 1), percent=Decimal("2"),
                            confirmed=True, source=f"告示{year}")
    with django_assert_max_num_queries(6):
        html = client.get(reverse("rates:list")).content.decode()
    assert "告示2059" in html


@pytest.mark.clause("K-12")
def test_contract_panel_for_officer_and_others(client, demo, seed):
    url = reverse("contracts:section", args=[seed.pk, "lifecycle"])  # the rate is part of this section
    client.force_login(demo["officer"])
    html = client.get(url).content.decode()
    assert 'id="late-payment-rate"' in html and "年2.5%" in html and "契約締結日（令和5年6月1日）に適用される率" in html
    assert reverse("rates:contract-rate", args=[seed.pk]) in html
    client.force_login(demo["accountant"])
    html = client.get(url).content.decode()
    assert "年2.5%" in html and reverse("rates:contract-rate", args=[seed.pk]) not in html


@pytest.mark.clause("K-12")
def test_officer_sets_the_rate_on_the_contract_page(client, demo, seed):
    client.force_login(demo["officer"])
    url = reverse("rates:contract-rate", args=[seed.pk])
    response = client.post(url, {"percent": "3.1", "basis": "契約書第12条第2項"})
    assert response.status_code == 302
    seed.refresh_from_db()
    assert seed.late_payment_percent == Decimal("3.1")
    html = client.get(reverse("contracts:section", args=[seed.pk, "lifecycle"])).content.decode()
    assert "年3.1%" in html and "契約書第12条第2項" in html
    timeline = client.get(reverse("contracts:section", args=[seed.pk, "timeline"])).content.decode()
    assert "契約で定めた遅延利息の率を登録しました" in timeline
    response = client.post(url, {"percent": "20", "basis": "x"}, follow=True)
    assert "[K-12]" in response.content.decode()
    seed.refresh_from_db()
    assert seed.late_payment_percent == Decimal("3.1")
    client.post(url, {"percent": "", "basis": ""})
    seed.refresh_from_db()
    assert seed.late_payment_percent is None


def test_others_may_not_set_the_rate(client, demo, seed):
    client.force_login(demo["accountant"])
    assert client.post(reverse("rates:contract-rate", args=[seed.pk]), {"percent": "3", "basis": "x"}).status_code \
        == 403
    seed.refresh_from_db()
    assert seed.late_payment_percent is None


@pytest.mark.clause("K-12")
def test_admin_saves_a_rate_through_the_service(client, db):
    admin = User.objects.create_superuser("rateadmin", password="x")
    client.force_login(admin)
    response = client.post(reverse("admin:rates_rate_add"), {
        "kind": "late_payment", "effective_from": "2030-04-01", "percent": "2.4", "confirmed": "on",
        "source": "財務省告示第1号（令和12年）", "note": ""})
    assert response.status_code == 302
    event = Event.objects.get(action="rates.rate.saved")
    assert event.actor == admin and event.data["source"] == "財務省告示第1号（令和12年）"
    response = client.post(reverse("admin:rates_rate_add"), {
        "kind": "late_payment", "effective_from": "2031-04-01", "percent": "", "confirmed": "on",
        "source": "", "note": ""})
    assert response.status_code == 200  # the form answers with its errors
    assert not Rate.objects.filter(effective_from=dt.date(2031, 4, 1)).exists()


def test_navigation_links(client, demo):
    client.force_login(demo["worker2"])
    html = client.get(reverse("contracts:list")).content.decode()
    assert reverse("rates:calc") in html and reverse("rates:list") in html
