"""Money is integer yen; rates are Decimal. Each rounding rule is one named function."""

from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_DOWN, ROUND_HALF_UP, Decimal

from django.conf import settings

# Consumption tax (消費税法 29条 7.8% + 地方税法 72条の83 2.2%), standard rate from 2019-10-01.
CONSUMPTION_TAX_RATE = Decimal("0.10")
NATIONAL_TAX_RATE = Decimal("0.078")
LOCAL_TAX_RATE = Decimal("0.022")


def round_down_yen(value: Decimal) -> int:
    """Cut off a fraction of a yen.

    国等の債権債務等の金額の端数計算に関する法律 2条: fractions under one yen in amounts owed
    between a public body and others are cut off. Also the common practice for the consumption tax
    contained in a tax-inclusive price (the issuer's choice; see ``tax_rounding``).
    """
    return int(Decimal(value).to_integral_value(rounding=ROUND_DOWN))


def round_half_up_yen(value: Decimal) -> int:
    """Round a fraction of a yen half up (四捨五入): an issuer may choose it for the tax part."""
    return int(Decimal(value).to_integral_value(rounding=ROUND_HALF_UP))


def round_up_yen(value: Decimal) -> int:
    """Round a fraction of a yen up (切上げ): an issuer may choose it for the tax part."""
    return int(Decimal(value).to_integral_value(rounding=ROUND_CEILING))


TAX_ROUNDING = {"down": round_down_yen, "half_up": round_half_up_yen, "up": round_up_yen}
# How the working names each rule to people.
TAX_ROUNDING_TEXT = {"down": "1円未満切捨て", "half_up": "1円未満四捨五入", "up": "1円未満切上げ"}


def decimal_text(value: Decimal, places: int = 2) -> str:
    """``value`` cut (not rounded) to ``places`` decimals, as a working shows an exact amount: 684.93."""
    return str(Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_DOWN))


def decimal_yen_text(value: Decimal, places: int = 2) -> str:
    """An exact amount as a working shows it to people: cut like :func:`decimal_text`, with thousands
    separators (8,815.06)."""
    return format(Decimal(decimal_text(value, places)), ",")


def percent_text(value: Decimal) -> str:
    """A rate as people write it: 2.5 (not 2.500), 3 (not 3.000), 14.6."""
    return format(Decimal(value).normalize(), "f")


@dataclass
class Working:
    """The working of a calculation: what went in, each step, and the result."""

    title: str
    inputs: list[tuple[str, str]] = field(default_factory=list)
    steps: list[tuple[str, str]] = field(default_factory=list)
    result: int = 0
    days: int | None = None
    exact: Decimal | None = None
    # For machines (the API, --json): the inputs with ISO dates, the clause, the rate applied with
    # its source and reason, each period with its days and rate, and the rounding rule.
    kind: str = ""
    clause: str = ""
    values: dict = field(default_factory=dict)
    rate: dict | None = None
    periods: list[dict] = field(default_factory=list)
    rounding: str = ""

    def lines(self) -> list[str]:
        out = [self.title]
        out += [f"{label}: {value}" for label, value in self.inputs]
        out += [f"{label}: {value}" for label, value in self.steps]
        out.append(f"result: {self.result}")
        return out

    @classmethod
    def from_dict(cls, data: dict) -> "Working":
        """The working as :meth:`as_dict` stored it (a payment's interest, a penalty …)."""
        exact = data.get("exact")
        return cls(
            title=data.get("title", ""),
            inputs=[(row["label"], row["value"]) for row in data.get("inputs", [])],
            steps=[(row["label"], row["value"]) for row in data.get("steps", [])],
            result=data.get("result") or 0, days=data.get("days"),
            exact=Decimal(exact) if exact not in (None, "") else None,
            kind=data.get("kind", ""), clause=data.get("clause", ""), values=data.get("values", {}),
            rate=data.get("rate"), periods=data.get("periods", []), rounding=data.get("rounding", ""),
        )

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "clause": self.clause,
            "title": self.title,
            "inputs": [{"label": k, "value": v} for k, v in self.inputs],
            "values": self.values,
            "steps": [{"label": k, "value": v} for k, v in self.steps],
            "periods": self.periods,
            "days": self.days,
            "exact": None if self.exact is None else decimal_text(self.exact),
            "rate": self.rate,
            "rounding": self.rounding,
            "result": self.result,
        }


def tax_included(amount: int, *, rounding: str | None = None) -> Working:
    """The consumption tax contained in a tax-inclusive ``amount`` (K-3): amount × 10/110, rounded once.

    The rounding is the setting ``ITAKU_TAX_ROUNDING`` (default ``down``, the common practice).
    """
    if not isinstance(amount, int) or isinstance(amount, bool) or amount < 0:
        raise ValueError("amount must be a non-negative integer number of yen")
    rounding = rounding or settings.ITAKU_TAX_ROUNDING
    rounder = TAX_ROUNDING[rounding]
    exact = Decimal(amount) * CONSUMPTION_TAX_RATE / (1 + CONSUMPTION_TAX_RATE)
    tax = rounder(exact)
    working = Working("消費税及び地方消費税額 (K-3)", kind="tax", clause="K-3")
    working.inputs = [("契約額（税込）", f"{amount:,}円"), ("税率", "10%（国7.8%・地方2.2%）")]
    working.values = {"amount": amount, "tax_rate": "10", "rounding": rounding}
    working.rounding = f"{TAX_ROUNDING_TEXT[rounding]}（設定 ITAKU_TAX_ROUNDING={rounding}）"
    working.steps = [
        ("計算", f"{amount:,} × 10 / 110 = {decimal_yen_text(exact)}円"),
        ("端数処理", f"{working.rounding}: {tax:,}円"),
        ("税抜額", f"{amount:,} − {tax:,} = {amount - tax:,}円"),
    ]
    working.result = tax
    working.exact = exact
    return working


def consumption_tax_part(amount: int) -> int:
    """The tax part of a tax-inclusive amount, by the configured rounding rule (K-3)."""
    return tax_included(amount).result


def yen(amount: int) -> str:
    """3,300,000 (no unit)."""
    return f"{amount:,}"


def amount_with_tax_text(amount: int) -> str:
    """金3,300,000円（うち消費税及び地方消費税額300,000円）, as K-3 writes the price."""
    return f"金{amount:,}円（うち消費税及び地方消費税額{consumption_tax_part(amount):,}円）"


def cut_to_100_yen(value: Decimal) -> int:
    """Cut late-payment interest down to whole hundreds of yen; under 100 yen, nothing.

    政府契約の支払遅延防止等に関する法律 8条2項 as model contract clauses copy it (K-12): interest under
    100 yen is not paid, and a fraction under 100 yen is cut off (684.93 yen -> 600 yen; 99.99 -> 0).
    """
    return int(Decimal(value) // 100) * 100 if value >= 100 else 0


def penalty_minimum(value: int) -> int:
    """A late-completion penalty under 100 yen is not charged.

    K-13 ただし書: 「延滞違約金の額が100円未満となるときは、この限りでない」.
    """
    return value if value >= 100 else 0
