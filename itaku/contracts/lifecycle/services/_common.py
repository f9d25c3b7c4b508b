"""Checks and reads shared by the services of completion, billing, penalty and closing."""

import datetime as dt

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from itaku.accounts.models import Membership
from itaku.core.exceptions import ClauseViolation, PermissionRefused
from itaku.core.wareki import to_wareki

from ...models import Contract
from ...models.lifecycle import Inspection, InspectionResult, Invoice, LatePenalty, Settlement


def roles_of(actor, contract) -> set[str]:
    if actor is None or not actor.is_authenticated:
        return set()
    return set(Membership.objects.filter(contract=contract, user=actor).values_list("role", flat=True))


def _require_role(actor, contract, roles, message) -> None:
    if not roles_of(actor, contract) & set(roles):
        raise PermissionRefused(message)


def _lock(contract) -> Contract:
    """The contract row, locked for the rest of the transaction: two moves cannot cross."""
    return Contract.objects.select_for_update().get(pk=contract.pk)


def _check_day(day, *, field: str, clause: str, not_before: dt.date | None = None, before_text: str = "") -> None:
    if not isinstance(day, dt.date):
        raise ClauseViolation(_("日付を入力してください。"), code="date_missing", clause=clause, field=field)
    if day > timezone.localdate():
        raise ClauseViolation(_("将来の日付は記録できません。"), code="date_in_future", clause=clause, field=field)
    if not_before is not None and day < not_before:
        raise ClauseViolation(
            _("%(field)s は %(day)s（%(what)s）以後の日付にしてください。")
            % {"field": to_wareki(day), "day": to_wareki(not_before), "what": before_text},
            code="date_too_early", clause=clause, field=field,
        )


def _check_yen(value, *, field: str, clause: str, maximum: int, max_text: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise ClauseViolation(_("金額は1円以上の整数（円）で入力してください。"), code="invalid_amount",
                              clause=clause, field=field)
    if value > maximum:
        raise ClauseViolation(
            _("金額は%(what)s（%(max)s円）以下にしてください。") % {"what": max_text, "max": f"{maximum:,}"},
            code="amount_too_large", clause=clause, field=field,
        )
    return value


def _text(value, *, field: str, clause: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ClauseViolation(message, code=f"{field}_missing", clause=clause, field=field)
    return value


def passed_inspection(contract) -> Inspection | None:
    """The passed inspection of the whole work (not of a part), if any."""
    return (Inspection.objects.filter(contract=contract, result=InspectionResult.PASSED, report__partial=False)
            .select_related("report").order_by("-inspected_on", "-id").first())


def set_off_totals(contracts) -> dict[int, int]:
    """Penalties set off against the payment (K-13), by contract, for many contracts in one query."""
    rows = (LatePenalty.objects.filter(contract__in=contracts, settlement=Settlement.SET_OFF)
            .values("contract_id").annotate(total=Sum("result")).values_list("contract_id", "total"))
    return dict(rows)


def set_off_total(contract) -> int:
    """Penalties set off against the payment (K-13): they reduce what is paid."""
    return set_off_totals([contract.pk]).get(contract.pk, 0)


def amount_to_invoice(amount: int, set_off: int) -> int:
    """What the contractor invoices once the work has passed (K-12): the contract amount ``amount`` less the
    penalties already set off against it (K-13)."""
    return max(amount - set_off, 0)


def invoice_payable(invoice: Invoice) -> int:
    """What the invoice leaves to pay: its amount, but never more than the contract amount less the penalties
    set off (K-13) (an invoice may be made out for the contract amount, or already for the amount after the
    set-off), less what was paid."""
    paid = invoice.payments.aggregate(total=Sum("amount"))["total"] or 0
    owed = amount_to_invoice(invoice.contract.amount, set_off_total(invoice.contract))
    return max(min(invoice.amount, owed) - paid, 0)
