from django.utils.translation import gettext_lazy as _

from itaku.core import forms


class CodeForm(forms.Form):
    """One code: the authenticator app's six digits (or, where allowed, a recovery code)."""

    code = forms.CharField(
        label=_("確認コード"), max_length=32, strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text",
                                      "spellcheck": "false", "autocapitalize": "off"}),
    )

    def __init__(self, *args, help_text=None, **kwargs):
        super().__init__(*args, **kwargs)
        if help_text:
            self.fields["code"].help_text = help_text
