"""The calculations as people ask for them: checks the input (refusing with the clause), chooses the
rate, and returns the working. The command ``itaku calc``, the calculator page and the API all call
these, so the three give the same answer with the same working."""

import datetime as dt
import unicodedata
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils.translation import gettext as _

from itaku.core import hygiene
from itaku.core.exceptions import ClauseViolation
from itaku.core.hygiene import InputRefused, parse_integer
from itaku.core.money import TAX_ROUNDING, Working, tax_included
from itaku.core.wareki import to_wareki

from .calculations import late_completion_penalty, late_payment_interest
from .selectors import AppliedRate, late_payment_rate_on, statutory_rate_on

MAX_YEN = 10**12  # as a contract's amount (K-3): one trillion yen
# The highest rate a contract may state: the 14.6% per year that public bodies charge on arrears.
MAX_PERCENT = Decimal("14.6")
EARLIEST_DATE = dt.date(1989, 1, 8)  # 平成元年1月8日
LATEST_DATE = dt.date(2199, 12, 31)
KINDS = ("tax", "interest", "penalty")


def check_amount(amount, *, clause: str, field: str = "amount") -> int:
    """A whole number of yen from 0 to one trillion."""
    if isinstance(amount, str):
        try:
            amount = parse_integer(amount, low=0, high=MAX_YEN)  # NFKC: "１２３" is 123; no 5,000-digit int()
        except InputRefused:
            amount = None
    if not isinstance(amount, int) or isinstance(amount, bool) or not 0 <= amount <= MAX_YEN:
        raise ClauseViolation(_("金額は0円以上1兆円以下の整数（円）で入力してください。"),
                              code="invalid_amount", clause=clause, field=field)
    return amount


def check_date(day, *, clause: str, field: str) -> dt.date:
    try:  # outside the dates the system handles at all: the code every input uses
        hygiene.refuse_far_date_text(day)
        hygiene.check_date_range(day)
    except InputRefused as exc:
        raise ClauseViolation(exc.message, code=exc.code, clause=clause, field=field) from exc
    if isinstance(day, str):
        try:
            day = dt.date.fromisoformat(unicodedata.normalize("NFKC", day).strip())
        except ValueError:
            day = None
        try:
            hygiene.check_date_range(day)
        except InputRefused as exc:
            raise ClauseViolation(exc.message, code=exc.code, clause=clause, field=field) from exc
    if not isinstance(day, dt.date) or not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ClauseViolation(_("日付は平成元年1月8日から2199年12月31日までの間で入力してください（例 2024-04-30）。"),
                              code="invalid_date", clause=clause, field=field)
    return day


def check_percent(percent, *, clause: str, field: str = "rate") -> Decimal:
    """A rate a contract may state: from 0 to 14.6 percent a year, at most three decimals."""
    try:
        value = Decimal(unicodedata.normalize("NFKC", str(percent)).strip())
    except (InvalidOperation, ValueError):
        value = None
    if value is None or not value.is_finite() or not 0 <= value <= MAX_PERCENT or value != value.quantize(
            Decimal("0.001")):
        raise ClauseViolation(_("率は年0%以上14.6%以下（小数点以下3桁まで）で入力してください。"),
                              code="invalid_rate", clause=clause, field=field)
    return value


def calc_tax(*, amount, rounding: str | None = None) -> Working:
    """The consumption tax inside a tax-inclusive amount (K-3)."""
    amount = check_amount(amount, clause="K-3")
    rounding = rounding or settings.ITAKU_TAX_ROUNDING
    if rounding not in TAX_ROUNDING:
        raise ClauseViolation(_("端数処理は down・half_up・up のいずれかにしてください。"),
                              code="invalid_rounding", clause="K-3", field="rounding")
    return tax_included(amount, rounding=rounding)


def interest_rate(*, due_on: dt.date, signed_on: dt.date | None = None, percent=None,
                  basis: str = "") -> AppliedRate:
    """The rate of a late-payment interest (K-12): the contract's own, or the 告示's in force on the
    signing date (fixed at signing), or, when neither is known, the 告示's in force on the due date."""
    if percent not in (None, ""):
        value = check_percent(percent, clause="K-12")
        return AppliedRate(percent=value, source=basis or _("契約書の定め"), reason=_("契約で定めた率"))
    if signed_on is not None:
        signed_on = check_date(signed_on, clause="K-12", field="signed")
        return late_payment_rate_on(
            signed_on, reason=_("契約締結日（%(day)s）に適用される率（締結時の率が契約の終わりまで適用される）")
            % {"day": to_wareki(signed_on)})
    return late_payment_rate_on(
        due_on, reason=_("契約締結日が指定されていないため、支払期限（%(day)s）に適用される率")
        % {"day": to_wareki(due_on)})


def calc_interest(*, amount, due_on, paid_on, signed_on=None, percent=None, basis: str = "") -> Working:
    """Late-payment interest (K-12) on ``amount`` unpaid from ``due_on`` until ``paid_on``."""
    amount = check_amount(amount, clause="K-12")
    due_on = check_date(due_on, clause="K-12", field="due")
    paid_on = check_date(paid_on, clause="K-12", field="paid")
    if signed_on not in (None, "") and percent not in (None, ""):
        raise ClauseViolation(_("契約締結日と契約で定めた率は、どちらか一方だけを指定してください。"),
                              code="rate_conflict", clause="K-12", field="rate")
    rate = interest_rate(due_on=due_on, signed_on=signed_on or None, percent=percent, basis=basis)
    return late_payment_interest(amount=amount, due_on=due_on, paid_on=paid_on, rate=rate)


def penalty_rate(*, ends_on: dt.date, percent=None, basis: str = "") -> AppliedRate:
    """The rate of a late-completion penalty (K-13): the contract's, or the statutory rate in force on
    the day the delay began (民法404条1項), the day after the end date."""
    if percent not in (None, ""):
        value = check_percent(percent, clause="K-13")
        return AppliedRate(percent=value, source=basis or _("契約書の定め"), reason=_("契約で定めた率"))
    return statutory_rate_on(ends_on + dt.timedelta(days=1))


def calc_penalty(*, amount, ends_on, completed_on, percent=None, basis: str = "",
                 unperformed: bool = False) -> Working:
    """Late-completion penalty (K-13) on ``amount`` (the contract amount, or the unperformed part)."""
    amount = check_amount(amount, clause="K-13")
    ends_on = check_date(ends_on, clause="K-13", field="end")
    completed_on = check_date(completed_on, clause="K-13", field="completed")
    rate = penalty_rate(ends_on=ends_on, percent=percent, basis=basis)
    base = "未履行部分に相当する額" if unperformed else "契約額"
    return late_completion_penalty(amount=amount, ends_on=ends_on, completed_on=completed_on, rate=rate, base=base)
