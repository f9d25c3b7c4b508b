"""Reads of consultations and requests, scoped by the actor through the contracts they may see."""

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, CharField, Exists, F, OuterRef, Prefetch, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from itaku.accounts.models import User
from itaku.contracts.selectors import contracts_visible_to
from itaku.obligations.models import Obligation, ObligationState

from .choices import OVERDUE, RESPONSE_KIND
from .models import Consultation, ConsultationDocument, OversightRequest, OversightResponse, ResponseFile


def consultations_visible_to(actor) -> QuerySet[Consultation]:
    return Consultation.objects.filter(contract__in=contracts_visible_to(actor))


def consultation_list(actor, *, contract=None, clause: str = "") -> QuerySet[Consultation]:
    qs = consultations_visible_to(actor).select_related("contract", "recorded_by").prefetch_related(
        "documents", Prefetch("participant_users", queryset=User.objects.order_by("username")))
    if contract is not None:
        qs = qs.filter(contract=contract)
    if clause:
        qs = qs.filter(clause_id=clause)
    return qs.order_by("-held_on", "-id")


def consultation_get(actor, pk, *, contract_pk=None) -> Consultation:
    qs = consultation_list(actor)
    if contract_pk is not None:
        qs = qs.filter(contract_id=contract_pk)
    consultation = qs.filter(pk=pk).first()
    if consultation is None:
        raise Http404
    return consultation


def consultation_document_get(actor, pk, *, consultation_pk, contract_pk=None) -> ConsultationDocument:
    qs = ConsultationDocument.objects.filter(consultation__in=consultations_visible_to(actor),
                                             consultation_id=consultation_pk, pk=pk)
    if contract_pk is not None:
        qs = qs.filter(consultation__contract_id=contract_pk)
    document = qs.first()
    if document is None:
        raise Http404
    return document


def with_status(qs: QuerySet[OversightRequest], today: dt.date | None = None) -> QuerySet[OversightRequest]:
    """Annotate ``status``: ``overdue`` while the response obligation is open past its due date (as the
    obligations show it), else the request's state."""
    today = today or timezone.localdate()
    late = Obligation.objects.filter(
        source_type=ContentType.objects.get_for_model(OversightRequest), source_id=OuterRef("pk"),
        kind=RESPONSE_KIND, state=ObligationState.OPEN, due_on__lt=today,
    )
    return qs.annotate(status=Case(When(Exists(late), then=Value(OVERDUE)), default=F("state"),
                                   output_field=CharField()))


def requests_visible_to(actor, today: dt.date | None = None) -> QuerySet[OversightRequest]:
    qs = OversightRequest.objects.filter(contract__in=contracts_visible_to(actor))
    return with_status(qs, today)


def request_list(actor, *, contract=None, clause: str = "", state: str = "", overdue: bool | None = None,
                 today: dt.date | None = None) -> QuerySet[OversightRequest]:
    """The requests ``actor`` may see: open ones first by due date, then the others, newest first.
    ``state`` may be a state or ``overdue``."""
    qs = requests_visible_to(actor, today).select_related("contract", "issued_by")
    if contract is not None:
        qs = qs.filter(contract=contract)
    if clause:
        qs = qs.filter(clause_id=clause)
    if state:
        qs = qs.filter(status=state)
    if overdue is True:
        qs = qs.filter(status=OVERDUE)
    elif overdue is False:
        qs = qs.exclude(status=OVERDUE)
    return qs.order_by(Case(When(state__in=["open", "answered"], then=Value(0)), default=Value(1)),
                       "due_on", "-id")


def request_get(actor, pk, *, contract_pk=None, today: dt.date | None = None) -> OversightRequest:
    qs = requests_visible_to(actor, today).select_related("contract", "issued_by", "closed_by").prefetch_related(
        Prefetch("responses", queryset=OversightResponse.objects.select_related("responded_by", "reviewed_by")
                 .prefetch_related("files").order_by("responded_on", "id")))
    if contract_pk is not None:
        qs = qs.filter(contract_id=contract_pk)
    request = qs.filter(pk=pk).first()
    if request is None:
        raise Http404
    return request


def response_file_get(actor, pk, *, request_pk, contract_pk=None) -> ResponseFile:
    qs = ResponseFile.objects.filter(response__request__contract__in=contracts_visible_to(actor),
                                     response__request_id=request_pk, pk=pk)
    if contract_pk is not None:
        qs = qs.filter(response__request__contract_id=contract_pk)
    item = qs.first()
    if item is None:
        raise Http404
    return item


def contract_members(contract) -> QuerySet[User]:
    """The users who take part in ``contract`` (those a consultation may name as participants)."""
    return User.objects.filter(memberships__contract=contract).distinct().select_related("organisation") \
        .order_by("organisation__kind", "username")


def members_named(contract, usernames, *, clause: str) -> list:
    """The contract's members with these user names. A name that is not a member's is refused with the
    same message whether or not such a user exists elsewhere, so names cannot be probed."""
    from django.utils.translation import gettext as _

    from itaku.accounts.models import User
    from itaku.core.exceptions import ClauseViolation

    names = list(dict.fromkeys(usernames))
    users = {u.username: u for u in User.objects.filter(username__in=names, memberships__contract=contract).distinct()}
    for name in names:
        if name not in users:
            raise ClauseViolation(_("%(name)s はこの契約の関係者ではありません。") % {"name": name},
                                  code="participant_not_member", clause=clause, field="participant_users")
    return [users[name] for name in names]
