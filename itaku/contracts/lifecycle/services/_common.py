"""Checks and reads shared by the services of completion, billing, penalty and closing."""

import datetime as dt

from django.db.models import QuerySet, Sum
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


def deduction_totals(contracts) -> dict[int, tuple[int, int]]:
    """What is deducted from the payment, by contract, for many contracts in one query: the late penalties set
    off (K-13) and the price reductions recorded for breaches of the annexes (P-13, S-14), as
    ``{contract_id: (set_off, reduction)}``; contracts with neither are left out."""
    from django.apps import apps
    from django.db.models import IntegerField, OuterRef, Subquery, Value
    from django.db.models.functions import Coalesce

    Breach = apps.get_model("incidents", "Breach")
    ids = contracts if isinstance(contracts, QuerySet) else [getattr(c, "pk", c) for c in contracts]

    def _sum(qs, field):
        return Coalesce(Subquery(qs.filter(contract=OuterRef("pk")).order_by().values("contract")
                                 .annotate(t=Sum(field)).values("t")[:1], output_field=IntegerField()), Value(0))

    rows = (Contract.objects.filter(pk__in=ids).order_by()
            .annotate(set_off=_sum(LatePenalty.objects.filter(settlement=Settlement.SET_OFF), "result"),
                      reduction=_sum(Breach.objects.filter(remedy="price_reduction"), "amount"))
            .values_list("pk", "set_off", "reduction"))
    return {pk: (s, r) for pk, s, r in rows if s or r}


def set_off_totals(contracts) -> dict[int, int]:
    """What is deducted from the payment, by contract, in one query: penalties set off (K-13) plus price
    reductions (P-13, S-14)."""
    return {pk: s + r for pk, (s, r) in deduction_totals(contracts).items()}


def set_off_total(contract) -> int:
    """What is deducted from the payment: penalties set off (K-13) and price reductions (P-13, S-14)."""
    return set_off_totals([contract.pk]).get(contract.pk, 0)


def deductions_working(contract) -> dict | None:
    """The working of what is left of the contract amount after the deductions (K-13 set-off, P-13/S-14 price
    reduction), or None when nothing is deducted."""
    set_off, reduction = deduction_totals([contract.pk]).get(contract.pk, (0, 0))
    if not (set_off or reduction):
        return None
    owed = amount_to_invoice(contract.amount, set_off + reduction)
    steps = [{"label": _("契約額"), "value": f"{contract.amount:,}円"}]
    if set_off:
        steps.append({"label": _("延滞違約金の相殺（K-13）"), "value": f"− {set_off:,}円"})
    if reduction:
        steps.append({"label": _("履行代金の減額（P-13・S-14）"), "value": f"− {reduction:,}円"})
    steps.append({"label": _("支払うべき額"), "value": f"{owed:,}円"})
    return {"amount": contract.amount, "set_off": set_off, "reduction": reduction, "owed": owed, "steps": steps,
            "text": " ".join(s["value"] for s in steps[:-1]) + f" ＝ {owed:,}円"}


def amount_to_invoice(amount: int, set_off: int) -> int:
    """What the contractor invoices once the work has passed (K-12): the contract amount ``amount`` less what is
    already deducted from it: penalties set off (K-13) and price reductions (P-13, S-14)."""
    return max(amount - set_off, 0)


def invoice_payable(invoice: Invoice) -> int:
    """What the invoice leaves to pay: its amount, but never more than the contract amount less the penalties
    set off (K-13) and the price reductions (P-13, S-14) (an invoice may be made out for the contract amount, or
    already for the amount after them), less what was paid."""
    paid = invoice.payments.aggregate(total=Sum("amount"))["total"] or 0
    owed = amount_to_invoice(invoice.contract.amount, set_off_total(invoice.contract))
    return max(min(invoice.amount, owed) - paid, 0)
