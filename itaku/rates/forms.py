from django.conf import settings
from django.utils.translation import gettext_lazy as _

from itaku.core import forms

from .calculator import MAX_YEN
from .models import RateKind


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


# The messages name their clause; written out for each clause so that each is translated when shown.
AMOUNT_ERRORS = {
    "K-3": _("[K-3] 金額は0円以上1兆円以下の整数（円）で入力してください。"),
    "K-12": _("[K-12] 金額は0円以上1兆円以下の整数（円）で入力してください。"),
    "K-13": _("[K-13] 金額は0円以上1兆円以下の整数（円）で入力してください。"),
}
DATE_ERRORS = {
    "K-12": _("[K-12] 日付を入力してください（例 2024-04-30）。"),
    "K-13": _("[K-13] 日付を入力してください（例 2024-04-30）。"),
}
PERCENT_ERRORS = {
    "K-12": _("[K-12] 率は年0%以上14.6%以下（小数点以下3桁まで）で入力してください。"),
    "K-13": _("[K-13] 率は年0%以上14.6%以下（小数点以下3桁まで）で入力してください。"),
}


def amount_field(label, clause, help_text=""):
    return forms.IntegerField(
        label=label, min_value=0, max_value=MAX_YEN, help_text=help_text,
        error_messages=dict.fromkeys(("invalid", "min_value", "max_value", "required"), AMOUNT_ERRORS[clause]),
    )


def date_field(label, clause, *, required=True, help_text=""):
    return forms.DateField(label=label, widget=DateInput, required=required, help_text=help_text,
                           error_messages=dict.fromkeys(("invalid", "required"), DATE_ERRORS[clause]))


def percent_field(label, clause, help_text=""):
    # The range (0 to 14.6, three decimals) is the service's check (calculator.check_percent), which
    # names the clause; the form only reads a number.
    return forms.DecimalField(label=label, required=False, help_text=help_text,
                              error_messages={"invalid": PERCENT_ERRORS[clause]})


class TaxForm(forms.Form):
    amount = amount_field(_("契約額（税込・円）"), "K-3")
    rounding = forms.ChoiceField(
        label=_("端数処理"), required=False,
        choices=[("down", _("1円未満切捨て")), ("half_up", _("1円未満四捨五入")), ("up", _("1円未満切上げ"))],
        help_text=_("空欄のときは設定の方法（ITAKU_TAX_ROUNDING）"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rounding"].initial = settings.ITAKU_TAX_ROUNDING

    def arguments(self) -> dict:
        data = self.cleaned_data
        return {"amount": data["amount"], "rounding": data.get("rounding") or None}


class InterestForm(forms.Form):
    amount = amount_field(_("未支払金額（円）"), "K-12")
    due = date_field(_("支払期限"), "K-12")
    paid = date_field(_("支払日"), "K-12")
    signed = date_field(_("契約締結日"), "K-12", required=False,
                        help_text=_("締結日に適用される率で計算します（率は締結時に定まります）。"
                                    "締結日も率も空欄のときは、支払期限に適用される率です。"))
    rate = percent_field(_("契約で定めた率（年%）"), "K-12", help_text=_("契約書が率を定めているときだけ入力します。"))
    basis = forms.CharField(label=_("率の根拠"), required=False, max_length=200)

    def arguments(self) -> dict:
        data = self.cleaned_data
        return {"amount": data["amount"], "due_on": data["due"], "paid_on": data["paid"],
                "signed_on": data.get("signed"), "percent": data.get("rate"), "basis": data.get("basis") or ""}


class PenaltyForm(forms.Form):
    amount = amount_field(_("契約額（円）"), "K-13")
    unperformed = forms.BooleanField(
        label=_("金額は未履行部分に相当する額（遅延による支障が少ないと認められる場合）"), required=False)
    end = date_field(_("履行期限"), "K-13")
    completed = date_field(_("完了日"), "K-13")
    rate = percent_field(_("契約で定めた率（年%）"), "K-13",
                         help_text=_("空欄のときは遅延が生じた日（履行期限の翌日）の法定利率（民法404条1項）。"))
    basis = forms.CharField(label=_("率の根拠"), required=False, max_length=200)

    def arguments(self) -> dict:
        data = self.cleaned_data
        return {"amount": data["amount"], "ends_on": data["end"], "completed_on": data["completed"],
                "percent": data.get("rate"), "basis": data.get("basis") or "",
                "unperformed": data.get("unperformed", False)}


FORMS = {"tax": TaxForm, "interest": InterestForm, "penalty": PenaltyForm}


class ContractRateForm(forms.Form):
    """The late-payment rate a contract states (K-12); both empty clears it back to the table's rate."""

    percent = percent_field(_("契約で定めた率（年%）"), "K-12",
                            help_text=_("空欄にすると表の率（契約締結日に適用される率）に戻します。"))
    basis = forms.CharField(label=_("率の根拠"), required=False, max_length=200,
                            help_text=_("例：契約書第12条第2項"))


class RateFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("種類"), required=False, choices=[("", _("すべて")), *RateKind.choices])
