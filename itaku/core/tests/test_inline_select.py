"""The inline select writes what Django's select writes, apart from the blank lines between options."""

import re

import pytest
from django import forms as django_forms

from itaku.core.forms import InlineSelect

CHOICES = [("", "すべて"), ("a", "A&B <b>"), ("Group", [("g1", "G1"), ("g2", "G2")]), (3, "三")]


@pytest.mark.parametrize("value", ["a", "g2", "", None, "3", ["a", "3"]])
def test_the_same_html_as_djangos_select(value):
    def squeeze(html):
        return re.sub(r"\s*\n\s*", "", html)

    attrs = {"id": "id_x", "aria-describedby": "id_x_helptext", "required": True, "disabled": False}
    multiple = type("InlineSelectMultiple", (InlineSelect,), {"allow_multiple_selected": True})
    for django_widget, ours in ((django_forms.Select, InlineSelect), (django_forms.SelectMultiple, multiple)):
        expected = django_widget(choices=CHOICES).render("x", value, attrs=attrs)
        assert squeeze(ours(choices=CHOICES).render("x", value, attrs=attrs)) == squeeze(expected)
    assert "A&amp;B &lt;b&gt;" in expected
