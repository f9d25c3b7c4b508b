from django.utils.translation import gettext_lazy as _

from itaku.core import forms


class WaiveForm(forms.Form):
    reason = forms.CharField(label=_("免除の理由"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


SECTION_CHOICES = [
    ("overdue", _("期限超過")),
    ("soon", _("14日以内の期限")),
    ("later", _("15日以降の期限")),
    ("waiting", _("期限のない決定・手続")),
    ("others", _("相手方・他の担当者を待っているもの")),
]


class WorkFilterForm(forms.Form):
    """The full list of わたしの仕事: one section at a time, on every contract or on one."""

    section = forms.ChoiceField(label=_("区分"), required=False, choices=SECTION_CHOICES)
    contract = forms.IntegerField(label=_("契約の番号"), required=False, min_value=1, widget=forms.HiddenInput)
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
