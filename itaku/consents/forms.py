"""Input of consent requests and decisions: the shape only; the services check the clauses."""

from django.utils.translation import gettext_lazy as _

from itaku.accounts.selectors import contractor_organisations
from itaku.core import forms, hygiene

from . import kinds


class DateInput(forms.DateInput):
    input_type = "date"


def _form_field(fld: kinds.Field, kind: kinds.Kind, contract):
    common = {
        "label": fld.label, "required": fld.required, "help_text": fld.help_text,
        "error_messages": {"required": _("[%(clause)s] 「%(label)s」を入力してください。")
                           % {"clause": kind.clause, "label": fld.label}},
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
        # The subject is a contractor organisation other than this contract's 乙.
        return forms.ModelChoiceField(queryset=contractor_organisations().exclude(pk=contract.contractor_id),
                                      **common)
    if fld.type == "user":
        # A username, typed: no list of other organisations' users is offered; the service checks that
        # the user belongs to the organisation named in ``of_field``.
        field = forms.CharField(max_length=150, **common)
        field.normalisation = hygiene.CODE  # a user name is a code: NFKC, as Django reads user names
        return field
    if fld.type == "country":
        choices = [("", "---------")] + [(code, f"{name}（{code}）")
                                         for code, name in sorted(kinds.countries().items(), key=lambda i: i[1])]
        return forms.ChoiceField(choices=choices, **common)
    if fld.type == "choice":
        return forms.ChoiceField(choices=[("", "---------"), *fld.choices], widget=forms.RadioSelect, **common)
    raise ValueError(fld.type)


class ConsentRequestForm(forms.Form):
    """The fields a kind declares, built from its declaration."""

    def __init__(self, *args, kind: kinds.Kind, contract, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        for fld in kind.fields:
            self.fields[fld.name] = _form_field(fld, kind, contract)

    def statement(self) -> dict:
        out = {}
        for fld in self.kind.fields:
            value = self.cleaned_data.get(fld.name)
            if hasattr(value, "pk"):
                value = value.pk
            elif hasattr(value, "isoformat"):
                value = value.isoformat()
            out[fld.name] = value
        return out


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("決定"), widget=forms.RadioSelect,
                                 choices=[("approve", _("承諾する")), ("refuse", _("承諾しない"))])
    conditions = forms.CharField(label=_("承諾の条件"), required=False, max_length=kinds.MAX_TEXT,
                                 widget=forms.Textarea(attrs={"rows": 3}),
                                 help_text=_("条件を付す場合に記入します。承諾書に記載されます。"))
    reasons = forms.CharField(label=_("承諾しない理由"), required=False, max_length=kinds.MAX_TEXT,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("承諾しない場合は必ず記入します。"))
