import datetime as dt

import pytest
from django.urls import reverse

from itaku.accounts.choices import Role
from itaku.contracts.models import Contract, ContractTemplate
from itaku.contracts.services import MemberSpec, contract_create
from itaku.core.tests.html import unwrapped

SEED = "ひきこもり支援Web広告業務"


@pytest.mark.clause("K-3")
@pytest.mark.clause("K-2")
def test_contract_page_shows_the_record(client, demo):
    client.force_login(demo["rep"])
    contract = Contract.objects.get(title=SEED)
    html = unwrapped(client.get(reverse("contracts:detail", args=[contract.pk])).content.decode())
    assert "金3,300,000円（うち消費税及び地方消費税額300,000円）" in html
    assert "令和5年6月1日～令和6年3月31日" in html
    assert "財務規則第109条の2第7号" in html
    assert "山梨県" in html and contract.contractor.name in html
    assert html.count("株式会社サンプル広告（サンプル）") >= 5  # one query for all members' organisations
    for name in ["契約 一郎", "検査 二郎", "保護 花子", "作業 一美"]:
        assert name in html
    assert "個人情報保護責任者" in html
    url = reverse("contracts:section", args=[contract.pk, "timeline"])
    timeline = "".join(client.get(url, {"page": page}).content.decode() for page in range(1, 6))
    assert "契約を登録しました" in timeline  # the timeline, read from the journal (newest first, a page at a time)
    assert "K-14-1-5-カ" in html and "P-6-7" in html and "S-8-6" in html


def test_outsider_gets_404_not_403(client, demo):
    client.force_login(demo["outsider"])
    contract = Contract.objects.get(title=SEED)
    assert client.get(reverse("contracts:detail", args=[contract.pk])).status_code == 404
    assert SEED not in client.get(reverse("contracts:list")).content.decode()


def test_list_search_and_filters(client, demo):
    client.force_login(demo["officer"])
    url = reverse("contracts:list")
    assert SEED in client.get(url, {"q": "Web広告"}).content.decode()
    assert SEED not in client.get(url, {"q": "チラシ"}).content.decode()
    assert SEED in client.get(url, {"fiscal_year": 2023}).content.decode()
    assert SEED not in client.get(url, {"fiscal_year": 2024}).content.decode()
    assert SEED in client.get(url, {"state": "paid"}).content.decode()  # the demo runs it to payment (K-12)
    assert SEED not in client.get(url, {"state": "closed"}).content.decode()
    contractor = Contract.objects.get(title=SEED).contractor
    assert SEED in client.get(url, {"contractor": contractor.pk}).content.decode()
    assert "令和5年度" in client.get(url).content.decode()


def _make_contracts(demo, n):
    template = ContractTemplate.objects.get()
    for i in range(n):
        contract_create(
            actor=demo["officer"], template=template, title=f"大量業務{i}", contractor=demo["rep"].organisation,
            signed_on=dt.date(2024, 4, 1), ends_on=dt.date(2025, 3, 31), amount=110_000 + i,
            deposit_exempt=True, deposit_exemption_basis="財務規則第109条の2第7号",
            members=[MemberSpec(demo["rep"], Role.REPRESENTATIVE)],
        )


@pytest.mark.parametrize("username", ["officer", "rep"])
def test_list_keeps_a_constant_number_of_queries(client, demo, username, django_assert_max_num_queries):
    client.force_login(demo[username])
    url = reverse("contracts:list")
    _make_contracts(demo, 5)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _make_contracts(demo, 195)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url, {"page": 2})
    assert response.status_code == 200 and "大量業務" in response.content.decode()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("api:contract-list"))
    assert response.json()["count"] == (204 if username == "officer" else 203)


def test_officer_creates_a_contract_through_the_page(client, demo, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(demo["officer"])
    template = ContractTemplate.objects.get()
    data = {
        "template": template.pk, "title": "新規業務", "contractor": demo["rep"].organisation_id,
        "signed_on": "2024-04-01", "ends_on": "2025-03-31", "amount": "1234000",
        "deposit_exempt": "on", "deposit_exemption_basis": "財務規則第109条の2第7号",
        "premises_address": "甲府市", "officers": [demo["officer"].pk], "inspectors": [demo["inspector"].pk],
        "representatives": [demo["rep"].pk],
        "specification": SimpleUploadedFile("spec.pdf", b"%PDF-1.4 spec", content_type="application/pdf"),
    }
    response = client.post(reverse("contracts:create"), data)
    contract = Contract.objects.get(title="新規業務")
    assert response.status_code == 302 and response["Location"] == reverse("contracts:detail", args=[contract.pk])
    assert contract.specification and contract.tax == 112_181
    assert client.get(reverse("contracts:specification", args=[contract.pk])).status_code == 200


def _form(demo, **overrides):
    """The registration form as a browser posts it, with ``overrides``."""
    data = {
        "template": ContractTemplate.objects.get().pk, "title": "新規業務",
        "contractor": demo["rep"].organisation_id, "signed_on": "2024-04-01", "ends_on": "2025-03-01",
        "amount": "1000", "deposit_exempt": "on", "deposit_exemption_basis": "財務規則",
        "officers": [demo["officer"].pk],
    }
    data.update(overrides)
    return data


@pytest.mark.clause("K-2")
def test_page_shows_the_clause_for_bad_input(client, demo):
    client.force_login(demo["officer"])
    data = _form(demo, ends_on="2024-03-01")
    html = client.post(reverse("contracts:create"), data).content.decode()
    assert "[K-2]" in html and "履行期限" in html
    assert not Contract.objects.filter(title="新規業務").exists()


@pytest.mark.clause("K-0")
def test_page_refuses_a_member_of_another_organisation(client, demo):
    client.force_login(demo["officer"])
    data = _form(demo, representatives=[demo["outsider"].pk])
    html = client.post(reverse("contracts:create"), data).content.decode()
    assert "[K-0]" in html
    assert not Contract.objects.filter(title="新規業務").exists()


def test_pages_switch_to_english(client, demo):
    client.force_login(demo["officer"])
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("contracts:list")})
    assert response.status_code == 302
    html = client.get(reverse("contracts:list")).content.decode()
    assert 'lang="en"' in html and "Contracts" in html and "契約一覧" not in html


@pytest.mark.clause("K-3")
@pytest.mark.parametrize("amount", ["0", "1000.5"])
def test_page_names_the_clause_for_a_bad_amount(client, demo, amount):
    client.force_login(demo["officer"])
    data = _form(demo, amount=amount)
    html = client.post(reverse("contracts:create"), data).content.decode()
    assert "[K-3]" in html and not Contract.objects.filter(title="新規業務").exists()


def test_contract_page_keeps_a_constant_number_of_queries_as_members_grow(client, demo, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from itaku.accounts.models import Membership, User
    from itaku.accounts.services import user_save

    client.force_login(demo["officer"])
    contract = Contract.objects.get(title=SEED)
    url = reverse("contracts:detail", args=[contract.pk])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(20):
        user = user_save(actor=None, user=User(username=f"extra{i}", organisation=demo["rep"].organisation))
        Membership.objects.create(contract=contract, user=user, role=Role.WORKER)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert "extra19" in client.get(url).content.decode()
