import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from itaku.incidents import deadlines

JST = ZoneInfo("Asia/Tokyo")


@pytest.mark.clause("P-12")
@pytest.mark.parametrize("learned, days, due", [
    (dt.date(2024, 4, 1), 30, dt.date(2024, 4, 30)),   # the day of learning is day 1
    (dt.date(2024, 4, 1), 3, dt.date(2024, 4, 3)),
    (dt.date(2024, 4, 1), 60, dt.date(2024, 5, 30)),
    (dt.date(2024, 2, 1), 30, dt.date(2024, 3, 1)),    # leap year: 29 days in February
    (dt.date(2023, 2, 1), 30, dt.date(2023, 3, 2)),
    (dt.date(2024, 12, 20), 30, dt.date(2025, 1, 18)),  # across the year end, holidays counted
    (dt.date(2024, 12, 28), 3, dt.date(2024, 12, 30)),  # government offices closed: calendar days all the same
    (dt.date(2025, 1, 31), 1, dt.date(2025, 1, 31)),
])
def test_ppc_deadline_counts_calendar_days_from_the_day_of_learning(learned, days, due):
    assert deadlines.ppc_deadline(learned, days) == due


@pytest.mark.clause("P-12")
def test_ppc_deadline_takes_the_local_day_of_a_moment():
    # 2024-03-31 23:30 in Tokyo is 14:30 UTC the same day; 00:30 on 04-01 in Tokyo is still 03-31 in UTC.
    assert deadlines.ppc_deadline(dt.datetime(2024, 4, 1, 0, 30, tzinfo=JST), 30) == dt.date(2024, 4, 30)
    assert deadlines.ppc_deadline(dt.datetime(2024, 3, 31, 15, 30, tzinfo=dt.UTC), 30) == dt.date(2024, 4, 30)


@pytest.mark.clause("P-12")
def test_ppc_deadline_refuses_an_empty_period():
    with pytest.raises(ValueError):
        deadlines.ppc_deadline(dt.date(2024, 4, 1), 0)


@pytest.mark.clause("P-12")
def test_final_report_period_is_60_days_for_a_wrongful_purpose():
    assert deadlines.ppc_final_days(wrongful_purpose=True) == 60
    assert deadlines.ppc_final_days(wrongful_purpose=False) == 30


@pytest.mark.clause("P-12")
@pytest.mark.parametrize("answers, reportable", [
    ((False, False, False, False), False),
    ((True, False, False, False), True),
    ((False, True, False, False), True),
    ((False, False, True, False), True),
    ((False, False, False, True), True),
])
def test_reportable_when_any_of_the_four_holds(answers, reportable):
    sensitive, financial, wrongful, over = answers
    assert deadlines.ppc_reportable(sensitive=sensitive, financial_harm=financial, wrongful_purpose=wrongful,
                                    over_threshold=over) is reportable


@pytest.mark.clause("P-12")
@pytest.mark.clause("S-13")
def test_first_report_due_the_local_day_of_discovery_and_detail_three_days_later():
    late_evening = dt.datetime(2024, 4, 1, 23, 50, tzinfo=JST)
    assert deadlines.first_report_due(late_evening) == dt.date(2024, 4, 1)
    assert deadlines.detailed_report_due(late_evening) == dt.date(2024, 4, 4)
