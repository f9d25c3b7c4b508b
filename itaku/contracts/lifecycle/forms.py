"""Input of completion, inspection, invoice, payment, penalty, close and K-17 records: shape only; the
services check the clauses."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..forms import DateInput
from ..models.lifecycle import InspectionResult, PenaltyBase, Settlement
from ..services import MAX_YEN
from . import selectors as sel


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


def _today():
    return timezone.localdate()


def _yen_field(label, **kwargs):
    return forms.IntegerField(label=label, min_value=1, max_value=MAX_YEN, **kwargs)


class CompletionReportForm(forms.Form):
    reported_on = forms.DateField(label=_("報告日"), widget=DateInput, initial=_today)
    summary = forms.CharField(label=_("報告の概要"), widget=forms.Textarea(attrs={"rows": 3}))
    files = MultipleFileField(label=_("報告書等（成果物）"), required=False,
                              help_text=_("仕様書に基づく報告書等（K-11）。複数選べます。"))
    partial = forms.BooleanField(label=_("業務の一部（完了した部分）の報告"), required=False,
                                 help_text=_("解除の際の既履行部分（K-17）のための報告"))
    part_description = forms.CharField(label=_("完了した部分"), required=False, max_length=300)


class ReworkReportForm(forms.Form):
    inspection = forms.ModelChoiceField(label=_("手直しを求めた検査"), queryset=None, empty_label=None)
    reported_on = forms.DateField(label=_("手直しの完了日（報告日）"), widget=DateInput, initial=_today)
    summary = forms.CharField(label=_("手直しの内容"), widget=forms.Textarea(attrs={"rows": 3}))
    files = MultipleFileField(label=_("手直し後の報告書等"), required=False)

    def __init__(self, *args, contract, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspection"].queryset = sel.inspections_awaiting_rework(contract)
        self.fields["inspection"].label_from_instance = lambda i: _label_inspection(i)


def _label_inspection(inspection) -> str:
    from itaku.core.wareki import to_wareki

    return f"{to_wareki(inspection.inspected_on)} {inspection.get_result_display()}（{inspection.report}）"


class InspectionForm(forms.Form):
    report = forms.ModelChoiceField(label=_("検査する報告"), queryset=None, empty_label=None)
    inspected_on = forms.DateField(label=_("検査日"), widget=DateInput, initial=_today)
    result = forms.ChoiceField(label=_("結果"), choices=InspectionResult.choices, widget=forms.RadioSelect)
    findings = forms.CharField(label=_("検査の所見"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                               help_text=_("不合格のときは必須（仕様書に適合しない点）"))
    rework_due_on = forms.DateField(label=_("手直しの期日"), required=False, widget=DateInput,
                                    help_text=_("不合格のときは必須（K-11-2）"))

    def __init__(self, *args, contract, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["report"].queryset = sel.reports_awaiting_inspection(contract)
        self.fields["report"].label_from_instance = _label_report


def _label_report(report) -> str:
    from itaku.core.wareki import to_wareki

    part = f"・{report.part_description}" if report.partial else ""
    return f"{to_wareki(report.reported_on)} {report.get_kind_display()}{part}"


class InvoiceForm(forms.Form):
    PROPER = [("received", _("適法な請求書として受理する")), ("returned", _("不適法な請求書として返戻する"))]

    received_on = forms.DateField(label=_("受領日"), widget=DateInput, initial=_today)
    amount = _yen_field(_("請求額（円）"))
    decision = forms.ChoiceField(label=_("扱い"), choices=PROPER, widget=forms.RadioSelect, initial="received")
    return_reason = forms.CharField(label=_("返戻の理由"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                    help_text=_("返戻するときは必須。返戻した請求書では支払期間は始まりません。"))

    def __init__(self, *args, contract, **kwargs):
        super().__init__(*args, **kwargs)
        # K-12, K-13: the contract amount less the penalties already set off against it.
        from .services import amount_to_invoice, set_off_total

        self.fields["amount"].initial = amount_to_invoice(contract.amount, set_off_total(contract))


class PaymentForm(forms.Form):
    invoice = forms.ModelChoiceField(label=_("請求書"), queryset=None, empty_label=None)
    paid_on = forms.DateField(label=_("支払日"), widget=DateInput, initial=_today)
    amount = _yen_field(_("支払額（円）"))

    def __init__(self, *args, contract, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["invoice"].queryset = sel.invoices_open(contract)


class PenaltyForm(forms.Form):
    decided_on = forms.DateField(label=_("決定日"), widget=DateInput, initial=_today)
    base_kind = forms.ChoiceField(label=_("計算の基礎"), choices=PenaltyBase.choices, widget=forms.RadioSelect,
                                  initial=PenaltyBase.AMOUNT)
    base_amount = _yen_field(_("未履行部分に相当する額（円）"), required=False)
    reason = forms.CharField(label=_("遅延による支障が少ないと認める理由"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))


class PenaltySettleForm(forms.Form):
    penalty = forms.ModelChoiceField(label=_("延滞違約金"), queryset=None, empty_label=None)
    settlement = forms.ChoiceField(label=_("精算の方法"), widget=forms.RadioSelect,
                                   choices=[(Settlement.PAID, Settlement.PAID.label),
                                            (Settlement.SET_OFF, Settlement.SET_OFF.label)])
    settled_on = forms.DateField(label=_("精算日"), widget=DateInput, initial=_today)

    def __init__(self, *args, contract, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["penalty"].queryset = sel.penalties_unsettled(contract)
        self.fields["penalty"].label_from_instance = lambda p: f"{p.result:,}円"


class CloseForm(forms.Form):
    confirm = forms.BooleanField(label=_("支払が済んだことを確認し、契約を完結する"), required=True)


class PerformedPartForm(forms.Form):
    inspections = forms.ModelMultipleChoiceField(label=_("合格した検査"), queryset=None,
                                                 widget=forms.CheckboxSelectMultiple)
    amount = _yen_field(_("既履行部分契約額（円）"))
    basis = forms.CharField(label=_("額の根拠（甲乙の協議の内容）"), widget=forms.Textarea(attrs={"rows": 2}))
    recorded_on = forms.DateField(label=_("記録日"), widget=DateInput, initial=_today)

    def __init__(self, *args, contract, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspections"].queryset = sel.passed_inspections(contract)
        self.fields["inspections"].label_from_instance = _label_inspection
