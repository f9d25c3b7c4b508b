from django import template

from itaku.core.money import amount_with_tax_text, yen
from itaku.core.wareki import fiscal_year_label, to_wareki

register = template.Library()


@register.filter(expects_localtime=True)
def wareki(value):
    """令和6年3月31日."""
    return to_wareki(value)


@register.filter
def yen_amount(value):
    """3,300,000."""
    return "" if value is None else yen(int(value))


@register.filter
def amount_with_tax(value):
    """金3,300,000円（うち消費税及び地方消費税額300,000円）(K-3)."""
    return amount_with_tax_text(int(value))


@register.filter
def nendo(value):
    """令和5年度."""
    return fiscal_year_label(int(value)) if value else ""


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
