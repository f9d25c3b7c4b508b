"""Input of consultations, requests and responses: shape only. The services check the clauses (and, on the
pages, who may act is checked before the form is read)."""

from django.utils.translation import gettext_lazy as _

from itaku.accounts.models import User
from itaku.core import forms

from .choices import (
    ADDRESSED_ROLE_CHOICES,
    DEFAULT_DUE_DAYS,
    ComplianceInterval,
    ConsultationClause,
    OversightClause,
    RequestKind,
)


class DateInput(forms.DateInput):
    input_type = "date"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; none is fine."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


FILE_HELP = _("PDF・Word・Excel・OpenDocument・テキスト。複数選べます。")


class ConsultationForm(forms.Form):
    clause_id = forms.ChoiceField(label=_("協議の根拠"), choices=ConsultationClause.choices)
    topic = forms.CharField(label=_("協議事項"), max_length=200)
    held_on = forms.DateField(label=_("協議日"), widget=DateInput)
    participants = forms.CharField(label=_("出席者"), widget=forms.Textarea(attrs={"rows": 3}),
                                   help_text=_("甲・乙の出席者の所属・氏名"))
    participant_users = forms.ModelMultipleChoiceField(label=_("出席した関係者（この契約の利用者）"), required=False,
                                                       queryset=User.objects.none(),
                                                       widget=forms.CheckboxSelectMultiple)
    outcome = forms.CharField(label=_("協議の結果（合意事項）"), widget=forms.Textarea(attrs={"rows": 6}))
    documents = MultipleFileField(label=_("資料"), help_text=FILE_HELP)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant_users"].queryset = members
        self.fields["participant_users"].label_from_instance = lambda u: f"{u}（{u.organisation}）"


class RequestForm(forms.Form):
    clause_id = forms.ChoiceField(label=_("根拠となる条項"), choices=OversightClause.choices)
    kind = forms.ChoiceField(label=_("種別"), choices=RequestKind.choices)
    addressed_role = forms.ChoiceField(label=_("宛先"), choices=ADDRESSED_ROLE_CHOICES)
    subject = forms.CharField(label=_("件名"), max_length=200)
    body = forms.CharField(label=_("内容"), widget=forms.Textarea(attrs={"rows": 6}))
    issued_on = forms.DateField(label=_("発出日"), widget=DateInput, required=False,
                                help_text=_("空欄のときは今日"))
    due_on = forms.DateField(label=_("回答期限"), widget=DateInput)


class ResponseForm(forms.Form):
    body = forms.CharField(label=_("回答"), widget=forms.Textarea(attrs={"rows": 6}))
    files = MultipleFileField(label=_("添付ファイル"), help_text=FILE_HELP)


class AcceptForm(forms.Form):
    note = forms.CharField(label=_("所見（任意）"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ReopenForm(forms.Form):
    note = forms.CharField(label=_("追加で求める事項"), widget=forms.Textarea(attrs={"rows": 3}))
    due_on = forms.DateField(label=_("新しい回答期限"), widget=DateInput)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("取下げの理由"), widget=forms.Textarea(attrs={"rows": 2}))


# -- compliance reports (P-10) and the privacy declaration (P-14) --------------------------------------

class ScheduleForm(forms.Form):
    interval = forms.TypedChoiceField(label=_("報告の間隔"), coerce=int, choices=ComplianceInterval.choices,
                                      initial=ComplianceInterval.MONTHLY)
    due_days = forms.IntegerField(label=_("期間の末日から提出期限までの日数"), min_value=1, max_value=60,
                                  initial=DEFAULT_DUE_DAYS)


class ComplianceSubmitForm(forms.Form):
    body = forms.CharField(label=_("報告の内容"), max_length=20000, widget=forms.Textarea(attrs={"rows": 24}),
                           help_text=_("システムが把握している事項から作った下書きです。確認し、補って提出してください。"))
    submitted_on = forms.DateField(label=_("提出日"), widget=DateInput, required=False, help_text=_("空欄のときは今日"))


class ComplianceReviewForm(forms.Form):
    decision = forms.ChoiceField(label=_("確認の結果"), widget=forms.RadioSelect,
                                 choices=[("acknowledge", _("確認した")), ("return", _("差し戻す"))])
    note = forms.CharField(label=_("所見・追加で求める事項"), required=False, max_length=20000,
                           widget=forms.Textarea(attrs={"rows": 3}), help_text=_("差し戻すときは必ず記入します。"))
    due_on = forms.DateField(label=_("新しい提出期限"), widget=DateInput, required=False,
                             help_text=_("差し戻すときに入力します。"))


class DeclarationForm(forms.Form):
    where = forms.CharField(label=_("公表の場所（URL又は掲示場所）"), max_length=500)
    published_on = forms.DateField(label=_("公表日"), widget=DateInput)
