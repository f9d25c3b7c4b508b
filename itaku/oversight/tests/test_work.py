"""A request awaiting its response, and a response awaiting the officer's review, are work (K-10)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from itaku.accounts.choices import Role
from itaku.contracts.choices import ContractState
from itaku.contracts.models import Contract
from itaku.core.wareki import to_wareki
from itaku.obligations.models import Obligation
from itaku.obligations.tests.work_helpers import items, one, opens_form, refused
from itaku.oversight.choices import RESPONSE_KIND
from itaku.oversight.services import oversight_request_accept, oversight_request_issue, oversight_response_submit
from itaku.oversight.work import REVIEW_KIND


@pytest.fixture
def current(demo):
    return Contract.objects.get(state=ContractState.ACTIVE, contractor=demo["rep"].organisation)


def _issue(demo, contract, role=Role.REPRESENTATIVE):
    today = timezone.localdate()
    return oversight_request_issue(actor=demo["officer"], contract=contract, kind="report", subject="作業の進捗",
                                   body="進捗を報告してください。", addressed_role=role, issued_on=today,
                                   due_on=today + dt.timedelta(days=7))


@pytest.mark.clause("K-10")
def test_the_response_waits_for_the_addressed_role_once_with_its_due_date(client, demo, current):
    request = _issue(demo, current, role=Role.SECURITY_OFFICER)
    found = [i for i in items(demo["security"], current, kind=RESPONSE_KIND) if i.source_id == request.pk]
    assert len(found) == 1  # the request and its obligation are one item
    item = found[0]
    obligation = Obligation.objects.get(kind=RESPONSE_KIND, source_id=request.pk)
    assert item.mine and item.obligation_id == obligation.pk and item.due_on == request.due_on
    assert item.full_label == f"回答する（期限 {to_wareki(request.due_on)}）" and item.clause == "K-10"
    assert item.url == reverse("oversight:request_detail", args=[current.pk, request.pk]) + "#respond"
    opens_form(client, demo["security"], item.url, reverse("oversight:request_respond", args=[current.pk, request.pk]))
    officer = [i for i in items(demo["officer"], current, kind=RESPONSE_KIND) if i.source_id == request.pk]
    assert [i.mine for i in officer] == [False] and officer[0].waiting_for == "乙・セキュリティ責任者"
    assert items(demo["outsider"], current) == []


@pytest.mark.clause("K-10")
def test_a_response_waits_for_the_officers_review_without_deadline(client, demo, current):
    request = _issue(demo, current)
    oversight_response_submit(actor=demo["rep"], request=request, body="順調です。", responded_on=timezone.localdate())
    assert [i for i in items(demo["rep"], current, kind=RESPONSE_KIND) if i.source_id == request.pk] == []
    review = [i for i in items(demo["officer"], current, kind=REVIEW_KIND) if i.source_id == request.pk]
    assert len(review) == 1
    item = review[0]
    assert item.mine and item.due_on is None and item.since == timezone.localdate()
    assert item.full_label == "回答を確認する（回答から0日）"
    opens_form(client, demo["officer"], item.url, reverse("oversight:request_accept", args=[current.pk, request.pk]))
    assert not one(demo["rep"], current, REVIEW_KIND).mine
    assert refused(client, demo["outsider"], item.url) == 404
    oversight_request_accept(actor=demo["officer"], request=request, on=timezone.localdate())
    assert items(demo["officer"], current, kind=REVIEW_KIND) == []
