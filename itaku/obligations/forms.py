from django.utils.translation import gettext_lazy as _

from itaku.core import forms


class WaiveForm(forms.Form):
    reason = forms.CharField(label=_("免除の理由"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
