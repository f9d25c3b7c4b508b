"""Which rate applies: reads of the rate tables."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from itaku.accounts.choices import Role
from itaku.core.exceptions import ClauseViolation
from itaku.core.money import percent_text
from itaku.core.wareki import to_wareki

from .models import Rate, RateKind

CLAUSE = {RateKind.LATE_PAYMENT: "K-12", RateKind.STATUTORY: "K-13"}


@dataclass(frozen=True)
class AppliedRate:
    """A rate as a calculation uses it, with where it comes from and why it applies."""

    percent: Decimal
    source: str
    reason: str
    effective_from: dt.date | None = None

    def as_dict(self) -> dict:
        return {"percent": percent_text(self.percent), "source": self.source, "reason": self.reason,
                "effective_from": self.effective_from.isoformat() if self.effective_from else None}


def rate_rows(kind: str):
    return Rate.objects.filter(kind=kind).order_by("effective_from")


def rate_list(*, kind: str = ""):
    """Every rate row (of ``kind``, if given), oldest first within each kind. The tables are public law:
    anyone logged in reads them all."""
    qs = Rate.objects.all()
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("kind", "effective_from")


def rate_tables() -> list[tuple[str, str, list]]:
    """Both tables for the rates page: (kind, label, rows with their end dates), in one query."""
    rows = list(rate_list())
    tables = []
    for kind in (RateKind.LATE_PAYMENT, RateKind.STATUTORY):
        mine = [r for r in rows if r.kind == kind]
        for row, nxt in zip(mine, mine[1:] + [None], strict=True):
            row.effective_to = nxt.effective_from - dt.timedelta(days=1) if nxt else None
        tables.append((kind, RateKind(kind).label, mine))
    return tables


def rate_on(kind: str, day: dt.date, *, reason: str) -> AppliedRate:
    """The rate of ``kind`` in force on ``day``; refused when there is none or it is not confirmed."""
    row = Rate.objects.filter(kind=kind, effective_from__lte=day).order_by("-effective_from").first()
    if row is None:
        raise ClauseViolation(
            _("%(day)s に適用される利率が登録されていません。") % {"day": to_wareki(day)},
            code="rate_missing", clause=CLAUSE[kind],
        )
    if row.percent is None or not row.confirmed:
        raise ClauseViolation(
            _("%(day)s に適用される利率（%(source)s）は未確認です。管理者が告示を確認して率を登録してください。")
            % {"day": to_wareki(day), "source": row.source},
            code="rate_unconfirmed", clause=CLAUSE[kind],
        )
    return AppliedRate(percent=row.percent, source=row.source, reason=reason, effective_from=row.effective_from)


def late_payment_rate_on(day: dt.date, *, reason: str | None = None) -> AppliedRate:
    """The Finance Minister's rate (告示991号) in force on ``day`` (K-12)."""
    return rate_on(RateKind.LATE_PAYMENT, day,
                   reason=reason or _("%(day)s に適用される率") % {"day": to_wareki(day)})


def statutory_rate_on(day: dt.date) -> AppliedRate:
    """The statutory rate (民法404条) in force on ``day``: for a penalty, the day the delay began (K-13)."""
    return rate_on(RateKind.STATUTORY, day,
                   reason=_("遅延が生じた日（%(day)s）の法定利率（民法404条1項）") % {"day": to_wareki(day)})


def contract_late_payment_rate(contract) -> AppliedRate:
    """The late-payment rate of ``contract`` (K-12): the rate the contract states, if the officer entered
    one; otherwise the rate in force on the day the contract was concluded, fixed for its whole life."""
    if contract.late_payment_percent is not None:
        return AppliedRate(percent=contract.late_payment_percent,
                           source=contract.late_payment_rate_basis or _("契約書の定め"),
                           reason=_("契約で定めた率"))
    return late_payment_rate_on(
        contract.signed_on,
        reason=_("契約締結日（%(day)s）に適用される率") % {"day": to_wareki(contract.signed_on)},
    )


def is_contract_officer(actor, contract) -> bool:
    """Whether ``actor`` holds the officer role on ``contract`` (who may set its stated rate, K-12)."""
    from itaku.contracts.lifecycle.selectors import actor_roles

    return bool(actor.is_authenticated) and Role.OFFICER in actor_roles(actor, contract)


def rate_administrators(actor):
    """Whom ``actor`` asks to register a rate: the active staff of ``actor``'s own organisation who may change
    the rate tables in the admin site (through a group, their own permissions, or as superusers).
    Contractors' users get none: they ask the contract's officer."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    organisation = getattr(actor, "organisation", None)
    if organisation is None or not organisation.is_client:
        return get_user_model().objects.none()
    may_change = {"content_type__app_label": "rates", "codename": "change_rate"}
    return (get_user_model().objects
            .filter(is_active=True, is_staff=True, organisation=organisation)
            .filter(Q(is_superuser=True)
                    | Q(groups__permissions__in=_permissions(may_change))
                    | Q(user_permissions__in=_permissions(may_change)))
            .distinct().order_by("username"))


def _permissions(lookup: dict):
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(**lookup)
def calculator_contract(actor, pk):
    """The contract a calculation is about, read through the contracts' selector: 404 outside the
    actor's view."""
    from itaku.contracts.selectors import contract_get

    return contract_get(actor, pk)


def calculator_figures(contract, kind: str) -> dict:
    """The calculator's fields filled with ``contract``'s figures (a contract obtained through
    :func:`calculator_contract`), as query values: K-3 the contract amount; K-12 the last invoice's amount,
    its due date and its payment's date, and the contract's rate (the one it states, or the signing date
    that fixes it); K-13 the contract amount, the end date, the date of the completion that passed
    inspection."""
    from itaku.contracts.lifecycle.services.penalty import completion_that_passed
    from itaku.contracts.models.lifecycle import Invoice, InvoiceState, Payment

    figures: dict = {"amount": contract.amount}
    if kind == "interest":
        invoice = (Invoice.objects.filter(contract=contract).exclude(state=InvoiceState.RETURNED)
                   .order_by("-received_on", "-id").first())
        if invoice is not None:
            figures["amount"] = invoice.amount
            if invoice.due_on:
                figures["due"] = invoice.due_on.isoformat()
            payment = Payment.objects.filter(invoice=invoice).order_by("-paid_on", "-id").first()
            if payment is not None:
                figures["paid"] = payment.paid_on.isoformat()
        if contract.late_payment_percent is not None:
            figures["rate"] = contract.late_payment_percent
            figures["basis"] = contract.late_payment_rate_basis
        else:
            figures["signed"] = contract.signed_on.isoformat()
    elif kind == "penalty":
        figures["end"] = contract.ends_on.isoformat()
        report = completion_that_passed(contract)
        if report is not None:
            figures["completed"] = report.reported_on.isoformat()
    return figures
