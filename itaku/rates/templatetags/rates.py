from django import template

from itaku.core.money import percent_text

register = template.Library()


@register.filter
def percent(value):
    """A rate as people write it: 2.5, not 2.500."""
    return "" if value is None else percent_text(value)
