"""Forms of termination and its effects: input shape only; the services check the clauses."""

from django.utils.translation import gettext_lazy as _

from itaku.core import forms

from ..forms import DateInput
from ..models import BorneBy, PenaltySettlement

MAX_YEN = 10**12


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; none is allowed when the field is not required."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class TerminationForm(forms.Form):
    grounds = forms.MultipleChoiceField(label=_("解除事由（第14条第1項）"), widget=forms.CheckboxSelectMultiple,
                                        help_text=_("第5号を選ぶときは、ア～カのうち該当するものも選んでください。"))
    facts = forms.CharField(label=_("解除事由に該当する事実"), widget=forms.Textarea(attrs={"rows": 5}))
    terminated_on = forms.DateField(label=_("解除日"), widget=DateInput)
    penalty_due_on = forms.DateField(label=_("違約金の納付期限（甲の指定する日）"), widget=DateInput, required=False,
                                     help_text=_("K-14-2"))
    evidence = MultipleFileField(label=_("証拠書類"), required=False,
                                 help_text=_("PDF・Word・Excel・テキスト・画像（複数可）"))

    def __init__(self, *args, ground_rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grounds"].choices = [
            (row.clause_id, f"{row.clause_id} {row.number} {row.words}") for row in ground_rows
        ]


class SettlementForm(forms.Form):
    settlement = forms.ChoiceField(label=_("精算の方法"), choices=[
        (PenaltySettlement.PAID, _("納付")),
        (PenaltySettlement.SET_OFF, _("相殺")),
    ])
    settled_on = forms.DateField(label=_("精算日"), widget=DateInput)
    note = forms.CharField(label=_("精算の内容"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("相殺のときは相殺した債権（例：既履行部分契約額）"))


class ForceMajeureForm(forms.Form):
    event_on = forms.DateField(label=_("不可抗力の発生日"), widget=DateInput)
    description = forms.CharField(label=_("損害の内容・程度と履行への影響"), widget=forms.Textarea(attrs={"rows": 6}),
                                  help_text=_("K-16-1：損害の内容・程度等を詳細に記してください。"))
    documents = MultipleFileField(label=_("損害の内容・程度等を記した書類"), required=False,
                                  help_text=_("PDF・Word・Excel・テキスト・画像（複数可）"))


class InvestigationForm(forms.Form):
    findings = forms.CharField(label=_("調査の内容（確認した事実）"), widget=forms.Textarea(attrs={"rows": 3}))
    decision_due_on = forms.DateField(label=_("決定予定日"), widget=DateInput)


class DecisionForm(forms.Form):
    approve = forms.TypedChoiceField(label=_("決定"), coerce=lambda v: v == "1", choices=[
        ("1", _("承認する（契約を解除する）")), ("0", _("承認しない")),
    ], widget=forms.RadioSelect)
    reasons = forms.CharField(label=_("決定の理由"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("承認しないときは必須"))


class DamageForm(forms.Form):
    occurred_on = forms.DateField(label=_("発生日"), widget=DateInput)
    description = forms.CharField(label=_("損害の内容"), widget=forms.Textarea(attrs={"rows": 3}))
    cost = forms.IntegerField(
        label=_("損害額（円）"), min_value=0, max_value=MAX_YEN,
        error_messages={key: _("[K-15] 損害額は0円以上1兆円以下の整数（円）で入力してください。")
                        for key in ("invalid", "min_value", "max_value")})
    borne_by = forms.ChoiceField(label=_("負担者"), choices=BorneBy.choices, initial=BorneBy.CONTRACTOR,
                                 widget=forms.RadioSelect)
    reason = forms.CharField(label=_("負担の理由"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("甲が負担するときは、甲の責めに帰すべき事由（K-15ただし書）を必ず記入"))
