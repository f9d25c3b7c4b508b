"""The calculations of money owed because of a delay. Pure functions: the same ones serve the pages,
the API, the command line and the calculation sheet, and each returns its working."""

import datetime as dt
from decimal import Decimal

from itaku.core.money import (
    Working,
    cut_to_100_yen,
    decimal_yen_text,
    penalty_minimum,
    percent_text,
    round_down_yen,
)
from itaku.core.wareki import to_wareki

from .selectors import AppliedRate

DAYS_IN_YEAR = 365  # 年利建て: a year counts 365 days, leap years included (facts.md).

INTEREST_ROUNDING = "100円未満切捨て・100円未満は支払わない（支払遅延防止法8条2項）"
PENALTY_ROUNDING = ("1円未満切捨て（国等の債権債務等の金額の端数計算に関する法律2条）・"
                    "100円未満は徴収しない（K-13ただし書）")


def _check_amount(amount) -> None:
    if not isinstance(amount, int) or isinstance(amount, bool) or amount < 0:
        raise ValueError("amount must be a non-negative integer number of yen")


def _delay(start: dt.date, end: dt.date) -> tuple[int, list[dict], str]:
    """The days from the day after ``start`` to ``end`` inclusive, that period, and how people read it."""
    days = max((end - start).days, 0)
    if not days:
        return 0, [], ""
    first = start + dt.timedelta(days=1)
    return days, [{"from": first.isoformat(), "to": end.isoformat(), "days": days}], \
        f"{to_wareki(first)}～{to_wareki(end)}（{days}日）"


def _rate_line(rate: AppliedRate) -> str:
    since = f"、{to_wareki(rate.effective_from)}から適用" if rate.effective_from else ""
    return f"年{percent_text(rate.percent)}%（{rate.reason}。根拠: {rate.source}{since}）"


def _formula(amount: int, rate: AppliedRate, days: int, exact: Decimal) -> str:
    return f"{amount:,} × {percent_text(rate.percent)}% × {days} / {DAYS_IN_YEAR} = {decimal_yen_text(exact)}円"


def late_payment_interest(*, amount: int, due_on: dt.date, paid_on: dt.date, rate: AppliedRate) -> Working:
    """Late-payment interest (K-12; 支払遅延防止法 8条).

    From the day after the due date to the day of payment, on the unpaid ``amount``, at ``rate`` per
    365 days; then cut to whole hundreds of yen, nothing under 100 yen (8条2項). The rate is one for
    the whole delay: the one in force when the contract was concluded (or the contract's own).
    """
    _check_amount(amount)
    days, periods, period_text = _delay(due_on, paid_on)
    for period in periods:
        period["percent"] = percent_text(rate.percent)
    exact = Decimal(amount) * rate.percent / 100 * days / DAYS_IN_YEAR
    working = Working("遅延利息 (K-12)", kind="interest", clause="K-12")
    working.inputs = [
        ("未支払金額", f"{amount:,}円"),
        ("支払期限", to_wareki(due_on)),
        ("支払日", to_wareki(paid_on)),
    ]
    working.values = {"amount": amount, "due_on": due_on.isoformat(), "paid_on": paid_on.isoformat()}
    working.steps = [
        ("遅延期間", period_text or "なし（支払期限までに支払われた）"),
        ("率", _rate_line(rate)),
        ("計算", _formula(amount, rate, days, exact)),
        ("端数処理", f"{INTEREST_ROUNDING}: {cut_to_100_yen(exact):,}円"),
    ]
    working.result = cut_to_100_yen(exact)
    working.days = days
    working.exact = exact
    working.rate = rate.as_dict()
    working.periods = periods
    working.rounding = INTEREST_ROUNDING
    return working


def late_completion_penalty(*, amount: int, ends_on: dt.date, completed_on: dt.date, rate: AppliedRate,
                            base: str = "契約額") -> Working:
    """Late-completion penalty (K-13).

    ``amount`` (the contract amount, or the unperformed part where the delay matters little: ``base``
    names which) × the statutory rate in force when the delay began × days late / 365; fractions of a
    yen cut off (端数計算法 2条); nothing under 100 yen.
    """
    _check_amount(amount)
    days, periods, period_text = _delay(ends_on, completed_on)
    for period in periods:
        period["percent"] = percent_text(rate.percent)
    exact = Decimal(amount) * rate.percent / 100 * days / DAYS_IN_YEAR
    yen = round_down_yen(exact)
    working = Working("延滞違約金 (K-13)", kind="penalty", clause="K-13")
    working.inputs = [
        (base, f"{amount:,}円"),
        ("履行期限", to_wareki(ends_on)),
        ("完了日", to_wareki(completed_on)),
    ]
    working.values = {"amount": amount, "base": base, "ends_on": ends_on.isoformat(),
                      "completed_on": completed_on.isoformat()}
    working.steps = [
        ("遅延期間", period_text or "なし（履行期限までに完了した）"),
        ("率", _rate_line(rate)),
        ("計算", _formula(amount, rate, days, exact)),
        ("端数処理", f"1円未満切捨て（国等の債権債務等の金額の端数計算に関する法律2条）: {yen:,}円"),
        ("最低額", "100円未満のときは徴収しない（K-13ただし書）"
         + ("" if yen >= 100 or not days else f": {yen:,}円は100円未満のため0円")),
    ]
    working.result = penalty_minimum(yen)
    working.days = days
    working.exact = exact
    working.rate = rate.as_dict()
    working.periods = periods
    working.rounding = PENALTY_ROUNDING
    return working
