"""The pages, the API and the documents of the self-assessment sheet (F-S), and the client's view across
contractors."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from itaku.accounts.choices import OrganisationKind, Role
from itaku.accounts.models import Membership, Organisation
from itaku.accounts.services import organisation_save
from itaku.contracts.models import Contract
from itaku.rates.tests.pdftext import pdf_text
from itaku.security.models import SheetVersion
from itaku.security.questionnaire_choices import Result, SheetState
from itaku.security.questionnaire_renderers import render_pdf, render_xlsx
from itaku.security.questionnaire_services import answers_save, sheet_draft, sheet_review, sheet_submit

pytestmark = pytest.mark.django_db
HEAD = "0" * 64
D = dt.date


def accepted(contract):
    return SheetVersion.objects.get(sheet__contract=contract, state=SheetState.ACCEPTED)


def _yes(draft):
    return {a.item.number: {"result": Result.YES} for a in draft.answers.select_related("item")
            if a.result != Result.NOT_APPLICABLE}


@pytest.mark.clause("F-S")
def test_the_contractor_answers_submits_and_the_officer_returns_on_the_pages(client, demo, current):
    client.force_login(demo["rep"])
    response = client.post(reverse("security:sheet_new", args=[current.pk]))
    draft = SheetVersion.objects.get(sheet__contract=current, state=SheetState.DRAFT)
    assert response.url == reverse("security:sheet_version", args=[current.pk, draft.pk])
    url = reverse("security:sheet_answers", args=[current.pk, draft.pk])
    data = {f"result-{n}": "yes" for n in range(1, 25) if n not in (18, 19, 20)}
    # An いいえ without its remedy is refused, naming the item and the form.
    response = client.post(url, {**data, "result-9": "no", "remark-9": ""})
    assert response.status_code == 400
    assert "項目9" in response.content.decode() and "F-S" in response.content.decode()
    response = client.post(url, {**data, "result-9": "no", "remark-9": "持ち出し禁止を規程に定める。",
                                 "target-9": "令和9年3月31日", "measure-storage": "施錠保管"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.measures["storage"] == "施錠保管"
    assert draft.answers.get(item__number=9).target_on == D(2027, 3, 31)
    assert client.post(reverse("security:sheet_submit", args=[current.pk, draft.pk])).status_code == 302
    client.force_login(demo["officer"])
    page = client.get(reverse("security:sheet_version", args=[current.pk, draft.pk])).content.decode()
    assert 'id="review"' in page and "持ち出し禁止を規程に定める。" in page and "委託業務のセキュリティ責任者" in page
    response = client.post(reverse("security:sheet_review", args=[current.pk, draft.pk]),
                           {"decision": "return", "comment-9": "規程の改正予定日を書いてください。"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.state == SheetState.RETURNED
    section = client.get(reverse("contracts:section", args=[current.pk, "sheet"])).content.decode()
    assert "外部委託先調査シート" in section and "差戻し" in section


@pytest.mark.clause("F-S")
def test_two_versions_compared_item_by_item(client, demo, seed):
    versions = list(SheetVersion.objects.filter(sheet__contract=seed).order_by("number"))
    client.force_login(demo["auditor"])
    response = client.get(reverse("security:sheet_compare", args=[seed.pk]),
                          {"a": versions[0].pk, "b": versions[1].pk})
    page = response.content.decode()
    assert response.status_code == 200
    assert "第1版と第2版" in page and "変更あり" in page and "検討中" in page
    assert page.count("変更あり") == 2  # items 17 and 23 changed


@pytest.mark.clause("F-S")
def test_pdf_a4_mincho_embedded_in_the_seeds_layout_long_remarks_wrapped_not_cut(demo, seed, current):
    content = render_pdf(accepted(seed), HEAD)
    reader = PdfReader(io.BytesIO(content))
    box = reader.pages[0].mediabox
    assert (round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)) == (210, 297)
    assert b"/FontFile3" in content and b"NotoSerifJP" in content
    text = pdf_text(content).replace("\n", "")
    for words in ("（様式）", "外部委託先調査シート 兼 情報セキュリティ対策実施状況報告書", "令和5年6月9日",
                  "株式会社サンプル広告（サンプル）", "1 委託内容", "委託業務のセキュリティ責任者",
                  "守 健一（サンプル）",
                  "評価項目", "結果(はい・いいえ)", "規定・体制", "再委託管理", "※再委託がある場合",
                  "24. 情報管理に関する公的な認証・認定を取得していますか。", "いいえ",
                  "（完了予定日：令和5年12月28日）",
                  "(5)　その他の安全性及び信頼性を確保するための具体的な措置について", HEAD):
        assert words in text, words
    # A remark far longer than a page continues on the next pages, every word of it.
    draft = sheet_draft(actor=demo["rep"], contract=current)
    plain = len(PdfReader(io.BytesIO(render_pdf(draft, HEAD))).pages)
    long = "".join(f"対策{i:03d}を実施する。" for i in range(180))
    answers_save(actor=demo["rep"], version=draft, answers={
        **_yes(draft), 3: {"result": "no", "remark": long, "target_on": D(2099, 1, 1)}})
    content = render_pdf(draft, HEAD)
    assert len(PdfReader(io.BytesIO(content)).pages) > plain
    text = pdf_text(content).replace("\n", "")
    assert all(f"対策{i:03d}を実施する。" in text for i in range(180))
    assert "規定・体制（続き）" in text


@pytest.mark.clause("F-S")
def test_xlsx_opens_with_the_table_and_prints_on_a4(demo, seed):
    book = load_workbook(io.BytesIO(render_xlsx(accepted(seed), HEAD)))
    sheet = book.active
    values = [c.value for row in sheet.iter_rows() for c in row if c.value]
    assert "評価項目" in values and "備考 (いいえの場合は対策等を記入)" in values
    assert "23. 情報管理に係る外部監査を受けていますか。" in values and "いいえ" in values
    assert any(isinstance(v, str) and "令和5年12月28日" in v for v in values)
    assert int(sheet.page_setup.paperSize) == 9 and sheet.print_title_rows


@pytest.mark.clause("F-S")
def test_itaku_render_fs(demo, seed, tmp_path):
    for fmt in ("pdf", "xlsx"):
        out = tmp_path / f"fs.{fmt}"
        call_command("render", "F-S", "--contract", str(seed.pk), "--format", fmt, "--output", str(out))
        assert out.read_bytes()[:4] in (b"%PDF", b"PK\x03\x04")


@pytest.mark.clause("F-S")
def test_the_api_reads_submits_and_reviews(client, demo, current, other):
    client.force_login(demo["rep"])
    response = client.post("/api/v1/security-sheet-versions/", {"contract": current.pk},
                           content_type="application/json")
    assert response.status_code == 201
    pk = response.json()["id"]
    answers = [{"number": n, "result": "yes"} for n in range(1, 25) if n not in (18, 19, 20)]
    answers[0] = {"number": 1, "result": "no", "remark": "", "target_on": None}
    response = client.post(f"/api/v1/security-sheet-versions/{pk}/answers/", {"answers": answers},
                           content_type="application/json")
    assert response.status_code == 400 and response.json()["clause"] == "F-S"
    answers[0] = {"number": 1, "result": "no", "remark": "規程を整備する。", "target_on": "2099-06-30"}
    response = client.post(f"/api/v1/security-sheet-versions/{pk}/answers/",
                           {"answers": answers, "measures": {"education": "年2回"}},
                           content_type="application/json")
    assert response.status_code == 200 and response.json()["measures"]["education"] == "年2回"
    assert client.post(f"/api/v1/security-sheet-versions/{pk}/submit/").json()["state"] == "submitted"
    # The other contractor's sheets are not the representative's to see.
    listed = client.get("/api/v1/security-sheet-versions/").json()["results"]
    assert {v["contract"] for v in listed} <= set(Contract.objects.filter(contractor=current.contractor)
                                                  .values_list("pk", flat=True))
    client.force_login(demo["officer"])
    response = client.post(f"/api/v1/security-sheet-versions/{pk}/review/",
                           {"decision": "accept", "item_comments": {"1": "期限を守ってください。"}},
                           content_type="application/json")
    body = response.json()
    assert body["state"] == "accepted" and body["answers"][0]["review_comment"] == "期限を守ってください。"


@pytest.mark.clause("F-S")
def test_the_clients_view_side_by_side_most_iie_filters_and_xlsx(client, demo, seed, other):
    client.force_login(demo["officer"])
    url = reverse("security:sheets")
    page = client.get(url).content.decode()
    assert "株式会社サンプル広告（サンプル）" in page and "有限会社サンプル企画（サンプル）" in page
    assert "「いいえ」が多い項目" in page and "23. 情報管理に係る外部監査を受けていますか。" in page
    assert "令和7年3月31日" in page  # the other contractor's open remedy
    page = client.get(url, {"year": seed.fiscal_year}).content.decode()
    assert "有限会社サンプル企画（サンプル）" not in page.split("委託先ごとの回答")[1].split("</table>")[0]
    page = client.get(url, {"department": "福祉保健部 健康増進課"}).content.decode()
    assert "ひきこもり支援Web広告業務" in page
    book = load_workbook(io.BytesIO(client.get(reverse("security:sheets_xlsx")).content))
    assert book.sheetnames == ["回答", "いいえが多い項目", "未了の対策"]
    assert book["いいえが多い項目"].cell(row=2, column=3).value == 1
    client.force_login(demo["rep"])
    assert client.get(url).status_code == 403
    client.force_login(demo["inspector"])
    assert client.get(url).status_code == 403


def _another_contractor_with_a_sheet(demo, n):
    org = organisation_save(actor=None, organisation=Organisation(
        name=f"株式会社追加{n}（テスト）", kind=OrganisationKind.CONTRACTOR, address="甲府市",
        representative_title="代表取締役", representative_name=f"追加 {n}"))
    from itaku.accounts.models import User
    from itaku.accounts.services import user_save
    from itaku.contracts.services import MemberSpec, contract_create

    rep = user_save(actor=None, user=User(username=f"addrep{n}", organisation=org, display_name=f"追加 {n}"))
    contract = contract_create(
        actor=demo["officer"], template=Contract.objects.first().template, title=f"追加業務{n}", contractor=org,
        signed_on=D(2024, 4, 1), ends_on=D(2025, 3, 31), amount=100_000, deposit_exempt=True,
        deposit_exemption_basis="財務規則第109条の2第7号", premises_address="甲府市",
        members=[MemberSpec(demo["officer"], Role.OFFICER), MemberSpec(rep, Role.REPRESENTATIVE)])
    draft = sheet_draft(actor=rep, contract=contract)
    answers = _yes(draft)
    answers[n % 24 + 1] = {"result": "no", "remark": "対策する。", "target_on": D(2099, 1, 1)}
    answers_save(actor=rep, version=draft, answers=answers)
    sheet_submit(actor=rep, version=draft)
    sheet_review(actor=demo["officer"], version=draft, accept=True)


@pytest.mark.clause("F-S")
def test_the_clients_view_keeps_a_constant_number_of_queries(client, demo, django_assert_max_num_queries):
    assert Membership.objects.filter(user=demo["officer"], role=Role.OFFICER).exists()
    client.force_login(demo["officer"])
    url = reverse("security:sheets")
    _another_contractor_with_a_sheet(demo, 1)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    few = len(captured.captured_queries)
    for n in range(2, 8):
        _another_contractor_with_a_sheet(demo, n)
    with django_assert_max_num_queries(few):
        page = client.get(url).content.decode()
    assert "株式会社追加7（テスト）" in page
    with django_assert_max_num_queries(few):
        assert client.get(reverse("security:sheets_xlsx")).status_code == 200
