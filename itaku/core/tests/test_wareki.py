import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from itaku.core.wareki import fiscal_year, fiscal_year_label, from_wareki, to_wareki


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (dt.date(2024, 3, 31), "令和6年3月31日"),
        (dt.date(2023, 6, 1), "令和5年6月1日"),
        (dt.date(2019, 5, 1), "令和元年5月1日"),
        (dt.date(2019, 4, 30), "平成31年4月30日"),
        (dt.date(1989, 1, 8), "平成元年1月8日"),
        (dt.date(1989, 1, 7), "昭和64年1月7日"),
        (dt.date(1926, 12, 25), "昭和元年12月25日"),
    ],
)
@pytest.mark.clause("K-2")
def test_known_dates(day, text):
    assert to_wareki(day) == text
    assert from_wareki(text) == day


@given(st.dates(min_value=dt.date(1926, 12, 25), max_value=dt.date(2100, 12, 31)))
def test_round_trip(day):
    text = to_wareki(day)
    assert from_wareki(text) == day
    era_year = text.split("年")[0][2:]
    assert era_year == "元" or (era_year.isdigit() and not era_year.startswith("0") and era_year != "1")


def test_era_boundary_refuses_impossible_date():
    with pytest.raises(ValueError):
        from_wareki("令和元年4月30日")


def test_fiscal_year():
    assert fiscal_year(dt.date(2024, 3, 31)) == 2023
    assert fiscal_year(dt.date(2023, 4, 1)) == 2023
    assert fiscal_year_label(2023) == "令和5年度"
    assert fiscal_year_label(2019) == "令和元年度"
    assert fiscal_year_label(1988) == "昭和63年度"


@pytest.mark.clause("K-2")
def test_aware_datetimes_are_read_in_japan_time(settings):
    from zoneinfo import ZoneInfo

    late_evening_utc = dt.datetime(2024, 3, 31, 16, 30, tzinfo=ZoneInfo("UTC"))  # 01:30 on 1 April in Tokyo
    assert to_wareki(late_evening_utc) == "令和6年4月1日"
