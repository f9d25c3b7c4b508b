"""Input of incidents and breaches: shape only. The services check the clauses (and who may act is
checked before the form is read)."""

from django.utils.translation import gettext_lazy as _

from itaku.core import forms
from itaku.oversight.choices import ADDRESSED_ROLE_CHOICES

from .choices import BreachBasis, BreachFoundIn, Nature, Remedy, ReviewDecision, Scope
from .deadlines import PPC_PRELIMINARY_DAYS


class DateInput(forms.DateInput):
    input_type = "date"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def _moment(label, required=True, help_text=""):
    return forms.DateTimeField(label=label, required=required, widget=DateTimeInput(), help_text=help_text,
                               input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"])


def _text(label, rows=3, required=True, help_text=""):
    return forms.CharField(label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}),
                           help_text=help_text)


YES_NO = [("yes", _("はい")), ("no", _("いいえ"))]


def _yes_no(label):
    return forms.TypedChoiceField(label=label, choices=YES_NO, coerce=lambda v: v == "yes", widget=forms.RadioSelect)


class OpenForm(forms.Form):
    scope = forms.ChoiceField(label=_("対象"), choices=Scope.choices, widget=forms.RadioSelect)
    nature = forms.ChoiceField(label=_("事故の種類"), choices=Nature.choices)
    suspected = forms.BooleanField(label=_("発生のおそれ（まだ確定していない）"), required=False)
    title = forms.CharField(label=_("件名"), max_length=200)
    summary = _text(_("概要"), help_text=_("何が、いつ、どこで起きたか（分かっている範囲で）"))
    discovered_at = _moment(_("発見日時"))


class FirstReportForm(forms.Form):
    first_report = _text(_("第一報の内容"), help_text=_("甲への報告の内容（分かっている範囲で）"))
    reported_at = _moment(_("報告日時"), required=False, help_text=_("空欄なら今"))


class MeasureForm(forms.Form):
    taken_at = _moment(_("実施日時"))
    description = _text(_("応急措置の内容"), rows=2)


class ReportForm(forms.Form):
    items = _text(_("個人情報の項目"), rows=2, required=False, help_text=_("例：氏名、住所、電話番号"))
    content = _text(_("個人情報の内容"), rows=2, required=False)
    record_count = forms.IntegerField(label=_("件数"), min_value=0, required=False)
    people_count = forms.IntegerField(label=_("本人の数"), min_value=0, required=False)
    place = _text(_("発生場所"), rows=2)
    circumstances = _text(_("発生状況"), rows=4)
    datasets = forms.ModelMultipleChoiceField(label=_("関係する個人情報（管理台帳）"), queryset=None, required=False,
                                              widget=forms.CheckboxSelectMultiple)
    assets = forms.ModelMultipleChoiceField(label=_("関係する情報資産（台帳）"), queryset=None, required=False,
                                            widget=forms.CheckboxSelectMultiple)
    other_assets = _text(_("関係する情報資産"), rows=2, required=False,
                         help_text=_("機器・媒体・システム・文書など"))
    cause = _text(_("原因"), rows=3)
    prevention = _text(_("再発防止策・今後の対処方針"), rows=4)

    def __init__(self, *args, contract, **kwargs):
        from itaku.privacy.models import Dataset
        from itaku.security.models import InformationAsset

        super().__init__(*args, **kwargs)
        # Only the contract's own register (P-5).
        self.fields["datasets"].queryset = Dataset.objects.filter(contract=contract).order_by("id")
        # Only the contract's own asset register (S-2, S-7).
        self.fields["assets"].queryset = InformationAsset.objects.filter(contract=contract).order_by("id")
        for name in ("datasets", "assets"):
            if not self.fields[name].queryset.exists():
                self.fields[name].help_text = _("この契約の台帳に登録されたものはありません。")


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label=_("確認の結果"), widget=forms.RadioSelect,
                                 choices=ReviewDecision.choices)
    note = _text(_("所見・追加で求める事項"), rows=3, required=False)
    resubmit_due_on = forms.DateField(label=_("再提出の期限"), required=False, widget=DateInput,
                                      help_text=_("空欄なら3日後"))


class DueForm(forms.Form):
    due_on = forms.DateField(label=_("詳細報告の期限"), widget=DateInput)
    reason = forms.CharField(label=_("理由"), required=False, max_length=500)


class InstructionForm(forms.Form):
    subject = forms.CharField(label=_("件名"), max_length=200)
    body = _text(_("指示の内容"), rows=4)
    due_on = forms.DateField(label=_("回答期限"), widget=DateInput)
    addressed_role = forms.ChoiceField(label=_("宛先"), choices=ADDRESSED_ROLE_CHOICES)


class PublicationForm(forms.Form):
    publish = forms.TypedChoiceField(label=_("公表"), widget=forms.RadioSelect, coerce=lambda v: v == "yes",
                                     choices=[("no", _("公表しない")), ("yes", _("公表する"))])
    text = _text(_("公表した概要（乙の名称を含む）"), rows=4, required=False)
    published_on = forms.DateField(label=_("公表日"), required=False, widget=DateInput)


class PpcForm(forms.Form):
    sensitive = _yes_no(_("要配慮個人情報が含まれる（おそれを含む）"))
    financial_harm = _yes_no(_("不正に利用されることにより財産的被害が生じるおそれがある"))
    wrongful_purpose = _yes_no(_("不正の目的をもって行われたおそれがある（不正アクセス、持ち出し等）"))
    over_threshold = _yes_no(_("本人の数が100人を超える（おそれを含む）"))
    learned_at = _moment(_("甲が知った日時"), required=False, help_text=_("空欄なら起票の日時（甲への通知の時）"))
    preliminary_days = forms.IntegerField(label=_("速報の日数"), min_value=1, max_value=30,
                                          initial=PPC_PRELIMINARY_DAYS)


class PpcReportForm(forms.Form):
    which = forms.ChoiceField(label=_("報告"), choices=[("preliminary", _("速報")), ("final", _("確報"))])
    reported_on = forms.DateField(label=_("報告日"), widget=DateInput)


class CloseForm(forms.Form):
    note = _text(_("終結の所見"), rows=2, required=False)


class BreachForm(forms.Form):
    basis = forms.ChoiceField(label=_("根拠"), choices=BreachBasis.choices)
    clause_broken = forms.CharField(label=_("違反した条項"), max_length=32, help_text=_("例：P-6、S-8"))
    found_in = forms.ChoiceField(label=_("発見の経緯"), choices=BreachFoundIn.choices)
    incident = forms.ModelChoiceField(label=_("事故"), queryset=None, required=False)
    investigation = forms.ModelChoiceField(label=_("調査"), queryset=None, required=False)
    found_on = forms.DateField(label=_("違反を認めた日"), widget=DateInput)
    description = _text(_("違反の内容"), rows=3)
    remedy = forms.ChoiceField(label=_("措置"), choices=Remedy.choices, widget=forms.RadioSelect)
    amount = forms.IntegerField(label=_("金額（円）"), min_value=1, required=False,
                                help_text=_("損害賠償の額又は減額する額。解除のときは空欄"))

    def __init__(self, *args, contract, **kwargs):
        from itaku.oversight.models import OversightRequest

        from .models import Incident

        super().__init__(*args, **kwargs)
        self.fields["incident"].queryset = Incident.objects.filter(contract=contract)
        self.fields["investigation"].queryset = OversightRequest.objects.filter(contract=contract)
