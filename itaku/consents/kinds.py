"""The kinds of consent request: one declaration per clause that needs the client's prior written
consent (承諾). The mechanism (submit, decide, letter, effect) is the same for every kind; a kind
only declares

- ``code``, ``clause`` and ``label``;
- the ``fields`` the request must state, each with its type (text, date, organisation, user (a username),
  country, yen, …) and validation; the statement is stored as JSON checked against them;
- who submits (``submitter``, and any other role in ``also_submitted_by``) and who decides (``decider``),
  as contract roles;
- what an approval unlocks (``effect``): a named effect carried out by a service of its own
  (``subcontractor_attach``, ``contract_assign``), or none when the approval is itself the permission.

Later kinds are added with :func:`register`, in this module or a module of their own imported at the end
of it (annex 1's P-5, P-6-5, P-6-6, P-8, P-9 in :mod:`.kinds_annex1`; annex 2's S-7, S-8-3, S-8-4,
S-8-6 in :mod:`.kinds_annex2`).
"""

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from itaku.accounts.choices import Role
from itaku.core import hygiene
from itaku.core.exceptions import ClauseViolation
from itaku.core.money import yen
from itaku.core.wareki import to_wareki

MAX_TEXT = 2000
MAX_YEN = 10**12


# -- field types ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Field:
    """One thing a request must (or may) state."""

    name: str
    label: str
    type: str  # a key of TYPES
    required: bool = True
    help_text: str = ""
    max_length: int = MAX_TEXT
    # For a "user" field (required there): the organisation field whose organisation the user must belong to.
    of_field: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    # For an "organisation" field: the request may name, instead of a registered organisation, a new one
    # (name, address, representative) that is registered with the request.
    allow_new: bool = False

    @property
    def is_choice(self) -> bool:
        """Whether people choose the value from a list (a message then says 選択してください)."""
        return self.type in CHOICE_TYPES

    def describe(self) -> dict:
        """The declaration as plain data (for the API)."""
        out = {"name": self.name, "label": str(self.label), "type": self.type, "required": self.required,
               "help_text": str(self.help_text)}
        if self.type in ("text", "longtext"):
            out["max_length"] = self.max_length
        if self.of_field:
            out["of_field"] = self.of_field
        if self.allow_new:
            out["allow_new"] = True
        if self.choices:
            out["choices"] = [{"value": v, "label": str(lbl)} for v, lbl in self.choices]
        return out


def _refuse(kind, fld: Field, message, code: str):
    raise ClauseViolation(message, code=code, clause=kind.clause, field=fld.name)


def _hygienic(kind, fld: Field, value):
    """The input hygiene, as on every other input: control characters refused naming the field; NFC for
    text, NFKC for dates, amounts, codes and names (``１２３`` is 123)."""
    try:
        return hygiene.clean_value(value, hygiene.PROSE if fld.type in ("text", "longtext") else hygiene.CODE)
    except (hygiene.InputRefused, hygiene.NestedRefusal) as exc:
        refusal = exc if isinstance(exc, hygiene.InputRefused) else exc.first()
        raise ClauseViolation(refusal.message, code=refusal.code, clause=kind.clause, field=fld.name) from exc


def _clean_text(kind, fld, value, contract, cleaned):
    if value is not None and not isinstance(value, str):
        _refuse(kind, fld, _("文字で入力してください。"), "statement_invalid")
    value = (value or "").strip()
    if len(value) > fld.max_length:
        _refuse(kind, fld, _("%(max)s字以内で入力してください。") % {"max": fld.max_length}, "statement_too_long")
    return value


def _clean_date(kind, fld, value, contract, cleaned):
    if value in (None, ""):
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    try:  # outside the dates the system handles at all: the code every input uses
        hygiene.refuse_far_date_text(value)
        hygiene.check_date_range(value)
    except hygiene.InputRefused as exc:
        _refuse(kind, fld, exc.message, exc.code)
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            value = None
    if not isinstance(value, dt.date):
        _refuse(kind, fld, _("日付（YYYY-MM-DD）で入力してください。"), "statement_invalid")
    try:
        hygiene.check_date_range(value)
    except hygiene.InputRefused as exc:
        _refuse(kind, fld, exc.message, exc.code)
    if not dt.date(1989, 1, 8) <= value <= dt.date(2199, 12, 31):
        _refuse(kind, fld, _("平成元年1月8日から2199年12月31日までの日付にしてください。"), "statement_invalid")
    return value.isoformat()


def _pk(value):
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _clean_organisation(kind, fld, value, contract, cleaned):
    """A contractor organisation other than the contract's own contractor."""
    from itaku.accounts.selectors import contractor_organisations

    if value in (None, ""):
        return None
    pk = _pk(value)
    organisation = contractor_organisations().filter(pk=pk).first() if pk is not None else None
    if organisation is None:
        _refuse(kind, fld, _("登録されている受注者の組織から選択してください。"), "statement_invalid")
    if organisation.pk == contract.contractor_id:
        _refuse(kind, fld, _("この契約の乙自身は指定できません。"), "statement_self")
    return organisation.pk


def _clean_user(kind, fld, value, contract, cleaned):
    """A user named by their username, who must be an active user of the organisation named in the
    field's ``of_field``. Stored as the username. One message whether no such user exists or the user
    belongs elsewhere, so that the names of other organisations' users cannot be probed."""
    from itaku.accounts.models import User

    if value in (None, ""):
        return ""
    username = value.strip() if isinstance(value, str) else ""
    organisation_id = cleaned.get(fld.of_field)
    user = (User.objects.filter(username=username, organisation_id=organisation_id, is_active=True).first()
            if username and organisation_id else None)
    if user is None:
        _refuse(kind, fld, _("「%(other)s」の組織に属する利用者のユーザー名を入力してください。")
                % {"other": kind.field(fld.of_field).label}, "statement_user_unknown")
    return user.get_username()


def _clean_yen(kind, fld, value, contract, cleaned):
    if value in (None, ""):
        return None
    if isinstance(value, str) and re.fullmatch(r"\s*\d+\s*", value):
        value = int(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_YEN:
        _refuse(kind, fld, _("0円以上1兆円以下の整数（円）で入力してください。"), "statement_invalid")
    return value


@cache
def countries() -> dict[str, str]:
    """ISO 3166-1 alpha-2 code → the English short name, from the time-zone database's iso3166.tab."""
    text = ""
    try:
        from importlib.resources import files

        text = (files("tzdata") / "zoneinfo" / "iso3166.tab").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        path = Path("/usr/share/zoneinfo/iso3166.tab")
        text = path.read_text(encoding="utf-8") if path.exists() else ""
    out = {}
    for line in text.splitlines():
        if line and not line.startswith("#") and "\t" in line:
            code, name = line.split("\t", 1)
            out[code.strip()] = name.strip()
    return out


def _clean_country(kind, fld, value, contract, cleaned):
    if value in (None, ""):
        return ""
    code = value.strip().upper() if isinstance(value, str) else ""
    known = countries()
    if not re.fullmatch(r"[A-Z]{2}", code) or (known and code not in known):
        _refuse(kind, fld, _("国名コード（ISO 3166-1、例：US）から選択してください。"), "statement_invalid")
    return code


def _clean_choice(kind, fld, value, contract, cleaned):
    if value in (None, ""):
        return ""
    # A choice is one of the declared strings; anything else (a number, a list, an object) is refused.
    if not isinstance(value, str) or value not in {v for v, _label in fld.choices}:
        _refuse(kind, fld, _("選択肢から選択してください。"), "statement_invalid")
    return value


CHOICE_TYPES = frozenset({"organisation", "country", "choice", "dataset", "asset"})


def missing_message(fld: Field) -> str:
    """What a required field left empty says; the field's label is shown beside it, so not repeated."""
    return _("選択してください。") if fld.is_choice else _("入力してください。")


@dataclass(frozen=True)
class FieldType:
    clean: Callable
    # (value, names) -> str; ``names`` maps ("organisation", pk) and ("user", username) to a name. A choice
    # shows its label; a user not resolved (not of the statement's organisation) shows the username as stated.
    display: Callable


TYPES: dict[str, FieldType] = {
    "text": FieldType(_clean_text, lambda v, n: v or ""),
    "longtext": FieldType(_clean_text, lambda v, n: v or ""),
    "date": FieldType(_clean_date, lambda v, n: to_wareki(dt.date.fromisoformat(v)) if v else ""),
    "organisation": FieldType(_clean_organisation, lambda v, n: n.get(("organisation", v), "") if v else ""),
    "user": FieldType(_clean_user, lambda v, n: n.get(("user", v), str(v)) if v else ""),
    "yen": FieldType(_clean_yen, lambda v, n: f"{yen(v)}円" if v is not None else ""),
    "country": FieldType(_clean_country, lambda v, n: f"{countries().get(v, '')}（{v}）" if v else ""),
    "choice": FieldType(_clean_choice, lambda v, n: v or ""),
}


# -- kinds ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Effect:
    """What an approval unlocks: the service that carries it out, named, and its button."""

    code: str  # "subcontractor_attach", "contract_assign"
    label: str  # the action's name for people
    actor_role: str = Role.REPRESENTATIVE


@dataclass(frozen=True)
class Kind:
    code: str
    clause: str
    label: str
    fields: tuple[Field, ...]
    submitter: str = Role.REPRESENTATIVE
    also_submitted_by: tuple[str, ...] = ()  # other contract roles that may submit (P-5 …: the privacy officer)
    decider: str = Role.OFFICER
    effect: Effect | None = None
    subject_field: str = ""  # the organisation field the request is about (stored as its subject)
    # Checks across fields: (kind, cleaned statement, contract) -> None, raising ClauseViolation.
    checks: tuple[Callable, ...] = ()
    description: str = ""
    clause_title: str = ""  # the article as the letter cites it: 第6条（再委託の禁止）

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    @property
    def submitters(self) -> tuple[str, ...]:
        """Every contract role that may submit a request of this kind."""
        return (self.submitter, *self.also_submitted_by)

    def may_submit(self, roles) -> bool:
        return bool(set(self.submitters) & set(roles))

    def clean(self, statement, contract) -> dict:
        """The statement checked against the declaration, as plain JSON; a refusal names the field
        and the kind's clause."""
        if not isinstance(statement, dict):
            raise ClauseViolation(_("申請の内容が読み取れません。"), code="statement_invalid", clause=self.clause,
                                  field="statement")
        unknown = sorted(set(statement) - {f.name for f in self.fields})
        if unknown:
            raise ClauseViolation(_("この申請にない項目です：%(names)s") % {"names": ", ".join(unknown)},
                                  code="statement_unknown_field", clause=self.clause, field=unknown[0])
        cleaned: dict = {}
        for fld in self.fields:
            value = TYPES[fld.type].clean(self, fld, _hygienic(self, fld, statement.get(fld.name)), contract, cleaned)
            if fld.required and value in (None, ""):
                _refuse(self, fld, missing_message(fld), "statement_missing")
            cleaned[fld.name] = value
        for check in self.checks:
            check(self, cleaned, contract)
        return cleaned

    def display(self, statement: dict, names: dict) -> list[tuple[str, str]]:
        """(label, text) for each stated field, as people read it."""
        out = []
        for fld in self.fields:
            value = statement.get(fld.name)
            if fld.type == "choice":
                text = str(dict(fld.choices).get(value, value or ""))
            else:
                text = TYPES[fld.type].display(value, names)
            if text:
                out.append((str(fld.label), text))
        return out

    def describe(self) -> dict:
        return {
            "code": self.code, "clause": self.clause, "label": str(self.label),
            "description": str(self.description), "submitter": self.submitter,
            "submitters": list(self.submitters), "decider": self.decider,
            "effect": self.effect.code if self.effect else None,
            "subject_field": self.subject_field or None,
            "fields": [f.describe() for f in self.fields],
        }


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    assert kind.code not in KINDS, f"consent kind {kind.code} registered twice"
    for fld in kind.fields:
        assert fld.type in TYPES, f"{kind.code}.{fld.name}: unknown field type {fld.type}"
        assert fld.type != "user" or any(f.name == fld.of_field and f.type == "organisation" for f in kind.fields), \
            f"{kind.code}.{fld.name}: a user field names the organisation field its user belongs to"
    if kind.subject_field:
        assert kind.field(kind.subject_field).type == "organisation"
    KINDS[kind.code] = kind
    return kind


def get(code: str) -> Kind | None:
    return KINDS.get(code)


def all_kinds() -> list[Kind]:
    return sorted(KINDS.values(), key=lambda k: (k.clause, k.code))


def kind_choices() -> list[tuple[str, str]]:
    return [(k.code, f"{k.label}（{k.clause}）") for k in all_kinds()]


def check_period(start: str, end: str):
    """A check that the date field ``end`` is not before ``start``."""
    def check(kind, cleaned, contract):
        if cleaned.get(start) and cleaned.get(end) and cleaned[end] < cleaned[start]:
            fld = kind.field(end)
            _refuse(kind, fld, _("「%(start)s」以後の日付にしてください。") % {"start": kind.field(start).label},
                    "statement_period")
    return check


# K-5: 乙 assigns the rights or duties of the contract only with 甲's prior written consent.
ASSIGNMENT = register(Kind(
    code="assignment", clause="K-5", label=gettext_lazy("権利義務の譲渡"),
    clause_title="第5条（権利義務の譲渡等の禁止）",
    description=gettext_lazy("この契約によって生ずる権利又は義務を第三者に譲渡し、又は承継させるための承諾"),
    fields=(
        Field("assignee", gettext_lazy("譲受人（承継する組織）"), "organisation"),
        Field("assignee_user", gettext_lazy("譲受人の代表者として契約に加わる利用者"), "user", of_field="assignee",
              help_text=gettext_lazy("承継後、この契約の代表者の役割を持つ譲受人の利用者のユーザー名")),
        Field("rights", gettext_lazy("譲渡する権利又は義務の内容"), "longtext"),
        Field("reason", gettext_lazy("譲渡の理由"), "longtext"),
        Field("assigned_on", gettext_lazy("譲渡予定日"), "date"),
    ),
    effect=Effect("contract_assign", gettext_lazy("契約上の地位を譲受人に移す")),
    subject_field="assignee",
))

# K-6: 乙 has the work done by a third party only with 甲's prior written consent.
SUBCONTRACT = register(Kind(
    code="subcontract", clause="K-6", label=gettext_lazy("再委託"),
    clause_title="第6条（再委託の禁止）",
    description=gettext_lazy("業務の全部又は一部の処理を第三者に委託し、又は請け負わせるための承諾"),
    fields=(
        Field("subcontractor", gettext_lazy("再委託先"), "organisation", allow_new=True),
        Field("scope", gettext_lazy("再委託する業務の範囲"), "longtext"),
        Field("reason", gettext_lazy("再委託の理由"), "longtext"),
        Field("starts_on", gettext_lazy("再委託の期間（開始）"), "date"),
        Field("ends_on", gettext_lazy("再委託の期間（終了）"), "date"),
        Field("amount", gettext_lazy("再委託の予定金額（円）"), "yen", required=False),
        Field("handles_personal_information", gettext_lazy("再委託先での個人情報の取扱い"), "choice",
              choices=(("no", gettext_lazy("取り扱わない")),
                       ("yes", gettext_lazy("取り扱う（別記1第9条の承認も要する）")))),
    ),
    effect=Effect("subcontractor_attach", gettext_lazy("再委託先として登録する")),
    subject_field="subcontractor",
    checks=(check_period("starts_on", "ends_on"),),
))


# Each annex's kinds register themselves.
from . import kinds_annex1, kinds_annex2  # noqa: E402,F401
