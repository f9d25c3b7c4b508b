"""The self-assessment sheet (F-S): the question set as data, section 1 from the contract, the answers and
the remedy an いいえ needs, versions, review with comments per item, remedies as obligations, a revised
question set, the work items and the demo."""

import datetime as dt

import pytest

from itaku.accounts.choices import Role
from itaku.consents.models import Subcontractor
from itaku.core.exceptions import ClauseViolation, PermissionRefused
from itaku.journal.models import Event
from itaku.obligations.models import Obligation, ObligationState
from itaku.obligations.work import items_for
from itaku.security import questionnaire_loader as loader
from itaku.security.models import QuestionnaireCategory, QuestionnaireItem, QuestionnaireTemplate, SheetVersion
from itaku.security.questionnaire_choices import REMEDY_KIND, Result, SheetState
from itaku.security.questionnaire_contents import contract_contents
from itaku.security.questionnaire_services import (
    answers_save,
    measures_save,
    sheet_draft,
    sheet_review,
    sheet_submit,
    template_issue,
)

pytestmark = pytest.mark.django_db
D = dt.date

CATEGORIES = [("規定・体制", 5), ("機器・媒体管理", 3), ("作業場所の管理", 1), ("アクセス管理", 2), ("入退出管理", 3),
              ("要員管理", 3), ("再委託管理", 3), ("情報資産の返還、廃棄", 1), ("監査", 2), ("公的認証等", 1)]


def all_yes(version, **overrides):
    answers = {}
    for a in version.answers.select_related("item__category"):
        if a.result == Result.NOT_APPLICABLE:
            continue
        answers[a.item.number] = overrides.get(f"n{a.item.number}", {"result": Result.YES, "remark": "",
                                                                    "target_on": None})
    return answers


def submitted(demo, contract, **overrides):
    draft = sheet_draft(actor=demo["rep"], contract=contract)
    answers_save(actor=demo["rep"], version=draft, answers=all_yes(draft, **overrides))
    return sheet_submit(actor=demo["rep"], version=draft)


NO_23 = {"result": Result.NO, "remark": "外部監査を来年度に受ける。", "target_on": D(2099, 3, 31)}


@pytest.mark.clause("F-S")
def test_the_question_set_is_the_seeds_ten_categories_and_24_items_as_data(demo):
    template = QuestionnaireTemplate.objects.get(code="F-S", version=1)
    cats = list(QuestionnaireCategory.objects.filter(template=template).order_by("position"))
    assert [(c.name, c.items.count()) for c in cats] == CATEGORIES
    items = list(QuestionnaireItem.objects.filter(template=template).order_by("number"))
    assert [i.number for i in items] == list(range(1, 25))
    assert items[0].text == "情報管理に係る基本指針、規定類が整備されていますか。"
    assert items[13].text == ("委託しているシステム関連業務に係るサーバー等の機器が設置されている場所への入退室管理が"
                              "行われていますか。")
    assert items[21].text == "情報管理に係る点検・検査・内部監査が実施されていますか"  # the seed has no 。 here
    sub = cats[6]
    assert sub.only_if_subcontracting and sub.note == "※再委託がある場合"
    assert not any(c.only_if_subcontracting for c in cats if c.pk != sub.pk)
    assert [m["text"] for m in template.measures] == [
        "情報資産の保管について", "情報資産の持ち出しについて", "情報資産の返還及び破棄について", "従事者教育について",
        "その他の安全性及び信頼性を確保するための具体的な措置について"]
    assert [r["label"] for r in template.section1_rows] == [
        "委託業務名", "委託業務内容", "委託期間", "委託業務のセキュリティ責任者", "委託業務の従事者",
        "委託業務の情報資産の利用場所", "個人情報の有無", "再委託の有無"]


@pytest.mark.clause("F-S")
@pytest.mark.clause("S-3")
@pytest.mark.clause("S-4")
def test_section_one_comes_from_the_contract(demo, seed):
    contents = contract_contents(seed)
    assert contents["business_name"] == seed.title
    assert contents["period"] == "令和5年6月1日 ～ 令和6年3月31日"
    assert contents["security_officer"] == "守 健一（サンプル）"  # the member with the role セキュリティ責任者
    # The workers of the accepted F-P, with their employment type (S-4).
    assert contents["workers"] == "作業 一美（サンプル）（従業員）、作業 二朗（サンプル）（従業員）"
    assert contents["has_subcontracting"].startswith("有（株式会社サンプル制作")
    version = SheetVersion.objects.filter(sheet__contract=seed, state=SheetState.ACCEPTED).get()
    assert version.contents == contents  # fixed at the submission


@pytest.mark.clause("F-S")
def test_an_iie_needs_the_measure_and_its_target_date(demo, current):
    draft = sheet_draft(actor=demo["rep"], contract=current)
    with pytest.raises(ClauseViolation) as exc:
        answers_save(actor=demo["rep"], version=draft, answers={5: {"result": "no", "remark": "", "target_on": None}})
    assert exc.value.clause == "F-S" and exc.value.code == "remark_missing" and "項目5" in str(exc.value)
    with pytest.raises(ClauseViolation) as exc:
        answers_save(actor=demo["rep"], version=draft,
                     answers={5: {"result": "no", "remark": "手順書を作成する。", "target_on": None}})
    assert exc.value.code == "target_missing"
    answers_save(actor=demo["rep"], version=draft,
                 answers={5: {"result": "no", "remark": "手順書を作成する。", "target_on": D(2099, 1, 31)}})
    with pytest.raises(ClauseViolation) as exc:  # items left unanswered
        sheet_submit(actor=demo["rep"], version=draft)
    assert exc.value.code == "result_missing"


@pytest.mark.clause("S-10")
def test_subcontracting_items_are_not_applicable_without_subcontracting(demo, current, seed):
    assert not Subcontractor.objects.filter(contract=current).exists()
    draft = sheet_draft(actor=demo["rep"], contract=current)
    results = {a.item.number: a.result for a in draft.answers.select_related("item")}
    assert {results[n] for n in (18, 19, 20)} == {Result.NOT_APPLICABLE}
    with pytest.raises(ClauseViolation) as exc:
        answers_save(actor=demo["rep"], version=draft, answers={18: {"result": "yes"}})
    assert exc.value.clause == "S-10"
    # Where there is subcontracting they are answered like the others.
    draft = sheet_draft(actor=demo["rep"], contract=seed)
    with pytest.raises(ClauseViolation):
        answers_save(actor=demo["rep"], version=draft, answers={18: {"result": "na"}})
    answers_save(actor=demo["rep"], version=draft, answers={18: {"result": "yes"}})


@pytest.mark.clause("F-S")
def test_versions_returned_with_comments_per_item_then_accepted_open_the_remedy(demo, current):
    v1 = submitted(demo, current, n23=NO_23)
    assert v1.content_sha256 and v1.contents["business_name"] == current.title
    with pytest.raises(ClauseViolation) as exc:
        sheet_review(actor=demo["officer"], version=v1, accept=False)
    assert exc.value.code == "comment_missing"
    sheet_review(actor=demo["officer"], version=v1, accept=False, item_comments={23: "監査機関名を書いてください。"})
    v1.refresh_from_db()
    assert v1.state == SheetState.RETURNED
    assert v1.answers.get(item__number=23).review_comment == "監査機関名を書いてください。"
    assert not Obligation.objects.filter(kind=REMEDY_KIND, contract=current).exists()
    v2 = sheet_draft(actor=demo["rep"], contract=current)
    assert v2.number == 2 and v2.answers.get(item__number=23).remark == NO_23["remark"]  # starts from v1
    answers_save(actor=demo["rep"], version=v2, answers={23: {**NO_23, "remark": "○○監査法人の監査を受ける。"}})
    measures_save(actor=demo["rep"], version=v2, measures={"storage": "施錠できる書庫に保管する。"})
    sheet_submit(actor=demo["rep"], version=v2)
    sheet_review(actor=demo["officer"], version=v2, accept=True)
    remedy = Obligation.objects.get(kind=REMEDY_KIND, contract=current)
    assert remedy.due_on == D(2099, 3, 31) and remedy.role == Role.REPRESENTATIVE and remedy.clause_id == "F-S"
    assert "項目23" in remedy.title and remedy.state == ObligationState.OPEN
    assert Event.objects.filter(action="security.sheet.accepted", object_id=str(v2.pk)).exists()
    # A later version that answers はい meets it.
    v3 = sheet_draft(actor=demo["rep"], contract=current)
    answers_save(actor=demo["rep"], version=v3, answers={23: {"result": "yes"}})
    sheet_submit(actor=demo["rep"], version=v3)
    sheet_review(actor=demo["officer"], version=v3, accept=True)
    remedy.refresh_from_db()
    assert remedy.state == ObligationState.MET


@pytest.mark.clause("F-S")
def test_who_may_do_what(demo, current):
    with pytest.raises(PermissionRefused):
        sheet_draft(actor=demo["worker1"], contract=current)
    draft = sheet_draft(actor=demo["rep"], contract=current)
    answers_save(actor=demo["security"], version=draft, answers=all_yes(draft))  # the security officer fills it
    with pytest.raises(PermissionRefused):
        answers_save(actor=demo["worker1"], version=draft, answers={1: {"result": "yes"}})
    with pytest.raises(PermissionRefused):
        sheet_submit(actor=demo["security"], version=draft)
    sheet_submit(actor=demo["rep"], version=draft)
    with pytest.raises(ClauseViolation):  # submitted: no longer edited
        answers_save(actor=demo["rep"], version=draft, answers={1: {"result": "no"}})
    with pytest.raises(PermissionRefused):
        sheet_review(actor=demo["rep"], version=draft, accept=True)
    with pytest.raises(PermissionRefused):
        sheet_review(actor=demo["auditor"], version=draft, accept=True)


@pytest.mark.clause("F-S")
def test_a_revised_question_set_is_issued_without_code(demo, current, seed):
    form = loader.seed_form()
    form["section2"]["categories"][-1]["items"].append({"no": 25, "text": "クラウドサービスの利用を管理していますか。"})
    with pytest.raises(PermissionRefused):
        template_issue(actor=demo["rep"], form=form)
    broken = {**form, "section2": {**form["section2"], "categories": []}}
    with pytest.raises(ClauseViolation):
        template_issue(actor=demo["officer"], form=broken)
    template = template_issue(actor=demo["officer"], form=form)
    assert template.version == 2 and template.items.count() == 25
    draft = sheet_draft(actor=demo["rep"], contract=current)
    assert draft.template_id == template.pk and draft.answers.count() == 25
    # The sheets answered before keep their question set.
    accepted = SheetVersion.objects.get(sheet__contract=seed, state=SheetState.ACCEPTED)
    assert accepted.template.version == 1 and accepted.answers.count() == 24


@pytest.mark.clause("F-S")
def test_work_items_sheet_to_submit_and_sheet_awaiting_review(demo, current):
    kinds = {i.kind for i in items_for(demo["rep"]) if i.mine and i.contract_id == current.pk}
    assert "security.sheet_new" in kinds
    draft = sheet_draft(actor=demo["rep"], contract=current)
    kinds = {i.kind for i in items_for(demo["rep"]) if i.mine and i.contract_id == current.pk}
    assert "security.sheet_submit" in kinds and "security.sheet_new" not in kinds
    answers_save(actor=demo["rep"], version=draft, answers=all_yes(draft))
    sheet_submit(actor=demo["rep"], version=draft)
    officer = [i for i in items_for(demo["officer"]) if i.kind == "security.sheet_review"]
    assert officer and officer[0].mine and officer[0].contract_id == current.pk


@pytest.mark.clause("F-S")
def test_the_demo_has_a_returned_and_an_accepted_version_and_the_other_contractors_sheet(demo, seed, other):
    versions = list(SheetVersion.objects.filter(sheet__contract=seed).order_by("number"))
    assert [v.state for v in versions] == [SheetState.RETURNED, SheetState.ACCEPTED]
    assert versions[0].comment
    noes = versions[1].answers.filter(result=Result.NO)
    assert noes.count() == 1 and noes.get().target_on and noes.get().remark
    assert Obligation.objects.filter(kind=REMEDY_KIND, contract=seed, source_id=noes.get().pk).exists()
    assert SheetVersion.objects.filter(sheet__contract=other, state=SheetState.ACCEPTED).exists()


@pytest.mark.clause("F-S")
def test_the_operator_issues_a_revised_question_set_from_a_file(demo, tmp_path):
    import json

    from django.core.management import call_command

    path = tmp_path / "fs.json"
    call_command("questionnaire_issue", str(path), "--dump")
    form = json.loads(path.read_text(encoding="utf-8"))
    form["section2"]["categories"][0]["items"][0]["text"] = "情報管理に係る基本方針が定められていますか。"
    path.write_text(json.dumps(form, ensure_ascii=False), encoding="utf-8")
    call_command("questionnaire_issue", str(path))
    latest = QuestionnaireTemplate.objects.filter(code="F-S").order_by("-version").first()
    assert latest.version == 2 and latest.items.get(number=1).text == "情報管理に係る基本方針が定められていますか。"
    assert Event.objects.filter(action="security.questionnaire.issued").exists()
