from django.utils.translation import gettext_lazy as _

from itaku.core import forms

from .choices import CloseOutMethod, HandlingPlace, Medium, Source
from .models import Dataset


class DatasetForm(forms.ModelForm):
    """The register entry (P-5, P-6-4, P-7); the service checks the clauses."""

    purpose_stated = forms.TypedChoiceField(
        label=_("本人に利用目的を明示した"), required=False, empty_value=None,
        coerce=lambda v: {"yes": True, "no": False}.get(v),
        choices=[("", "—"), ("yes", _("明示した")), ("no", _("明示していない"))],
        help_text=_("乙が収集した個人情報のみ（P-7）"))
    source = forms.ChoiceField(label=_("取得の経緯"), choices=Source.choices, widget=forms.RadioSelect)
    medium = forms.ChoiceField(label=_("媒体"), choices=Medium.choices, widget=forms.RadioSelect)
    handling_place = forms.ChoiceField(label=_("取扱場所"), choices=HandlingPlace.choices, widget=forms.RadioSelect)

    class Meta:
        model = Dataset
        fields = ["name", "description", "items", "people_count", "source", "collection_purpose",
                  "purpose_stated", "medium", "storage_place", "storage_lockable", "handling_place"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2}), "items": forms.Textarea(attrs={"rows": 2}),
                   "collection_purpose": forms.Textarea(attrs={"rows": 2})}


class UploadForm(forms.Form):
    file = forms.FileField(label=_("ファイル"))


class GrantForm(forms.Form):
    user = forms.ModelChoiceField(label=_("許可する職員"), queryset=None)
    reason = forms.CharField(label=_("理由"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, users=None, **kwargs):
        super().__init__(*args, **kwargs)
        from itaku.accounts.models import User

        self.fields["user"].queryset = users if users is not None else User.objects.none()


class DirectForm(forms.Form):
    method = forms.ChoiceField(label=_("指示"), choices=CloseOutMethod.choices, widget=forms.RadioSelect)
    directed_on = forms.DateField(label=_("指示日"), required=False)


class CloseOutForm(forms.Form):
    how = forms.CharField(label=_("実施した方法"), max_length=200,
                          help_text=_("例：電子データは Itaku の暗号鍵と暗号文の消去、紙はシュレッダーによる裁断"))
    closed_on = forms.DateField(label=_("実施日"), required=False)


class ConfirmForm(forms.Form):
    confirmed_on = forms.DateField(label=_("確認日"), required=False)
