import pytest
from hypothesis import given
from hypothesis import strategies as st

from itaku.core.money import amount_with_tax_text, consumption_tax_part, tax_included


@pytest.mark.clause("K-3")
@pytest.mark.parametrize(("amount", "tax"), [(3_300_000, 300_000), (1_234_000, 112_181), (110, 10), (1, 0)])
def test_tax_part_rounds_down(amount, tax):
    assert consumption_tax_part(amount) == tax


@pytest.mark.clause("K-3")
def test_amount_text_as_the_contract_writes_it():
    assert amount_with_tax_text(3_300_000) == "金3,300,000円（うち消費税及び地方消費税額300,000円）"
    assert amount_with_tax_text(1_234_000) == "金1,234,000円（うち消費税及び地方消費税額112,181円）"


@pytest.mark.clause("K-3")
def test_rounding_setting_changes_the_rule():
    assert tax_included(1_234_000, rounding="half_up").result == 112_182
    assert tax_included(1_234_000, rounding="up").result == 112_182
    assert tax_included(1_234_000, rounding="down").result == 112_181


@pytest.mark.clause("K-3")
def test_working_shows_inputs_steps_and_result():
    lines = tax_included(3_300_000).lines()
    assert lines[-1] == "result: 300000"
    assert any("3,300,000 × 10 / 110" in line for line in lines)


@pytest.mark.clause("K-3")
@given(st.integers(min_value=0, max_value=10**12))
def test_tax_part_is_an_integer_within_one_yen_of_exact(amount):
    tax = consumption_tax_part(amount)
    assert isinstance(tax, int)
    assert 0 <= amount * 10 - tax * 110 < 110


@pytest.mark.parametrize("bad", [-1, 1.5, "100", True])
def test_tax_refuses_what_is_not_whole_yen(bad):
    with pytest.raises(ValueError):
        tax_included(bad)
