"""The calculations of money owed because of a delay. Pure functions: the same ones serve the pages,
the API, the command line and the calculation sheet, and each returns its working."""

import datetime as dt
from decimal import ROUND_DOWN, Decimal

from itaku.core.money import Working, cut_to_100_yen, penalty_minimum, round_down_yen
from itaku.core.wareki import to_wareki

from .selectors import AppliedRate

DAYS_IN_YEAR = 365  # 年利建て: a year counts 365 days, leap years included (facts.md).


def _shown(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.01"), rounding=ROUND_DOWN))


def _check_amount(amount) -> None:
    if not isinstance(amount, int) or isinstance(amount, bool) or amount < 0:
        raise ValueError("amount must be a non-negative integer number of yen")


def late_payment_interest(*, amount: int, due_on: dt.date, paid_on: dt.date, rate: AppliedRate) -> Working:
    """Late-payment interest (K-12; 支払遅延防止法 8条).

    From the day after the due date to the day of payment, on the unpaid ``amount``, at ``rate`` per
    365 days; then cut to whole hundreds of yen, nothing under 100 yen (8条2項).
    """
    _check_amount(amount)
    days = max((paid_on - due_on).days, 0)
    exact = Decimal(amount) * rate.percent / 100 * days / DAYS_IN_YEAR
    working = Working("遅延利息 (K-12)")
    working.inputs = [
        ("未支払金額", f"{amount:,}円"),
        ("支払期限", to_wareki(due_on)),
        ("支払日", to_wareki(paid_on)),
    ]
    if days:
        period = f"{to_wareki(due_on + dt.timedelta(days=1))}～{to_wareki(paid_on)}"
    else:
        period = "なし（支払期限までに支払われた）"
    working.steps = [
        ("遅延期間", f"{period}（{days}日）"),
        ("率", f"年{rate.percent}%（{rate.reason}。{rate.source}）"),
        ("計算", f"{amount:,} × {rate.percent}% × {days} / {DAYS_IN_YEAR} = {_shown(exact)}円"),
        ("端数処理", "100円未満切捨て・100円未満は支払わない（支払遅延防止法8条2項）"),
    ]
    working.result = cut_to_100_yen(exact)
    working.days = days
    working.exact = exact
    return working


def late_completion_penalty(*, amount: int, ends_on: dt.date, completed_on: dt.date, rate: AppliedRate,
                            base: str = "契約額") -> Working:
    """Late-completion penalty (K-13).

    ``amount`` (the contract amount, or the unperformed part where the delay matters little) ×
    the statutory rate in force when the delay began × days late / 365; fractions of a yen cut off
    (端数計算法 2条); nothing under 100 yen.
    """
    _check_amount(amount)
    days = max((completed_on - ends_on).days, 0)
    exact = Decimal(amount) * rate.percent / 100 * days / DAYS_IN_YEAR
    yen = round_down_yen(exact)
    working = Working("延滞違約金 (K-13)")
    working.inputs = [
        (base, f"{amount:,}円"),
        ("履行期限", to_wareki(ends_on)),
        ("完了日", to_wareki(completed_on)),
    ]
    if days:
        period = f"{to_wareki(ends_on + dt.timedelta(days=1))}～{to_wareki(completed_on)}"
    else:
        period = "なし（履行期限までに完了した）"
    working.steps = [
        ("遅延期間", f"{period}（{days}日）"),
        ("率", f"年{rate.percent}%（{rate.reason}。{rate.source}）"),
        ("計算", f"{amount:,} × {rate.percent}% × {days} / {DAYS_IN_YEAR} = {_shown(exact)}円"),
        ("端数処理", f"1円未満切捨て（国等の債権債務等の金額の端数計算に関する法律2条）: {yen:,}円"),
        ("最低額", "100円未満のときは徴収しない（K-13ただし書）"),
    ]
    working.result = penalty_minimum(yen)
    working.days = days
    working.exact = exact
    return working
