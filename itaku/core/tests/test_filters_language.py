"""Dates and amounts as people read them: 和暦 and 円 in Japanese, Western dates and JPY in English, each
kept on one line in HTML and bare in plain text."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import translation


def render(source: str, autoescape: bool = True, **context) -> str:
    return Template("{% load itaku %}" + source).render(Context(context, autoescape=autoescape))


@pytest.mark.clause("K-3")
def test_japanese_dates_and_amounts_do_not_break_across_lines():
    with translation.override("ja"):
        assert render("{{ d|wareki }}", d=dt.date(2024, 3, 31)) == '<span class="nowrap">令和6年3月31日</span>'
        assert render("{{ a|yen }}", a=8815) == '<span class="nowrap">8,815円</span>'
        assert render("{{ a|yen_amount }}", a=3_300_000) == '<span class="nowrap">3,300,000</span>'
        assert render("{{ a|amount_with_tax }}", a=3_300_000) == (
            '<span class="nowrap">金3,300,000円</span>（うち消費税及び地方消費税額'
            '<span class="nowrap">300,000円</span>）')
        assert render("{{ n|nendo }}", n=2023) == "令和5年度"


@pytest.mark.clause("K-3")
def test_english_shows_western_dates_and_jpy():
    with translation.override("en"):
        assert render("{{ d|wareki }}", d=dt.date(2024, 3, 31)) == '<span class="nowrap">31 March 2024</span>'
        assert render("{{ d|wareki }}", d=dt.date(2019, 5, 1)) == '<span class="nowrap">1 May 2019</span>'
        assert render("{{ a|yen }}", a=3_300_000) == '<span class="nowrap">JPY 3,300,000</span>'
        assert render("{{ a|amount_with_tax }}", autoescape=False, a=3_300_000) == \
            "JPY 3,300,000 (incl. consumption tax JPY 300,000)"
        assert render("{{ a|amount_with_tax }}", a=3_300_000) == (
            '<span class="nowrap">JPY 3,300,000</span> (incl. consumption tax <span class="nowrap">JPY 300,000</span>)')
        assert render("{{ n|nendo }}", n=2023) == "FY2023"


def test_plain_text_has_no_markup_and_no_date_is_empty():
    with translation.override("ja"):
        assert render("{{ d|wareki }}", autoescape=False, d=dt.date(2019, 5, 1)) == "令和元年5月1日"
        assert render("{{ a|yen }}", autoescape=False, a=1000) == "1,000円"
        assert render("[{{ d|wareki }}][{{ a|yen }}]", d=None, a=None) == "[][]"


def test_an_aware_datetime_is_the_day_in_japan():
    moment = dt.datetime(2024, 3, 31, 16, 0, tzinfo=dt.UTC)  # 1 April 01:00 in Tokyo
    with translation.override("en"):
        assert "1 April 2024" in render("{{ t|wareki }}", t=moment)
    with translation.override("ja"):
        assert "令和6年4月1日" in render("{{ t|wareki }}", t=moment)


def test_figures_in_a_text_are_kept_on_one_line():
    text = "令和6年5月1日～令和元年5月10日（10日）: 3,300,000 × 2.5% = 8,815.06円 <b>"
    assert render("{{ t|figures }}", t=text) == (
        '<span class="nowrap">令和6年5月1日</span>～<span class="nowrap">令和元年5月10日</span>（10日）: '
        '3,300,000 × 2.5% = <span class="nowrap">8,815.06円</span> &lt;b&gt;')
    assert render("{{ t|figures }}", autoescape=False, t=text) == text
    assert render("{{ t|figures }}", t="金3,300,000円") == '<span class="nowrap">金3,300,000円</span>'
