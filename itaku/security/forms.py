from django.utils.translation import gettext_lazy as _

from itaku.core import forms

from .choices import AssetKind, AssetOwner, AssetState, PolicyKind

DateInput = forms.DateInput(attrs={"type": "date"})


class AssetForm(forms.Form):
    kind = forms.ChoiceField(label=_("種類（S-2）"), choices=AssetKind.choices, widget=forms.RadioSelect)
    name = forms.CharField(label=_("名称"), max_length=200)
    description = forms.CharField(label=_("内容"), required=False, max_length=4000,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.ChoiceField(label=_("所有権・使用権"), choices=AssetOwner.choices, widget=forms.RadioSelect)
    place = forms.CharField(label=_("利用できる場所（甲の指示、S-7）"), max_length=200)
    users = forms.ModelMultipleChoiceField(label=_("利用できる者（S-8-1）"), queryset=None, required=False,
                                           widget=forms.CheckboxSelectMultiple,
                                           help_text=_("書面で明らかにした従事者から選択"))

    def __init__(self, *args, users=None, **kwargs):
        super().__init__(*args, **kwargs)
        from itaku.accounts.models import User

        self.fields["users"].queryset = users if users is not None else User.objects.none()


class AssetCloseForm(forms.Form):
    method = forms.ChoiceField(label=_("引渡し又は廃棄"), widget=forms.RadioSelect,
                               choices=[(AssetState.HANDED_OVER, AssetState.HANDED_OVER.label),
                                        (AssetState.DISPOSED, AssetState.DISPOSED.label)])
    how = forms.CharField(label=_("引渡し先又は判読できないようにした方法"), max_length=300)
    closed_on = forms.DateField(label=_("実施日"), required=False, widget=DateInput)


class OfficerForm(forms.Form):
    user = forms.ModelChoiceField(label=_("セキュリティ責任者"), queryset=None)
    contact = forms.CharField(label=_("連絡先"), required=False, max_length=200)
    starts_on = forms.DateField(label=_("就任日"), required=False, widget=DateInput)

    def __init__(self, *args, users=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users


class PremisesForm(forms.Form):
    user = forms.ModelChoiceField(label=_("立ち入る従事者"), queryset=None)
    premises = forms.CharField(label=_("立ち入る庁舎等"), max_length=200)
    id_card_number = forms.CharField(label=_("身分証明書の番号"), max_length=50)
    id_card_issued_on = forms.DateField(label=_("身分証明書の発行日"), widget=DateInput)
    badge_issued = forms.BooleanField(label=_("事業者名記章・名札を交付した"), required=False)
    instructions = forms.CharField(label=_("甲の入退室管理の指示"), required=False, max_length=2000,
                                   widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, users=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users


class EducationForm(forms.Form):
    held_on = forms.DateField(label=_("実施日"), widget=DateInput)
    topic = forms.CharField(label=_("情報セキュリティ教育の主題"), max_length=200)
    content = forms.CharField(label=_("内容"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    covers_annex = forms.BooleanField(label=_("セキュリティ特記事項の遵守を含む"), required=False, initial=True)
    attendees = forms.ModelMultipleChoiceField(label=_("受講者"), queryset=None, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, users=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = users


class PolicyForm(forms.Form):
    kind = forms.ChoiceField(label=_("文書"), choices=PolicyKind.choices, widget=forms.RadioSelect)
    version = forms.CharField(label=_("版"), max_length=100)
    dated_on = forms.DateField(label=_("制定・改正日"), widget=DateInput)
    reference = forms.CharField(label=_("所在（URL等）"), required=False, max_length=500)


class DeclarationForm(forms.Form):
    where = forms.CharField(label=_("公表の場所（URL又は掲示場所）"), max_length=500)
    published_on = forms.DateField(label=_("公表日"), widget=DateInput)
