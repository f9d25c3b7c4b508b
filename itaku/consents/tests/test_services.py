import datetime as dt
import hashlib
import json
import re
from pathlib import Path

import pytest
from django.http import Http404

from itaku.accounts.choices import Role
from itaku.accounts.models import Membership, Organisation
from itaku.accounts.services import organisation_save
from itaku.contracts.models import Contract
from itaku.contracts.selectors import contract_get
from itaku.contracts.termination.services import contract_terminate
from itaku.core.exceptions import ClauseViolation, PermissionRefused
from itaku.documents.models import GeneratedDocument
from itaku.journal.models import Event

from ..models import ConsentRequest, ConsentState, Subcontractor
from ..renderers import letter_paragraphs
from ..services import (
    consent_decide,
    consent_letter_generate,
    consent_submit,
    consent_withdraw,
    contract_assign,
    snapshot_hash,
    statement_text,
    subcontractor_attach,
)
from .conftest import assignment_statement, subcontract_statement


def submit(demo, contract, org, user="rep", **overrides):
    return consent_submit(actor=demo[user], contract=contract, kind="subcontract",
                          statement=subcontract_statement(org, **overrides),
                          on=max(contract.signed_on, dt.date(2023, 6, 20)))


def approved(demo, contract, org, user="rep", **overrides):
    consent = submit(demo, contract, org, user=user, **overrides)
    return consent_decide(actor=demo["officer"], consent=consent, approve=True, conditions="秘密保持を徹底すること",
                          on=max(contract.signed_on, dt.date(2023, 6, 25)))


@pytest.mark.clause("K-6")
@pytest.mark.parametrize("username", ["officer", "inspector", "auditor", "privacy", "security", "worker1"])
def test_only_the_representative_submits(demo, seed, maker, username):
    with pytest.raises(PermissionRefused):
        submit(demo, seed, maker, user=username)
    consent = submit(demo, seed, maker)
    assert consent.state == ConsentState.SUBMITTED and consent.subject == maker
    assert consent.submitted_on == dt.date(2023, 6, 20) and consent.statement["starts_on"] == "2023-07-01"
    event = Event.objects.filter(action="consents.request.submitted").latest("seq")
    assert event.clause_id == "K-6" and event.object_id == str(consent.pk)


@pytest.mark.clause("K-6")
def test_the_outsider_cannot_submit_on_a_contract_it_does_not_take_part_in(demo, seed, maker):
    with pytest.raises(PermissionRefused):
        submit(demo, seed, maker, user="outsider")


@pytest.mark.clause("K-6")
@pytest.mark.parametrize("username", ["rep", "inspector", "accountant", "auditor", "worker1"])
def test_only_the_officer_decides(demo, seed, maker, username):
    consent = submit(demo, seed, maker)
    with pytest.raises(PermissionRefused):
        consent_decide(actor=demo[username], consent=consent, approve=True)
    consent.refresh_from_db()
    assert consent.state == ConsentState.SUBMITTED and not consent.snapshot


@pytest.mark.clause("K-5")
def test_only_the_officer_decides_an_assignment(demo, seed, assignee):
    org, user = assignee
    consent = consent_submit(actor=demo["rep"], contract=seed, kind="assignment",
                             statement=assignment_statement(org, user))
    with pytest.raises(PermissionRefused):
        consent_decide(actor=demo["rep"], consent=consent, approve=True)
    consent = consent_decide(actor=demo["officer"], consent=consent, approve=True)
    assert consent.state == ConsentState.APPROVED and consent.letter is not None
    approval = Event.objects.latest("seq")  # the letter of an assignment is recorded under its own clause
    assert approval.action == "consents.request.approved" and approval.clause_id == "K-5"
    assert approval.data["letter"]["sha256"] == consent.letter.sha256


@pytest.mark.clause("K-6")
def test_snapshot_is_frozen_and_its_hash_recomputable(demo, seed, maker):
    consent = approved(demo, seed, maker)
    stored = ConsentRequest.objects.get(pk=consent.pk)
    canonical = json.dumps(stored.snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    assert stored.snapshot_sha256 == hashlib.sha256(canonical).hexdigest() == snapshot_hash(stored.snapshot)
    snap = stored.snapshot
    assert snap["contract"]["title"] == seed.title and snap["contract"]["signed_on"] == "2023-06-01"
    assert snap["kind"] == "subcontract" and snap["clause"] == "K-6"
    assert snap["statement"]["scope"] == "バナー制作" and snap["conditions"] == "秘密保持を徹底すること"
    assert snap["decided_by"]["username"] == "officer" and snap["decided_on"] == "2023-06-25"
    assert ["再委託先", maker.name] in snap["statement_text"]
    # The organisation's record changes later; what was approved does not.
    maker.name = "株式会社改称（サンプル）"
    organisation_save(actor=None, organisation=maker)
    stored.refresh_from_db()
    assert stored.snapshot == snap and snapshot_hash(stored.snapshot) == consent.snapshot_sha256
    # Any change to the snapshot changes the hash.
    assert snapshot_hash({**snap, "conditions": ""}) != consent.snapshot_sha256
    event = Event.objects.filter(action="consents.request.approved").latest("seq")
    assert event.data["snapshot_sha256"] == consent.snapshot_sha256


@pytest.mark.clause("K-6")
def test_approval_generates_the_letter_with_its_hash_and_the_font(demo, seed, maker):
    consent = approved(demo, seed, maker)
    document = GeneratedDocument.objects.get(pk=consent.letter_id)
    content = document.content
    assert document.kind == "consent_letter" and document.fmt == "pdf" and content.startswith(b"%PDF")
    assert document.sha256 == hashlib.sha256(content).hexdigest() and document.size == len(content)
    # The Mincho face is embedded (NotoSerifJP is an OpenType/CFF font, so it is a /FontFile3 stream,
    # as in the contract document; a TrueType face would be /FontFile2).
    assert re.search(rb"/FontFile[23]", content) and b"NotoSerifJP" in content
    # The letter prints the journal head as it stood before the decision; the decision's event records
    # the letter, so the letter is bound into the chain.
    decision = Event.objects.filter(action="consents.request.approved").latest("seq")
    assert document.journal_head == decision.prev_hash == decision.data["letter"]["journal_head"]
    events = Event.objects.count()
    again = consent_letter_generate(actor=demo["auditor"], consent=consent)
    consent.refresh_from_db()
    assert consent.letter == again and again.pk != document.pk
    # Generating it again is a service of its own, with its one event.
    assert Event.objects.count() == events + 1
    event = Event.objects.latest("seq")
    assert event.action == "documents.document.generated" and event.data["sha256"] == again.sha256
    assert event.data["source"] == f"consents.consentrequest:{consent.pk}"


@pytest.mark.clause("K-6")
def test_an_approval_appends_exactly_one_event_that_records_the_letter(demo, seed, maker):
    consent = submit(demo, seed, maker)
    before = Event.objects.count()
    consent = consent_decide(actor=demo["officer"], consent=consent, approve=True, on=dt.date(2023, 6, 25))
    assert Event.objects.count() == before + 1
    event = Event.objects.latest("seq")
    document = GeneratedDocument.objects.get(pk=consent.letter_id)
    assert event.action == "consents.request.approved" and event.clause_id == "K-6"
    assert event.object_id == str(consent.pk) and event.data["snapshot_sha256"] == consent.snapshot_sha256
    assert event.data["letter"] == {"filename": document.filename, "sha256": document.sha256,
                                    "journal_head": document.journal_head}
    assert document.sha256 == hashlib.sha256(document.content).hexdigest()
    # A refusal: one event too, and no letter.
    refused = consent_decide(actor=demo["officer"], consent=submit(demo, seed, maker), approve=False, reasons="否")
    assert Event.objects.count() == before + 3  # the submission and the refusal
    assert Event.objects.latest("seq").action == "consents.request.refused" and refused.letter is None
    assert "letter" not in Event.objects.latest("seq").data


@pytest.mark.clause("K-6")
def test_letter_layout(demo, seed, maker):
    consent = approved(demo, seed, maker)
    texts = [p.text for p in letter_paragraphs({**consent.snapshot, "sha256": consent.snapshot_sha256})]
    assert texts[0] == "令和5年6月25日"
    assert texts[1] == "株式会社サンプル広告（サンプル）" and texts[2].startswith("代表取締役")
    assert texts[3] == "山梨県" and texts[4] == "山梨県知事　長崎 幸太郎"
    assert "承諾書" in texts
    assert "令和5年6月20日付けで申請のあった再委託について、下記のとおり承諾します。" in texts
    body = "\n".join(texts)
    assert "記" in texts and "契約名　ひきこもり支援Web広告業務" in body and "契約締結日　令和5年6月1日" in body
    assert "承諾事項　再委託" in body and f"再委託先：{maker.name}" in body and "令和5年7月1日" in body
    assert "条件　秘密保持を徹底すること" in body and "第6条（再委託の禁止）（K-6）" in body
    assert consent.snapshot_sha256 in body


@pytest.mark.clause("K-6")
def test_refusal_keeps_the_reasons_and_makes_no_letter(demo, seed, maker):
    consent = submit(demo, seed, maker)
    with pytest.raises(ClauseViolation) as exc:
        consent_decide(actor=demo["officer"], consent=consent, approve=False, reasons="  ")
    assert exc.value.clause == "K-6" and exc.value.field == "reasons"
    documents = GeneratedDocument.objects.count()
    consent = consent_decide(actor=demo["officer"], consent=consent, approve=False, reasons="再委託先の体制が不明")
    assert consent.state == ConsentState.REFUSED and consent.reasons == "再委託先の体制が不明"
    assert consent.letter is None and GeneratedDocument.objects.count() == documents
    assert consent.snapshot["decision"] == "refused" and snapshot_hash(consent.snapshot) == consent.snapshot_sha256
    with pytest.raises(ClauseViolation) as exc:
        consent_letter_generate(actor=demo["officer"], consent=consent)
    assert exc.value.code == "no_letter"


@pytest.mark.clause("K-6")
def test_withdrawn_cannot_be_decided_and_only_the_submitter_withdraws(demo, seed, maker):
    consent = submit(demo, seed, maker)
    with pytest.raises(PermissionRefused):
        consent_withdraw(actor=demo["officer"], consent=consent)
    consent = consent_withdraw(actor=demo["rep"], consent=consent)
    assert consent.state == ConsentState.WITHDRAWN
    with pytest.raises(ClauseViolation) as exc:
        consent_decide(actor=demo["officer"], consent=consent, approve=True)
    assert exc.value.code == "consent_state" and exc.value.clause == "K-6"
    with pytest.raises(ClauseViolation):
        consent_withdraw(actor=demo["rep"], consent=consent)
    decided = approved(demo, seed, maker)
    with pytest.raises(ClauseViolation):
        consent_decide(actor=demo["officer"], consent=decided, approve=False, reasons="やはり不可")


@pytest.mark.clause("K-14")
@pytest.mark.clause("K-6")
def test_terminated_contract_refuses_new_requests(demo, maker):
    current = _current()
    _terminate(demo, current)
    current.refresh_from_db()
    with pytest.raises(ClauseViolation) as exc:
        submit(demo, current, maker)
    assert exc.value.clause == "K-14" and exc.value.code == "contract_terminated"


@pytest.mark.clause("K-6")
@pytest.mark.parametrize(("overrides", "field"), [
    ({"scope": "  "}, "scope"),
    ({"reason": None}, "reason"),
    ({"starts_on": "2023-13-01"}, "starts_on"),
    ({"ends_on": "2023-06-30"}, "ends_on"),  # before the start
    ({"amount": -5}, "amount"),
    ({"amount": "12.5"}, "amount"),
    ({"subcontractor": 999999}, "subcontractor"),
    ({"handles_personal_information": "maybe"}, "handles_personal_information"),
    ({"colour": "red"}, "colour"),
])
def test_statement_errors_name_the_field_and_the_clause(demo, seed, maker, overrides, field):
    with pytest.raises(ClauseViolation) as exc:
        submit(demo, seed, maker, **overrides)
    assert exc.value.clause == "K-6" and exc.value.field == field and str(exc.value).startswith("[K-6]")
    assert not ConsentRequest.objects.filter(contract=seed, statement__scope="バナー制作").exists()


@pytest.mark.clause("K-6")
def test_the_contractor_itself_is_no_subcontractor(demo, seed):
    with pytest.raises(ClauseViolation) as exc:
        submit(demo, seed, seed.contractor)
    assert exc.value.field == "subcontractor" and exc.value.code == "statement_self"


@pytest.mark.clause("K-5")
def test_assignment_statement_names_a_user_of_the_assignee(demo, seed, assignee):
    org, user = assignee
    refusals = set()
    # A user of another contractor, a name nobody has, a user id: refused alike, so names cannot be probed.
    for named in ("outsider", "nobody-such", user.pk, ["newrep"]):
        with pytest.raises(ClauseViolation) as exc:
            consent_submit(actor=demo["rep"], contract=seed, kind="assignment",
                           statement=assignment_statement(org, user, assignee_user=named))
        assert exc.value.clause == "K-5" and exc.value.field == "assignee_user"
        refusals.add((exc.value.code, str(exc.value)))
    # The message names the organisation the user must belong to, not the field's own label.
    message = refusals.pop()[1]
    assert not refusals and "譲受人（承継する組織）" in message and "譲受人の代表者として" not in message
    assert not ConsentRequest.objects.filter(kind="assignment").exists()
    consent = consent_submit(actor=demo["rep"], contract=seed, kind="assignment",
                             statement=assignment_statement(org, user, assignee_user=" newrep "))
    assert consent.statement["assignee_user"] == "newrep"


@pytest.mark.clause("K-5")
def test_statement_shows_only_a_user_of_the_assignee(demo, seed, assignee):
    org, user = assignee
    consent = consent_submit(actor=demo["rep"], contract=seed, kind="assignment",
                             statement=assignment_statement(org, user))
    assert ("譲受人の代表者として契約に加わる利用者", "譲受 一郎") in statement_text(consent)
    # A statement that names a user of another organisation (here written directly) shows the username as
    # stated, never that user's name or title.
    consent.statement = {**consent.statement, "assignee_user": "outsider"}
    rows = dict(statement_text(consent))
    assert rows["譲受人の代表者として契約に加わる利用者"] == "outsider"
    assert "例示 花子" not in str(rows) and "代表取締役" not in str(rows)


def test_a_date_in_the_future_is_refused(demo, seed, maker):
    with pytest.raises(ClauseViolation) as exc:
        consent_submit(actor=demo["rep"], contract=seed, kind="subcontract", statement=subcontract_statement(maker),
                       on=dt.date.today() + dt.timedelta(days=2))
    assert exc.value.field == "submitted_on"


@pytest.mark.clause("K-6")
def test_attaching_needs_an_approved_consent_of_this_contract_naming_the_organisation(demo, seed, other, maker,
                                                                                      assignee):
    org, user = assignee

    def attach(consent, organisation=maker):
        with pytest.raises(ClauseViolation) as exc:
            subcontractor_attach(actor=demo["rep"], contract=seed, organisation=organisation, consent=consent)
        assert exc.value.clause == "K-6"
        return exc.value.code

    assert attach(None) == "consent_missing"
    assert attach(submit(demo, seed, maker)) == "consent_not_approved"
    refused = consent_decide(actor=demo["officer"], consent=submit(demo, seed, maker), approve=False, reasons="否")
    assert attach(refused) == "consent_not_approved"
    elsewhere = approved(demo, other, maker, user="outsider")
    assert attach(elsewhere) == "consent_other_contract"
    good = approved(demo, seed, maker)
    assert attach(good, organisation=org) == "consent_other_organisation"
    assignment = consent_decide(actor=demo["officer"], approve=True, consent=consent_submit(
        actor=demo["rep"], contract=seed, kind="assignment", statement=assignment_statement(org, user)))
    assert attach(assignment, organisation=org) == "consent_wrong_kind"
    with pytest.raises(PermissionRefused):
        subcontractor_attach(actor=demo["worker1"], contract=seed, organisation=maker, consent=good)
    subcontractor = subcontractor_attach(actor=demo["rep"], contract=seed, organisation=maker, consent=good)
    assert subcontractor.organisation == maker and subcontractor.scope == "バナー制作"
    assert attach(good) == "consent_used"
    assert Subcontractor.objects.filter(consent=good).count() == 1
    event = Event.objects.filter(action="consents.subcontractor.attached").latest("seq")
    assert event.clause_id == "K-6" and event.data["organisation"] == maker.name


@pytest.mark.clause("K-5")
def test_assignment_needs_an_approved_assignment_consent(demo, seed, other, maker, assignee):
    org, user = assignee

    def assign(consent, organisation=org):
        with pytest.raises(ClauseViolation) as exc:
            contract_assign(actor=demo["rep"], contract=seed, assignee=organisation, consent=consent)
        assert exc.value.clause == "K-5"
        return exc.value.code

    def request(contract=seed, actor="rep"):
        return consent_submit(actor=demo[actor], contract=contract, kind="assignment",
                              statement=assignment_statement(org, user))

    assert assign(None) == "consent_missing"
    assert assign(approved(demo, seed, maker), organisation=maker) == "consent_wrong_kind"
    assert assign(request()) == "consent_not_approved"
    refused = consent_decide(actor=demo["officer"], consent=request(), approve=False, reasons="否")
    assert assign(refused) == "consent_not_approved"
    elsewhere = consent_decide(actor=demo["officer"], consent=request(other, "outsider"), approve=True)
    assert assign(elsewhere) == "consent_other_contract"
    good = consent_decide(actor=demo["officer"], consent=request(), approve=True)
    assert assign(good, organisation=maker) == "consent_other_organisation"
    seed.refresh_from_db()
    assert seed.contractor.name == "株式会社サンプル広告（サンプル）"


@pytest.mark.clause("K-5")
def test_assignment_moves_the_contract_and_its_memberships(demo, seed, assignee):
    org, user = assignee
    former = seed.contractor
    former_party = seed.parties["contractor"]
    consent = consent_decide(actor=demo["officer"], approve=True, consent=consent_submit(
        actor=demo["rep"], contract=seed, kind="assignment", statement=assignment_statement(org, user)))
    with pytest.raises(PermissionRefused):
        contract_assign(actor=demo["officer"], contract=seed, assignee=org, consent=consent)
    contract = contract_assign(actor=demo["rep"], contract=seed, assignee=org, consent=consent)
    contract.refresh_from_db()
    assert contract.contractor == org and contract.parties["contractor"]["name"] == "株式会社譲受（テスト）"
    assert contract.parties["client"]["name"] == "山梨県"
    members = set(Membership.objects.filter(contract=contract).values_list("user__username", "role"))
    assert ("newrep", Role.REPRESENTATIVE) in members
    assert not [m for m in members if m[0] in {"rep", "privacy", "security", "worker1", "worker2"}]
    assert ("officer", Role.OFFICER) in members and ("inspector", Role.INSPECTOR) in members
    event = Event.objects.filter(action="consents.contract.assigned").latest("seq")
    assert event.clause_id == "K-5" and event.data["former_contractor"] == former_party
    assert event.data["former_contractor_id"] == former.pk and ["rep", "representative"] in event.data[
        "removed_memberships"]
    # The former contractor no longer sees the contract; the assignee's representative does.
    with pytest.raises(Http404):
        contract_get(demo["rep"], contract.pk)
    assert contract_get(user, contract.pk) == contract
    # The consent letter still names the contractor it was addressed to.
    assert consent.snapshot["contract"]["parties"]["contractor"]["name"] == former.name
    with pytest.raises(ClauseViolation) as exc:
        contract_assign(actor=user, contract=contract, assignee=org, consent=consent)
    assert exc.value.clause == "K-5" and exc.value.code == "consent_used"


@pytest.mark.clause("K-5")
def test_nothing_else_changes_the_contractor_of_a_contract():
    """K-5: Contract.contractor is written only at creation and by ``contract_assign``."""
    root = Path(__file__).resolve().parents[2]
    pattern = re.compile(r"\.contractor(_id)?\s*=[^=]|update\([^)]*\bcontractor(_id)?\s*=")
    writers = set()
    for path in root.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        if pattern.search(path.read_text(encoding="utf-8")):
            writers.add(str(path.relative_to(root)))
    assert writers == {"consents/services.py"}


def test_demo_holds_the_story_and_loads_twice(demo, seed):
    from itaku.contracts.demo import current_title, load_demo
    from itaku.contracts.models import Contract

    approved_seed = ConsentRequest.objects.get(contract=seed, kind="subcontract", state=ConsentState.APPROVED)
    assert approved_seed.decided_on.year == 2023 and approved_seed.decided_by.username == "officer"
    assert approved_seed.letter is not None and approved_seed.subject.is_sample
    assert Subcontractor.objects.get(contract=seed).organisation.name == "株式会社サンプル制作（サンプル）"
    current = Contract.objects.get(title=current_title(dt.date.today()))
    assert ConsentRequest.objects.get(contract=current).state == ConsentState.SUBMITTED
    counts = (ConsentRequest.objects.count(), Subcontractor.objects.count(), Organisation.objects.count(),
              Event.objects.count())
    load_demo()
    assert counts == (ConsentRequest.objects.count(), Subcontractor.objects.count(), Organisation.objects.count(),
                      Event.objects.count())


def _current():
    # This year's contract is in progress (the seed's has been paid, which no termination can follow).
    return Contract.objects.get(title__startswith="ひきこもり支援Web広告業務（")


def _terminate(demo, contract):
    contract_terminate(actor=demo["officer"], contract=contract, grounds=["K-14-1-2"],
                       facts="仕様書に反する請求があった。", terminated_on=contract.signed_on,
                       penalty_due_on=contract.signed_on + dt.timedelta(days=30))


@pytest.mark.clause("K-14")
@pytest.mark.clause("K-5")
@pytest.mark.clause("K-6")
def test_a_termination_recorded_meanwhile_is_seen_on_the_locked_row(demo, maker, assignee):
    """Each service reads the contract's state from the row it locks, not from the object it was given:
    a request read before a termination is refused after it."""
    org, user = assignee
    current = _current()
    subcontract = approved(demo, current, maker, scope="終了前に承諾")
    pending = submit(demo, current, maker, scope="終了前に申請")
    assignment = consent_decide(actor=demo["officer"], approve=True, consent=consent_submit(
        actor=demo["rep"], contract=current, kind="assignment", statement=assignment_statement(org, user)))
    stale = Contract.objects.get(pk=current.pk)  # read before the termination
    _terminate(demo, current)
    pending.contract = stale
    calls = [
        lambda: submit(demo, stale, maker),
        lambda: consent_decide(actor=demo["officer"], consent=pending, approve=True),
        lambda: subcontractor_attach(actor=demo["rep"], contract=stale, organisation=maker, consent=subcontract),
        lambda: contract_assign(actor=demo["rep"], contract=stale, assignee=org, consent=assignment),
    ]
    for call in calls:
        with pytest.raises(ClauseViolation) as exc:
            call()
        assert exc.value.clause == "K-14" and exc.value.code == "contract_terminated"
    assert not Subcontractor.objects.filter(contract=current).exists()
    current.refresh_from_db()
    assert current.contractor != org and ConsentRequest.objects.get(pk=pending.pk).state == ConsentState.SUBMITTED


@pytest.mark.clause("K-14")
@pytest.mark.clause("K-5")
@pytest.mark.clause("K-6")
def test_each_service_locks_the_contract_row_before_anything_else(demo, seed, maker, assignee, monkeypatch):
    """The contract is the first row each service locks (a termination locks it too), so the state it
    checks cannot change before it writes; requests are locked after it, in one order everywhere."""
    from django.db.models.query import QuerySet

    org, user = assignee
    locks = []
    original = QuerySet.select_for_update

    def spy(self, *args, **kwargs):
        locks.append(self.model)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(QuerySet, "select_for_update", spy)

    def first_lock(call):
        locks.clear()
        result = call()
        assert locks and locks[0] is Contract, locks
        return result

    subcontract = first_lock(lambda: submit(demo, seed, maker))
    subcontract = first_lock(lambda: consent_decide(actor=demo["officer"], consent=subcontract, approve=True,
                                                    on=dt.date(2023, 6, 25)))
    first_lock(lambda: subcontractor_attach(actor=demo["rep"], contract=seed, organisation=maker,
                                            consent=subcontract))
    assignment = first_lock(lambda: consent_submit(actor=demo["rep"], contract=seed, kind="assignment",
                                                   statement=assignment_statement(org, user)))
    assignment = first_lock(lambda: consent_decide(actor=demo["officer"], consent=assignment, approve=True))
    first_lock(lambda: contract_assign(actor=demo["rep"], contract=seed, assignee=org, consent=assignment))
