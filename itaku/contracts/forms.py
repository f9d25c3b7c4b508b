from django.utils.text import format_lazy
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

# What each role does, in words, as the registration form explains it.
ROLE_HELP = {
    Role.OFFICER: _("契約の事務を担当し、承諾の可否などを決める甲の職員です。登録するあなたは必ず含まれます。"),
    Role.INSPECTOR: _("完了の報告を受けて業務の検査をし、その結果を記録する甲の職員です。"),
    Role.ACCOUNTANT: _("請求書を受け付け、支払を記録する甲の職員です。"),
    Role.AUDITOR: _("契約の内容と経過を見ることだけができる甲の職員です。"),
    Role.REPRESENTATIVE: _("乙を代表して、承諾の申請、完了の報告、請求をする乙の利用者です。"),
    Role.PRIVACY_OFFICER: _("乙の側で個人情報の取扱いを管理する責任者です。"),
    Role.SECURITY_OFFICER: _("乙の側で情報セキュリティを管理する責任者です。"),
    Role.WORKER: _("この業務の作業に従事する乙の利用者です。"),
}
CONTRACTOR_SIDE_HELP = _("上で選んだ受注者（乙）の利用者だけを選べます（組織ごとに並んでいます）。")


class DateInput(forms.DateInput):
    input_type = "date"


class ContractForm(forms.Form):
    """Input of a new contract. Validates the shape of the input only; the service checks the clauses.

    Each role lists the users of the organisation that holds its side: the client's roles the users of
    the officer's own organisation, the contractor's roles the contractor organisations' users, grouped
    by organisation (the page works without JavaScript); a contractor-side user of an organisation other
    than the chosen contractor is refused here, and again by the service (K-0)."""

    template = forms.ModelChoiceField(label=_("ひな形"), queryset=ContractTemplate.objects.all(), empty_label=None)
    title = forms.CharField(label=_("業務名"), max_length=200)
    contractor = forms.ModelChoiceField(label=_("受注者（乙）"), queryset=Organisation.objects.none(),
                                        empty_label=_("選択してください"),
                                        error_messages={"required": _("[K-0] 選択してください。"),
                                                        "invalid_choice": _("[K-0] 選択肢から選択してください。")},
                                        help_text=_("業務を受注する組織です。役割の欄では、この組織の利用者を選びます。"))
    specification = forms.FileField(label=_("仕様書"), required=False,
                                    help_text=_("業務の内容を定める仕様書です。PDF・Word・Excel・テキストのファイル"
                                                "を選びます。"))
    signed_on = forms.DateField(label=_("契約締結日"), widget=DateInput)
    ends_on = forms.DateField(label=_("履行期限"), widget=DateInput,
                              help_text=_("この日までに業務を完了します。契約締結日より後の日付です。"))
    amount = forms.IntegerField(
        label=_("契約額（税込・円）"), min_value=1, max_value=MAX_YEN,
        help_text=_("消費税及び地方消費税を含む額です。税額は自動で計算します。"),
        error_messages={key: _("[K-3] 契約額は1円以上1兆円以下の整数（円）で入力してください。")
                        for key in ("invalid", "min_value", "max_value")},
    )
    deposit_exempt = forms.BooleanField(label=_("契約保証金を免除する"), required=False, initial=True)
    deposit_exemption_basis = forms.CharField(label=_("免除の根拠"), required=False, max_length=200,
                                              initial="財務規則第109条の2第7号",
                                              help_text=_("契約保証金を免除する根拠となる規則の条項です。"))
    deposit_amount = forms.IntegerField(
        label=_("契約保証金の額（円）"), required=False, min_value=1, max_value=MAX_YEN,
        help_text=_("免除しないときに入力します。"),
        error_messages={key: _("[K-4] 契約保証金の額は1円以上1兆円以下の整数（円）で入力してください。")
                        for key in ("invalid", "min_value", "max_value")},
    )
    premises_address = forms.CharField(label=_("乙の営業所の所在地"), required=False, max_length=300,
                                       help_text=_("乙が個人情報を取り扱う場所です。"))
    draft = forms.BooleanField(label=_("締結前の契約（起案中）として登録する"), required=False,
                               help_text=_("締結した後、契約の画面で「締結を記録」を押します。"))

    def __init__(self, *args, actor: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.fields["contractor"].queryset = contractor_organisations()
        client_users = active_users_of(actor.organisation).select_related("organisation")
        contractor_users = active_contractor_users()
        grouped = _grouped_by_organisation(contractor_users)
        for name, role, client_side in ROLE_FIELDS:
            field = forms.ModelMultipleChoiceField(
                label=role.label, required=False,
                queryset=client_users if client_side else contractor_users,
                widget=forms.CheckboxSelectMultiple,
                help_text=ROLE_HELP[role] if client_side else format_lazy("{} {}", ROLE_HELP[role],
                                                                          CONTRACTOR_SIDE_HELP),
                error_messages={
                    "invalid_choice": _("[K-0] %(value)s は選択肢にありません。選択肢から選択してください。"),
                    "invalid_pk_value": _("[K-0] 選択肢から選択してください。"),
                },
            )
            if client_side:
                field.label_from_instance = _member_label
            else:
                field.choices = grouped
            self.fields[name] = field
        self.fields["officers"].initial = [actor.pk]

    def clean(self):
        data = super().clean()
        contractor = data.get("contractor")
        for name, _role, client_side in ROLE_FIELDS:
            if client_side or contractor is None:
                continue  # the client's roles list only the client's users
            others = [user for user in data.get(name) or [] if user.organisation_id != contractor.pk]
            if others:
                self.add_error(name, _("[K-0] 受注者（乙）「%(org)s」の利用者から選択してください（%(users)s は属して"
                                       "いません）。") % {"org": contractor, "users": "、".join(map(str, others))})
        return data

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


def _grouped_by_organisation(users) -> list:
    """The contractor users as choices grouped under their organisation's name."""
    groups: dict[str, list] = {}
    for user in users:
        groups.setdefault(user.organisation.name, []).append((user.pk, str(user)))
    return list(groups.items())


class ContractFilterForm(forms.Form):
    q = forms.CharField(label=_("検索"), required=False)
    contractor = forms.ModelChoiceField(label=_("受注者"), required=False, queryset=Organisation.objects.none(),
                                        widget=forms.InlineSelect)
    state = forms.ChoiceField(label=_("状態"), required=False,
                              choices=[("", _("すべて"))] + list(ContractState.choices), widget=forms.InlineSelect)
    fiscal_year = forms.TypedChoiceField(label=_("年度"), required=False, coerce=int, empty_value=None,
                                         widget=forms.InlineSelect)

    def __init__(self, *args, contractors, fiscal_years, **kwargs):
        super().__init__(*args, **kwargs)
        from itaku.core.templatetags.itaku import nendo  # 令和5年度, or FY2023 in English

        self.fields["contractor"].queryset = contractors
        self.fields["fiscal_year"].choices = [("", _("すべて"))] + [(y, nendo(y)) for y in fiscal_years]
