"""A consent request awaiting its decision is work for the decider, with how long it has waited (K-6)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from itaku.consents.models import ConsentRequest, ConsentState
from itaku.consents.services import consent_decide, consent_submit
from itaku.consents.tests.conftest import assignment_statement
from itaku.obligations.tests.work_helpers import items, one, opens_form, refused


@pytest.fixture
def waiting(demo):
    """The demo's subcontract request awaiting the officer's decision."""
    return ConsentRequest.objects.select_related("contract").get(state=ConsentState.SUBMITTED)


@pytest.mark.clause("K-6")
def test_a_consent_awaiting_decision_waits_for_the_officer_since_its_request(client, demo, waiting):
    contract = waiting.contract
    item = one(demo["officer"], contract, "consents.decide")
    days = (timezone.localdate() - waiting.submitted_on).days
    assert item.mine and item.clause == "K-6" and item.due_on is None and item.since == waiting.submitted_on
    assert item.full_label == f"承諾の可否を決定する（申請から{days}日）"
    assert item.url == reverse("consents:detail", args=[contract.pk, waiting.pk]) + "#decision-title"
    opens_form(client, demo["officer"], item.url, reverse("consents:decide", args=[contract.pk, waiting.pk]))
    # The contractor waits for it; the other contractor and the inspector (no decision of theirs) see it as
    # someone else's; the other contractor does not see it at all.
    theirs = one(demo["rep"], contract, "consents.decide")
    assert not theirs.mine and theirs.waiting_for == "甲・契約担当"
    assert not one(demo["inspector"], contract, "consents.decide").mine
    assert items(demo["outsider"], kind="consents.decide") == []


@pytest.mark.clause("K-6")
def test_after_the_decision_the_representative_registers_the_subcontractor_then_nothing_waits(client, demo, waiting):
    contract = waiting.contract
    consent_decide(actor=demo["officer"], consent=waiting, approve=True, on=timezone.localdate())
    assert items(demo["officer"], contract, kind="consents.decide") == []
    effect = one(demo["rep"], contract, "consents.effect")
    assert effect.mine and effect.label == "再委託先として登録する" and effect.since == timezone.localdate()
    html = opens_form(client, demo["rep"], effect.url, reverse("consents:effect", args=[contract.pk, waiting.pk]))
    assert "再委託先として登録する" in html
    assert not one(demo["officer"], contract, "consents.effect").mine
    assert refused(client, demo["outsider"], effect.url) == 404


@pytest.mark.clause("K-6")
def test_a_refused_request_waits_for_nobody(demo, waiting):
    consent_decide(actor=demo["officer"], consent=waiting, approve=False, reasons="体制が不十分",
                   on=timezone.localdate())
    assert items(demo["officer"], waiting.contract, kind="consents.decide") == []
    assert items(demo["rep"], waiting.contract, kind="consents.effect") == []


@pytest.mark.clause("K-5")
def test_an_assignment_waits_for_the_officers_decision_then_for_the_representative_to_carry_it_out(
        demo, seed, assignee):
    org, user = assignee
    consent = consent_submit(actor=demo["rep"], contract=seed, kind="assignment",
                             statement=assignment_statement(org, user), on=timezone.localdate())
    item = [i for i in items(demo["officer"], seed, kind="consents.decide") if i.source_id == consent.pk]
    assert len(item) == 1 and item[0].mine and item[0].clause == "K-5" and item[0].detail == "権利義務の譲渡"
    assert item[0].full_label == "承諾の可否を決定する（申請から0日）"
    consent_decide(actor=demo["officer"], consent=consent, approve=True, on=timezone.localdate())
    effect = [i for i in items(demo["rep"], seed, kind="consents.effect") if i.source_id == consent.pk]
    assert len(effect) == 1 and effect[0].mine and effect[0].label == "契約上の地位を譲受人に移す"
    assert effect[0].clause == "K-5"
