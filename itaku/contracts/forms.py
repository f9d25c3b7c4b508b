from django.utils.translation import gettext_lazy as _

from itaku.accounts.choices import Role
from itaku.accounts.models import Organisation, User
from itaku.accounts.selectors import active_contractor_users, active_users_of, contractor_organisations
from itaku.core import forms

from .choices import ContractState
from .models import ContractTemplate
from .services import MAX_YEN, MemberSpec

ROLE_FIELDS = [
    ("officers", Role.OFFICER, True),
    ("inspectors", Role.INSPECTOR, True),
    ("accountants", Role.ACCOUNTANT, True),
    ("auditors", Role.AUDITOR, True),
    ("representatives", Role.REPRESENTATIVE, False),
    ("privacy_officers", Role.PRIVACY_OFFICER, False),
    ("security_officers", Role.SECURITY_OFFICER, False),
    ("workers", Role.WORKER, False),
]


class DateInput(forms.DateInput):
    input_type = "date"


class ContractForm(forms.Form):
    """Input of a new contract. Validates the shape of the input only; the service checks the clauses."""

    template = forms.ModelChoiceField(label=_("ひな形"), queryset=ContractTemplate.objects.all(), empty_label=None)
    title = forms.CharField(label=_("業務名"), max_length=200)
    contractor = forms.ModelChoiceField(label=_("受注者（乙）"), queryset=Organisation.objects.none())
    specification = forms.FileField(label=_("仕様書"), required=False,
                                    help_text=_("PDF・Word・Excel・テキスト（K-1）"))
    signed_on = forms.DateField(label=_("契約締結日"), widget=DateInput)
    ends_on = forms.DateField(label=_("履行期限"), widget=DateInput, help_text=_("K-2"))
    amount = forms.IntegerField(
        label=_("契約額（税込・円）"), min_value=1, max_value=MAX_YEN, help_text=_("K-3"),
        error_messages={key: _("[K-3] 契約額は1円以上1兆円以下の整数（円）で入力してください。")
                        for key in ("invalid", "min_value", "max_value")},
    )
    deposit_exempt = forms.BooleanField(label=_("契約保証金を免除する"), required=False, initial=True)
    deposit_exemption_basis = forms.CharField(label=_("免除の根拠"), required=False, max_length=200,
                                              initial="財務規則第109条の2第7号", help_text=_("K-4"))
    deposit_amount = forms.IntegerField(
        label=_("契約保証金の額（円）"), required=False, min_value=1, max_value=MAX_YEN,
        error_messages={key: _("[K-4] 契約保証金の額は1円以上1兆円以下の整数（円）で入力してください。")
                        for key in ("invalid", "min_value", "max_value")},
    )
    premises_address = forms.CharField(label=_("乙の営業所の所在地"), required=False, max_length=300,
                                       help_text=_("個人情報を取り扱う場所（P-5）"))
    draft = forms.BooleanField(label=_("締結前の契約（起案中）として登録する"), required=False,
                               help_text=_("締結した後、契約の画面で「締結を記録」を押します（K-end）"))

    def __init__(self, *args, actor: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contractor"].queryset = contractor_organisations()
        client_users = active_users_of(actor.organisation).select_related("organisation")
        contractor_users = active_contractor_users()
        for name, role, client_side in ROLE_FIELDS:
            field = forms.ModelMultipleChoiceField(
                label=role.label, required=False,
                queryset=client_users if client_side else contractor_users,
                widget=forms.CheckboxSelectMultiple,
            )
            field.label_from_instance = _member_label
            self.fields[name] = field
        self.fields["officers"].initial = [actor.pk]

    def member_specs(self):
        return [
            MemberSpec(user, role)
            for name, role, _client in ROLE_FIELDS
            for user in self.cleaned_data.get(name, [])
        ]

    def role_fields(self):
        return [self[name] for name, _role, _client in ROLE_FIELDS]


def _member_label(user: User) -> str:
    return f"{user}（{user.organisation}）" if user.organisation else str(user)


class ContractFilterForm(forms.Form):
    q = forms.CharField(label=_("検索"), required=False)
    contractor = forms.ModelChoiceField(label=_("受注者"), required=False, queryset=Organisation.objects.none())
    state = forms.ChoiceField(label=_("状態"), required=False,
                              choices=[("", _("すべて"))] + list(ContractState.choices))
    fiscal_year = forms.TypedChoiceField(label=_("年度"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, contractors, fiscal_years, **kwargs):
        super().__init__(*args, **kwargs)
        from itaku.core.wareki import fiscal_year_label

        self.fields["contractor"].queryset = contractors
        self.fields["fiscal_year"].choices = [("", _("すべて"))] + [(y, fiscal_year_label(y)) for y in fiscal_years]
