"""Input of consent requests and decisions: the shape only; the services check the clauses."""

from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from itaku.accounts.selectors import contractor_organisations
from itaku.core import forms, hygiene

from . import kinds, kinds_annex1

EMPTY_LABEL = _("選択してください")
SOURCE_REGISTERED, SOURCE_NEW = "registered", "new"
# The parts of a new organisation a request may name (see services.NEW_ORGANISATION_FIELDS).
NEW_ORGANISATION_PARTS = (
    ("name", _("名称"), 200),
    ("address", _("所在地"), 300),
    ("representative_title", _("代表者の役職"), 100),
    ("representative_name", _("代表者の氏名"), 100),
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _today():
    return timezone.localdate()


def _clause_message(clause: str, text):
    """``[K-6] text``, translated when shown."""
    return format_lazy("[{}] {}", clause, text) if clause else text


def _errors(clause: str, *, choice: bool) -> dict:
    """The messages of a field: the label is shown beside the message, so it is not repeated."""
    missing = _clause_message(clause, _("選択してください。") if choice else _("入力してください。"))
    return {"required": missing, "invalid_choice": _clause_message(clause, _("選択肢から選択してください。")),
            "invalid": _clause_message(clause, _("正しい値を入力してください。")),
            "invalid_pk_value": _clause_message(clause, _("選択肢から選択してください。"))}


def date_field(label, clause: str, help_text=""):
    return forms.DateField(
        label=label, widget=DateInput, initial=_today, help_text=help_text,
        error_messages={"required": _clause_message(clause, _("日付を入力してください。")),
                        "invalid": _clause_message(clause, _("日付（YYYY-MM-DD）で入力してください。"))},
    )


def _form_field(fld: kinds.Field, kind: kinds.Kind, contract):
    common = {
        "label": fld.label, "required": fld.required, "help_text": fld.help_text,
        "error_messages": _errors(kind.clause, choice=fld.is_choice),
    }
    if fld.type == "text":
        return forms.CharField(max_length=fld.max_length, **common)
    if fld.type == "longtext":
        return forms.CharField(max_length=fld.max_length, widget=forms.Textarea(attrs={"rows": 4}), **common)
    if fld.type == "date":
        return forms.DateField(widget=DateInput, **common)
    if fld.type == "yen":
        return forms.IntegerField(min_value=0, max_value=kinds.MAX_YEN, **common)
    if fld.type == "organisation":
        # A registered contractor organisation other than this contract's 乙 (never a client). With
        # ``allow_new`` the form also offers a new organisation, so the list itself is then optional.
        if fld.allow_new:
            common["required"] = False
        return forms.ModelChoiceField(queryset=contractor_organisations().exclude(pk=contract.contractor_id),
                                      empty_label=EMPTY_LABEL, **common)
    if fld.type == "user":
        # A username, typed: no list of other organisations' users is offered; the service checks that
        # the user belongs to the organisation named in ``of_field``.
        field = forms.CharField(max_length=150, **common)
        field.normalisation = hygiene.CODE  # a user name is a code: NFKC, as Django reads user names
        return field
    if fld.type == "country":
        choices = [("", EMPTY_LABEL)] + [(code, f"{name}（{code}）")
                                         for code, name in sorted(kinds.countries().items(), key=lambda i: i[1])]
        return forms.ChoiceField(choices=choices, **common)
    if fld.type == "count":
        return forms.IntegerField(min_value=1, max_value=kinds_annex1.MAX_COPIES, **common)
    if fld.type == "dataset":
        # One of this contract's datasets still held (the register of personal information, P-5 …).
        from itaku.privacy.choices import DatasetState
        from itaku.privacy.models import Dataset

        return forms.ModelChoiceField(queryset=Dataset.objects.filter(contract=contract, state=DatasetState.HELD)
                                      .order_by("id"), empty_label=EMPTY_LABEL, **common)
    if fld.type == "asset":
        # One of this contract's information assets of the client still held (the register, S-7, S-8).
        from .kinds_annex2 import held_client_assets

        return forms.ModelChoiceField(queryset=held_client_assets(contract).order_by("id"), empty_label=EMPTY_LABEL,
                                      **common)
    if fld.type == "choice":
        # A radio offers only the declared choices: none is blank, none is chosen in advance.
        return forms.ChoiceField(choices=list(fld.choices), widget=forms.RadioSelect, **common)
    raise ValueError(fld.type)


class ConsentRequestForm(forms.Form):
    """The date of the written request and the fields a kind declares, built from its declaration. An
    organisation field that allows a new organisation is followed by the choice between a registered
    organisation and a new one, and by the new one's name, address and representative."""

    def __init__(self, *args, kind: kinds.Kind, contract, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.new_field = None
        self.fields["submitted_on"] = date_field(
            _("申請日"), kind.clause,
            help_text=_("申請書の日付です。契約締結日から今日までの日付を入力します（既定は今日）。"))
        for fld in kind.fields:
            self.fields[fld.name] = _form_field(fld, kind, contract)
            if fld.type == "organisation" and fld.allow_new:
                self.new_field = fld
                self.fields[fld.name].help_text = _(
                    "「登録されている組織から選ぶ」のときに選びます。この契約の乙と発注者の組織は一覧にありません。")
                self._add_new_organisation_fields(fld)

    def _add_new_organisation_fields(self, fld: kinds.Field) -> None:
        clause = self.kind.clause
        self.fields[f"{fld.name}_source"] = forms.ChoiceField(
            label=_("%(label)sの指定のしかた") % {"label": fld.label}, widget=forms.RadioSelect,
            choices=[(SOURCE_REGISTERED, _("登録されている組織から選ぶ")),
                     (SOURCE_NEW, _("新しい組織を入力する（下の欄）"))],
            initial=SOURCE_REGISTERED, error_messages=_errors(clause, choice=True),
        )
        new_parts = []
        for part, label, max_length in NEW_ORGANISATION_PARTS:
            name = f"{fld.name}_new_{part}"
            new_parts.append(name)
            self.fields[name] = forms.CharField(
                label=_("新しい%(label)sの%(part)s") % {"label": fld.label, "part": label}, required=False,
                max_length=max_length, error_messages=_errors(clause, choice=False),
                help_text=_("「新しい組織を入力する」のときに入力します。申請とともに受注者の組織として登録されます。")
                if part == "name" else "")
        # The way of naming it comes first, then the list, then the new organisation's parts.
        added = {f"{fld.name}_source", *new_parts}
        order = []
        for name in self.fields:
            if name == fld.name:
                order += [f"{fld.name}_source", fld.name, *new_parts]
            elif name not in added:
                order.append(name)
        self.order_fields(order)

    def using_new_organisation(self) -> bool:
        return self.new_field is not None and self.cleaned_data.get(f"{self.new_field.name}_source") == SOURCE_NEW

    def clean(self):
        data = super().clean()
        fld = self.new_field
        if fld is None:
            return data
        source = data.get(f"{fld.name}_source")
        if source == SOURCE_NEW:
            for part, _label, _max in NEW_ORGANISATION_PARTS:
                name = f"{fld.name}_new_{part}"
                if not (data.get(name) or "").strip() and name not in self.errors:
                    self.add_error(name, _clause_message(self.kind.clause, _("入力してください。")))
        elif source == SOURCE_REGISTERED and not data.get(fld.name) and fld.name not in self.errors:
            self.add_error(fld.name, _clause_message(self.kind.clause, _("選択してください。")))
        return data

    def statement(self) -> dict:
        out = {}
        for fld in self.kind.fields:
            value = self.cleaned_data.get(fld.name)
            if fld is self.new_field and self.using_new_organisation():
                value = None  # the service registers the new organisation and names it here
            if hasattr(value, "pk"):
                value = value.pk
            elif hasattr(value, "isoformat"):
                value = value.isoformat()
            out[fld.name] = value
        return out

    def new_organisation(self) -> dict | None:
        """The new organisation's parts, when the request names one."""
        if not self.using_new_organisation():
            return None
        return {part: self.cleaned_data.get(f"{self.new_field.name}_new_{part}", "")
                for part, _label, _max in NEW_ORGANISATION_PARTS}

    def field_for(self, name: str | None) -> str | None:
        """The form field of a refusal's field (``new_organisation.address`` → ``subcontractor_new_address``)."""
        if name and name.startswith("new_organisation") and self.new_field is not None:
            part = name.partition(".")[2] or "name"
            name = f"{self.new_field.name}_new_{part}"
        return name if name in self.fields else None


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("決定"), widget=forms.RadioSelect,
                                 choices=[("approve", _("承諾する")), ("refuse", _("承諾しない"))],
                                 error_messages=_errors("", choice=True))
    decided_on = date_field(_("決定日"), "", help_text=_(
        "承諾書の日付になります。申請日から今日までの日付を入力します（既定は今日）。"))
    conditions = forms.CharField(label=_("承諾の条件"), required=False, max_length=kinds.MAX_TEXT,
                                 widget=forms.Textarea(attrs={"rows": 3}),
                                 help_text=_("条件を付す場合に記入します。承諾書に記載されます。"))
    reasons = forms.CharField(label=_("承諾しない理由"), required=False, max_length=kinds.MAX_TEXT,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("承諾しない場合は必ず記入します。"))


class EffectForm(forms.Form):
    """The date on which what the approval unlocks is carried out (K-5: the assignment; K-6: the
    subcontractor's registration)."""

    effected_on = date_field(_("手続の日"), "", help_text=_("承諾の日から今日までの日付を入力します（既定は今日）。"))

    # The services name the date by what it is the date of.
    SERVICE_FIELDS = {"attached_on": "effected_on", "assigned_on": "effected_on"}

    def field_for(self, name: str | None) -> str | None:
        name = self.SERVICE_FIELDS.get(name, name)
        return name if name in self.fields else None


class ReturnForm(forms.Form):
    """The return of a take-out (P-5)."""

    returned_on = forms.DateField(label=_("返却日"), required=False, widget=DateInput, help_text=_("空欄のときは今日"))
    note = forms.CharField(label=_("返却の状況"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class DisposeForm(forms.Form):
    """The disposal of a copy (P-6-5)."""

    method = forms.CharField(label=_("廃棄の方法"), max_length=300)
    disposed_on = forms.DateField(label=_("廃棄日"), required=False, widget=DateInput, help_text=_("空欄のときは今日"))
