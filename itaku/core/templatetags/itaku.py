"""Filters that write dates and amounts for people.

In Japanese a date reads in 和暦 (令和6年3月31日) and an amount in yen with thousands separators
(3,300,000円); in English (the active language is ``en``) a date reads 31 March 2024 and an amount
JPY 3,300,000. In HTML each date and amount is wrapped in ``<span class="nowrap">`` so it never breaks
across lines; in plain text (autoescape off, as in e-mails) it is the bare text. Official documents
(PDF, DOCX) do not go through these filters: they stay Japanese.
"""

import datetime as dt
import re

from django import template
from django.utils import translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from itaku.core.money import consumption_tax_part, yen
from itaku.core.wareki import fiscal_year_label, to_wareki

register = template.Library()

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def english() -> bool:
    """Whether the page is being written in English."""
    return (translation.get_language() or "").split("-")[0] == "en"


def _nowrap(text: str, autoescape: bool):
    if not text or not autoescape:
        return text
    return format_html('<span class="nowrap">{}</span>', text)


def date_text(value) -> str:
    """令和6年3月31日, or 31 March 2024 in English; an empty string for no date."""
    if value in (None, ""):
        return ""
    if not english():
        return to_wareki(value)
    if isinstance(value, dt.datetime):
        from django.utils import timezone

        value = (timezone.localtime(value) if value.tzinfo is not None else value).date()
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def yen_text(amount: int) -> str:
    """3,300,000円, or JPY 3,300,000 in English."""
    return f"JPY {yen(amount)}" if english() else f"{yen(amount)}円"


@register.filter(expects_localtime=True, needs_autoescape=True)
def wareki(value, autoescape=True):
    """令和6年3月31日 (31 March 2024 in English), kept on one line."""
    return _nowrap(date_text(value), autoescape)


@register.filter(needs_autoescape=True)
def yen_amount(value, autoescape=True):
    """3,300,000 (the number only, kept on one line; the unit is written by the template)."""
    return "" if value in (None, "") else _nowrap(yen(int(value)), autoescape)


@register.filter(name="yen", needs_autoescape=True)
def yen_with_unit(value, autoescape=True):
    """3,300,000円 (JPY 3,300,000 in English), kept on one line."""
    return "" if value in (None, "") else _nowrap(yen_text(int(value)), autoescape)


@register.filter(needs_autoescape=True)
def amount_with_tax(value, autoescape=True):
    """金3,300,000円（うち消費税及び地方消費税額300,000円） as K-3 writes the price, or in English
    JPY 3,300,000 (incl. consumption tax JPY 300,000); each amount kept on one line."""
    amount = int(value)
    tax = consumption_tax_part(amount)
    if english():
        return format_html("{} (incl. consumption tax {})", _nowrap(yen_text(amount), True),
                           _nowrap(yen_text(tax), True)) if autoescape else \
            f"{yen_text(amount)} (incl. consumption tax {yen_text(tax)})"
    if not autoescape:
        return f"金{yen_text(amount)}（うち消費税及び地方消費税額{yen_text(tax)}）"
    return format_html("{}（うち消費税及び地方消費税額{}）", _nowrap(f"金{yen_text(amount)}", True),
                       _nowrap(yen_text(tax), True))


# A 和暦 date (令和6年3月31日, 令和元年5月1日) or an amount of yen (8,815.06円, 金3,300,000円) inside a text.
FIGURE = re.compile(r"(?:明治|大正|昭和|平成|令和)(?:元|\d+)年\d+月\d+日|金?\d[\d,]*(?:\.\d+)?円")


@register.filter(needs_autoescape=True)
def figures(value, autoescape=True):
    """A text (a working's step, a message) with each 和暦 date and amount in it kept on one line."""
    text = "" if value is None else str(value)
    if not autoescape:
        return text
    out, last = [], 0
    for match in FIGURE.finditer(text):
        out.append(conditional_escape(text[last:match.start()]))
        out.append(format_html('<span class="nowrap">{}</span>', match.group()))
        last = match.end()
    out.append(conditional_escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 -- every part is escaped above


@register.filter
def nendo(value):
    """令和5年度 (FY2023 in English: the fiscal year from April 2023 to March 2024)."""
    if not value:
        return ""
    return f"FY{int(value)}" if english() else fiscal_year_label(int(value))


@register.filter
def action_label(code):
    """契約を登録しました for contracts.contract.created."""
    from itaku.journal.actions import action_label as label

    return label(code)


@register.filter
def obligation_status(code):
    """期限超過 for overdue."""
    from itaku.obligations.models import STATUS_LABELS

    return str(STATUS_LABELS.get(code, code))
