"""Writes on the rate tables and on a contract's late-payment rate, each journaled in the same
transaction."""

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from itaku.core.exceptions import ClauseViolation, PermissionRefused
from itaku.core.money import percent_text
from itaku.journal.services import journal_append

from .calculator import check_percent
from .models import Rate
from .selectors import CLAUSE, is_contract_officer


@transaction.atomic
def rate_save(*, actor, rate: Rate) -> Rate:
    """Create or change a row of a rate table (K-12: 告示991号; K-13: 民法404条). Only an administrator
    (staff) does it, and a confirmed rate needs its percent and the reference of the 告示 that sets it."""
    if actor is None or not actor.is_authenticated or not actor.is_staff:
        raise PermissionRefused(_("利率を登録・変更できるのは管理者です。"))
    clause = CLAUSE.get(rate.kind, "K-12")
    rate.source = (rate.source or "").strip()
    if not rate.source:
        raise ClauseViolation(_("根拠となる告示等（例：財務省告示第49号（令和3年））を入力してください。"),
                              code="rate_source_missing", clause=clause, field="source")
    if rate.percent is not None and (rate.percent < 0 or rate.percent > Decimal("100")):
        raise ClauseViolation(_("年利は0%以上100%以下で入力してください。"), code="rate_percent_range",
                              clause=clause, field="percent")
    if rate.confirmed and rate.percent is None:
        raise ClauseViolation(_("確認済みにするには、告示で定められた年利を入力してください。"),
                              code="rate_percent_missing", clause=clause, field="percent")
    created = rate.pk is None
    previous = None if created else Rate.objects.filter(pk=rate.pk).values("percent", "confirmed", "source").first()
    rate.full_clean()
    rate.save()
    journal_append(
        actor=actor, action="rates.rate.saved", clause=clause, obj=rate,
        data={"kind": rate.kind, "effective_from": rate.effective_from,
              "percent": None if rate.percent is None else percent_text(rate.percent),
              "confirmed": rate.confirmed, "source": rate.source, "note": rate.note, "created": created,
              "previous": None if previous is None else {
                  "percent": None if previous["percent"] is None else percent_text(previous["percent"]),
                  "confirmed": previous["confirmed"], "source": previous["source"]}},
    )
    return rate


@transaction.atomic
def contract_rate_set(*, actor, contract, percent, basis: str = ""):
    """Record the late-payment rate the contract states (K-12), or clear it (``percent`` None) so that
    the 告示's rate in force on the signing date applies. Only the contract's officers."""
    if not is_contract_officer(actor, contract):
        raise PermissionRefused(_("契約で定めた遅延利息の率を登録できるのは、この契約の契約担当者です。"),
                                clause="K-12")
    from itaku.contracts.choices import ContractState
    from itaku.contracts.models import Contract, Payment

    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    if contract.state == ContractState.CLOSED:
        raise ClauseViolation(_("この契約は完結しているため、新たな手続はできません。"), code="contract_closed",
                              clause="K-14")
    # K-12: the rate is fixed for the contract's life; once interest has been computed with it, it stays.
    if Payment.objects.filter(contract=contract, late_amount__gt=0).exists():  # paid late: interest computed
        raise ClauseViolation(_("この契約の率で遅延利息を計算した支払があるため、率は変更できません。"),
                              code="rate_in_use", clause="K-12")
    basis = (basis or "").strip()
    if percent in (None, ""):
        if basis:
            raise ClauseViolation(_("率を入力しないときは根拠も空欄にしてください（表の率に戻します）。"),
                                  code="rate_basis_without_percent", clause="K-12", field="basis")
        value = None
    else:
        value = check_percent(percent, clause="K-12", field="percent")
        if not basis:
            raise ClauseViolation(_("契約で率を定めた根拠（例：契約書第12条第2項）を入力してください。"),
                                  code="rate_basis_missing", clause="K-12", field="basis")
        if len(basis) > 200:
            raise ClauseViolation(_("根拠は200文字以内で入力してください。"), code="rate_basis_too_long",
                                  clause="K-12", field="basis")
    previous = contract.late_payment_percent
    contract.late_payment_percent = value
    contract.late_payment_rate_basis = basis
    contract.save(update_fields=["late_payment_percent", "late_payment_rate_basis"])
    journal_append(
        actor=actor, action="rates.contract_rate.set", contract=contract, clause="K-12", obj=contract,
        data={"percent": None if value is None else percent_text(value), "basis": basis,
              "previous": None if previous is None else percent_text(previous)},
    )
    return contract

