"""Japanese era dates (和暦), as people read them: 令和6年3月31日, 令和元年5月1日."""

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Era:
    name: str
    first_day: dt.date


# Newest first. Sources: the era-name laws; the first year of each era is 元年.
ERAS = (
    Era("令和", dt.date(2019, 5, 1)),
    Era("平成", dt.date(1989, 1, 8)),
    Era("昭和", dt.date(1926, 12, 25)),
    Era("大正", dt.date(1912, 7, 30)),
    Era("明治", dt.date(1868, 10, 23)),
)


def era_of(day: dt.date) -> tuple[Era, int]:
    """The era and the year within it (1 for 元年) of ``day``."""
    for era in ERAS:
        if day >= era.first_day:
            return era, day.year - era.first_day.year + 1
    raise ValueError(f"{day.isoformat()} is before the eras this module knows")


def era_year(day: dt.date) -> str:
    """令和6年, 令和元年."""
    era, year = era_of(day)
    return f"{era.name}{'元' if year == 1 else year}年"


def to_wareki(day: dt.date | None) -> str:
    """令和6年3月31日; an empty string for no date."""
    if day is None:
        return ""
    if isinstance(day, dt.datetime):
        if day.tzinfo is not None:
            from django.utils import timezone

            day = timezone.localtime(day)  # a day as people in Japan count it (Asia/Tokyo)
        day = day.date()
    return f"{era_year(day)}{day.month}月{day.day}日"


def from_wareki(text: str) -> dt.date:
    """Parse 令和6年3月31日 or 令和元年5月1日 back into a date (the inverse of :func:`to_wareki`)."""
    for era in ERAS:
        if text.startswith(era.name):
            rest = text[len(era.name):]
            year_text, rest = rest.split("年", 1)
            month_text, rest = rest.split("月", 1)
            day_text = rest.rstrip("日")
            year = 1 if year_text == "元" else int(year_text)
            if year < 1:
                raise ValueError(text)
            day = dt.date(era.first_day.year + year - 1, int(month_text), int(day_text))
            if day < era.first_day or era_of(day)[0] != era:
                raise ValueError(f"{text} is not a day of the {era.name} era")
            return day
    raise ValueError(f"unknown era in {text!r}")


def fiscal_year(day: dt.date) -> int:
    """The public fiscal year (年度, April to March) that contains ``day``, as a Western year."""
    return day.year if day.month >= 4 else day.year - 1


def fiscal_year_bounds(year: int) -> tuple[dt.date, dt.date]:
    """First and last day of 年度 ``year``."""
    return dt.date(year, 4, 1), dt.date(year + 1, 3, 31)


def fiscal_year_label(year: int) -> str:
    """令和5年度 for the fiscal year that starts on 2023-04-01.

    A fiscal year is named by the era of the calendar year it starts in, as in force at that year's
    end: the year from 2019-04-01 is 令和元年度 (the era changed on 2019-05-01).
    """
    return era_year(dt.date(year, 12, 31)).replace("年", "年度")
