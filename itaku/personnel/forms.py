"""Input of the personnel pages: the shape only; the services check the clauses."""

from django.utils.translation import gettext_lazy as _

from itaku.accounts.models import User
from itaku.consents.forms import date_field
from itaku.core import forms

from .choices import Employment, EntryRole


class EntryForm(forms.Form):
    """A person named in a draft version (P-3): the organisation's users only."""

    user = forms.ModelChoiceField(queryset=User.objects.none(), label=_("利用者"), empty_label=_("選択してください"))
    role = forms.ChoiceField(label=_("区分"), choices=EntryRole.choices, widget=forms.RadioSelect)
    affiliation = forms.CharField(label=_("所属・役職"), max_length=100, required=False,
                                  help_text=_("空欄のときは利用者の所属・役職を記載します。"))
    name = forms.CharField(label=_("氏名"), max_length=100, required=False,
                           help_text=_("空欄のときは利用者の氏名を記載します。"))
    contact = forms.CharField(label=_("連絡先"), max_length=200, required=False,
                              help_text=_("個人情報保護責任者は必ず記入します（電話番号など）。"))
    employment = forms.ChoiceField(label=_("雇用形態"), choices=Employment.choices, initial=Employment.EMPLOYEE,
                                   help_text=_("派遣労働者は、労働者派遣契約書に秘密保持義務等が明記されていることの"
                                               "確認が必要です（第6条第2号）。"))

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisation is not None:
            self.fields["user"].queryset = User.objects.filter(organisation=organisation, is_active=True).order_by(
                "username")

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        user = data["user"]
        data["affiliation"] = data["affiliation"] or user.job_title
        data["name"] = data["name"] or user.display_name or user.get_username()
        return data


class SubmitForm(forms.Form):
    submitted_on = date_field(_("報告日"), "P-3", help_text=_("報告書の日付になります（既定は今日）。"))
    section_name = forms.CharField(label=_("所属名（宛先）"), max_length=100, required=False,
                                   help_text=_("報告書の宛先「山梨県知事 殿」に添える甲の所属名です。"))


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("決定"), widget=forms.RadioSelect,
                                 choices=[("accept", _("受理する")), ("return", _("差し戻す"))])
    decided_on = date_field(_("受理・差戻しの日"), "P-3", help_text=_("報告日から今日までの日付です（既定は今日）。"))
    comment = forms.CharField(label=_("差戻しの理由・所見"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}), help_text=_("差し戻すときは必ず記入します。"))


class AcknowledgeForm(forms.Form):
    """P-4: the person confirms items (1)–(3); the representative may record it for a subcontractor's person."""

    confirm = forms.BooleanField(label=_("上記(1)〜(3)の周知を受け、内容を理解しました。"))
    person = forms.ModelChoiceField(queryset=User.objects.none(), required=False, label=_("再委託先の者（代理記録）"),
                                    empty_label=_("本人として確認する"))

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        if people is not None:
            self.fields["person"].queryset = people
        else:
            del self.fields["person"]


class PledgeForm(forms.Form):
    confirm = forms.BooleanField(label=_("上記のとおり誓約します。"))


class DispatchForm(forms.Form):
    person = forms.ModelChoiceField(queryset=User.objects.none(), label=_("派遣労働者"),
                                    empty_label=_("選択してください"))
    agency = forms.CharField(label=_("派遣元事業主"), max_length=200)
    reference = forms.CharField(label=_("労働者派遣契約書の該当箇所"), max_length=200,
                                help_text=_("秘密保持義務等個人情報の取扱いに関する事項を定めた条項（例：第8条）。"))
    confirmed_on = date_field(_("確認日"), "P-6-2")

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        if people is not None:
            self.fields["person"].queryset = people


class TrainingForm(forms.Form):
    held_on = date_field(_("実施日"), "P-4")
    content = forms.CharField(label=_("内容"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    attendees = forms.ModelMultipleChoiceField(queryset=User.objects.none(), label=_("受講者"),
                                               widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        if people is not None:
            self.fields["attendees"].queryset = people
