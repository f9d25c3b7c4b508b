"""Worked examples and properties of the calculations: tax (K-3), interest (K-12), penalty (K-13)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from itaku.contracts.models import Contract
from itaku.core.exceptions import ClauseViolation
from itaku.rates.calculations import late_completion_penalty, late_payment_interest
from itaku.rates.calculator import calc_interest, calc_penalty, calc_tax
from itaku.rates.models import Rate, RateKind
from itaku.rates.selectors import AppliedRate, contract_late_payment_rate, late_payment_rate_on, statutory_rate_on

D = dt.date
RATE_2_5 = AppliedRate(percent=Decimal("2.5"), source="財務省告示第49号（令和3年）", reason="テスト")
RATE_3 = AppliedRate(percent=Decimal("3"), source="民法404条", reason="テスト")

amounts = st.integers(min_value=0, max_value=10**12)
days = st.dates(min_value=D(2020, 1, 1), max_value=D(2035, 12, 31))
percents = st.decimals(min_value=0, max_value=Decimal("14.6"), places=3)


# -- worked examples ------------------------------------------------------------------------------

@pytest.mark.clause("K-3")
@pytest.mark.django_db
@pytest.mark.parametrize(("amount", "tax"), [(3_300_000, 300_000), (1_234_000, 112_181)])
def test_tax_worked_examples(amount, tax):
    working = calc_tax(amount=amount)
    assert working.result == tax
    assert working.lines()[-1] == f"result: {tax}"
    assert "1円未満切捨て" in " ".join(working.lines())


@pytest.mark.clause("K-12")
def test_interest_worked_example():
    working = late_payment_interest(amount=1_000_000, due_on=D(2024, 4, 30), paid_on=D(2024, 5, 10), rate=RATE_2_5)
    assert working.days == 10
    assert working.as_dict()["exact"] == "684.93"
    assert working.result == 600
    text = "\n".join(working.lines())
    assert "令和6年5月1日～令和6年5月10日（10日）" in text
    assert "1,000,000 × 2.5% × 10 / 365 = 684.93円" in text
    assert "100円未満切捨て" in text
    assert working.periods == [{"from": "2024-05-01", "to": "2024-05-10", "days": 10, "percent": "2.5"}]


@pytest.mark.clause("K-13")
def test_penalty_worked_example():
    working = late_completion_penalty(amount=3_300_000, ends_on=D(2024, 3, 31), completed_on=D(2024, 4, 12),
                                      rate=RATE_3)
    assert working.days == 12
    assert working.as_dict()["exact"] == "3254.79"
    assert working.result == 3_254


@pytest.mark.clause("K-13")
def test_penalty_on_the_unperformed_part_under_100_yen_is_not_charged():
    working = late_completion_penalty(amount=100_000, ends_on=D(2024, 3, 31), completed_on=D(2024, 4, 10),
                                      rate=RATE_3, base="未履行部分に相当する額")
    assert working.as_dict()["exact"] == "82.19"
    assert working.result == 0
    assert working.inputs[0][0] == "未履行部分に相当する額"
    assert "82円は100円未満のため0円" in "\n".join(working.lines())


@pytest.mark.clause("K-13")
@pytest.mark.django_db
def test_penalty_uses_the_statutory_rate_of_the_day_the_delay_began():
    working = calc_penalty(amount=3_300_000, ends_on="2024-03-31", completed_on="2024-04-12")
    assert working.result == 3_254
    assert working.rate["percent"] == "3"
    assert "令和6年4月1日" in working.rate["reason"] and "民法404条1項" in working.rate["reason"]
    # Before 2020-04-01 the statutory rate was 5% (民法404条, before the 2017 amendment).
    assert calc_penalty(amount=3_650_000, ends_on="2020-03-30", completed_on="2020-04-09").rate["percent"] == "5"
    assert calc_penalty(amount=3_650_000, ends_on="2020-03-31", completed_on="2020-04-10").rate["percent"] == "3"


@pytest.mark.clause("K-12")
@pytest.mark.django_db
def test_interest_rate_by_signing_date_or_due_date_or_contract():
    by_due = calc_interest(amount=1_000_000, due_on="2024-04-30", paid_on="2024-05-10")
    assert by_due.result == 600 and "支払期限（令和6年4月30日）に適用される率" in by_due.rate["reason"]
    by_signing = calc_interest(amount=1_000_000, due_on="2024-04-30", paid_on="2024-05-10", signed_on="2020-06-01")
    assert by_signing.rate["percent"] == "2.6" and "契約締結日（令和2年6月1日）" in by_signing.rate["reason"]
    stated = calc_interest(amount=1_000_000, due_on="2024-04-30", paid_on="2024-05-10", percent="14.6",
                           basis="契約書第12条")
    assert stated.rate["reason"] == "契約で定めた率" and stated.rate["source"] == "契約書第12条"
    assert stated.result == 4_000  # 1,000,000 × 14.6% × 10 / 365 = 4,000.00

@pytest.mark.clause("K-12")
@pytest.mark.django_db
def test_unconfirmed_rate_periods_are_refused_with_the_clause():
    with pytest.raises(ClauseViolation) as exc:
        calc_interest(amount=1_000_000, due_on="2024-04-30", paid_on="2024-05-10", signed_on="2014-06-01")
    assert exc.value.clause == "K-12" and exc.value.code == "rate_unconfirmed"
    assert "財務省告示第54号" in str(exc.value) and str(exc.value).startswith("[K-12]")
    with pytest.raises(ClauseViolation) as exc:
        late_payment_rate_on(D(2009, 4, 1))
    assert exc.value.code == "rate_missing"


@pytest.mark.clause("K-12")
@pytest.mark.django_db
def test_a_row_with_a_percent_but_not_confirmed_is_still_refused():
    Rate.objects.filter(kind=RateKind.LATE_PAYMENT, effective_from=D(2014, 4, 1)).update(percent=Decimal("2.8"))
    with pytest.raises(ClauseViolation):
        late_payment_rate_on(D(2014, 6, 1))
    Rate.objects.filter(kind=RateKind.LATE_PAYMENT, effective_from=D(2014, 4, 1)).update(confirmed=True)
    assert late_payment_rate_on(D(2014, 6, 1)).percent == Decimal("2.8")


@pytest.mark.django_db
@pytest.mark.parametrize(("call", "clause", "field"), [
    (lambda: calc_tax(amount="-1"), "K-3", "amount"),
    (lambda: calc_tax(amount="1.5"), "K-3", "amount"),
    (lambda: calc_tax(amount=3_300_000, rounding="banker"), "K-3", "rounding"),
    (lambda: calc_interest(amount="x", due_on="2024-04-30", paid_on="2024-05-10"), "K-12", "amount"),
    (lambda: calc_interest(amount=1, due_on="2024-13-01", paid_on="2024-05-10"), "K-12", "due"),
    (lambda: calc_interest(amount=1, due_on="2024-04-30", paid_on="1900-01-01"), "K-12", "paid"),
    (lambda: calc_interest(amount=1, due_on="2024-04-30", paid_on="2024-05-10", percent="14.7"), "K-12", "rate"),
    (lambda: calc_interest(amount=1, due_on="2024-04-30", paid_on="2024-05-10", percent="-1"), "K-12", "rate"),
    (lambda: calc_interest(amount=1, due_on="2024-04-30", paid_on="2024-05-10", percent="2.5",
                           signed_on="2023-06-01"), "K-12", "rate"),
    (lambda: calc_penalty(amount=10**12 + 1, ends_on="2024-03-31", completed_on="2024-04-12"), "K-13", "amount"),
    (lambda: calc_penalty(amount=1, ends_on="2024-03-31", completed_on="soon"), "K-13", "completed"),
    (lambda: calc_penalty(amount=1, ends_on="2024-03-31", completed_on="2024-04-12", percent="NaN"), "K-13", "rate"),
])
def test_bad_input_is_refused_naming_the_clause(call, clause, field):
    with pytest.raises(ClauseViolation) as exc:
        call()
    assert exc.value.clause == clause and exc.value.field == field


# -- properties -----------------------------------------------------------------------------------

@pytest.mark.clause("K-12")
@given(amount=amounts, due=days, early=st.integers(min_value=0, max_value=400), percent=percents)
def test_no_interest_when_paid_on_or_before_the_due_date(amount, due, early, percent):
    rate = AppliedRate(percent=percent, source="s", reason="r")
    working = late_payment_interest(amount=amount, due_on=due, paid_on=due - dt.timedelta(days=early), rate=rate)
    assert working.result == 0 and working.days == 0 and working.periods == []


@pytest.mark.clause("K-12")
@given(amount=amounts, due=days, late=st.integers(min_value=0, max_value=2000),
       more=st.integers(min_value=1, max_value=2000), percent=percents)
def test_interest_never_decreases_with_more_days(amount, due, late, more, percent):
    rate = AppliedRate(percent=percent, source="s", reason="r")
    fewer = late_payment_interest(amount=amount, due_on=due, paid_on=due + dt.timedelta(days=late), rate=rate)
    longer = late_payment_interest(amount=amount, due_on=due, paid_on=due + dt.timedelta(days=late + more),
                                   rate=rate)
    assert longer.result >= fewer.result
    assert longer.exact >= fewer.exact


@pytest.mark.clause("K-12")
@given(amount=amounts, due=days, late=st.integers(min_value=0, max_value=2000), percent=percents)
def test_interest_is_whole_hundreds_of_yen_and_never_above_the_exact_amount(amount, due, late, percent):
    rate = AppliedRate(percent=percent, source="s", reason="r")
    working = late_payment_interest(amount=amount, due_on=due, paid_on=due + dt.timedelta(days=late), rate=rate)
    assert isinstance(working.result, int) and working.result % 100 == 0 and working.result >= 0
    assert working.result <= working.exact < working.result + 100 or (working.result == 0 and working.exact < 100)
    expected = Decimal(amount) * percent / 100 * late / 365
    assert working.exact == expected


@pytest.mark.clause("K-13")
@given(amount=amounts, end=days, late=st.integers(min_value=-400, max_value=2000), percent=percents)
def test_penalty_never_negative_and_nothing_under_100_yen(amount, end, late, percent):
    rate = AppliedRate(percent=percent, source="s", reason="r")
    working = late_completion_penalty(amount=amount, ends_on=end, completed_on=end + dt.timedelta(days=late),
                                      rate=rate)
    assert isinstance(working.result, int) and working.result >= 0
    assert working.result == 0 or working.result >= 100
    if working.exact >= 100:
        assert working.result == int(working.exact)  # fractions of a yen cut off (端数計算法2条)
    else:
        assert working.result == 0


@pytest.mark.clause("K-12")
@pytest.mark.django_db(transaction=False)
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(signed=st.dates(min_value=D(2021, 4, 1), max_value=D(2040, 12, 31)),
       later=st.integers(min_value=1, max_value=3000), percent=percents)
def test_a_contract_keeps_the_rate_of_its_signing_date_after_a_new_rate(demo_contract, signed, later, percent):
    contract = demo_contract
    contract.signed_on = signed
    before = contract_late_payment_rate(contract)
    with transaction.atomic():
        Rate.objects.create(kind=RateKind.LATE_PAYMENT, effective_from=signed + dt.timedelta(days=later),
                            percent=percent, confirmed=True, source="財務省告示（テスト）")
        after = contract_late_payment_rate(contract)
        # A contract signed on the day the new rate takes effect gets the new one.
        contract.signed_on = signed + dt.timedelta(days=later)
        assert contract_late_payment_rate(contract).percent == percent
        transaction.set_rollback(True)
    assert after == before
    assert before.percent == Decimal("2.5")


@pytest.fixture
def demo_contract(db):
    from itaku.contracts.demo import SEED_TITLE, load_demo

    load_demo()
    return Contract.objects.get(title=SEED_TITLE)


@pytest.mark.clause("K-13")
@pytest.mark.django_db
def test_statutory_rate_on_each_period():
    assert statutory_rate_on(D(2020, 3, 31)).percent == Decimal("5")
    assert statutory_rate_on(D(2020, 4, 1)).percent == Decimal("3")
    assert statutory_rate_on(D(2026, 4, 1)).source == "民法404条（令和7年法務省告示第73号）"
