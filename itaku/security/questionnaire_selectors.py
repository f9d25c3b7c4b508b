"""Reads of the self-assessment sheet (F-S), for a contract the actor sees (``contract_get`` first), and the
client's view across contractors (officers and auditors of the client). Each function runs a constant
number of queries."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone

from itaku.accounts.choices import Role
from itaku.accounts.models import Membership
from itaku.contracts.choices import ContractState
from itaku.contracts.selectors import contracts_visible_to
from itaku.obligations.models import Obligation, ObligationState

from .models import QuestionnaireCategory, QuestionnaireItem, SecuritySheet, SheetAnswer, SheetVersion
from .questionnaire_choices import REMEDY_KIND, Result, SheetState
from .questionnaire_contents import contract_contents, rows_with_values

ANSWERS = Prefetch("answers", queryset=SheetAnswer.objects.select_related("item__category").order_by("item__number"))
OVERVIEW_ROLES = frozenset({Role.OFFICER, Role.AUDITOR})
OPEN_STATES = (ContractState.ACTIVE, ContractState.COMPLETION_REPORTED, ContractState.REWORK)


def versions(contract) -> list[SheetVersion]:
    """Every version of the contract's sheet, newest first."""
    return list(SheetVersion.objects.filter(sheet__contract_id=contract.pk)
                .select_related("submitted_by", "decided_by", "template").order_by("-number"))


def version_get(contract, pk) -> SheetVersion:
    version = (SheetVersion.objects.filter(sheet__contract_id=contract.pk, pk=pk)
               .select_related("sheet__contract", "template", "created_by", "submitted_by", "decided_by")
               .prefetch_related(ANSWERS).first())
    if version is None:
        raise Http404
    return version


@dataclass
class Group:
    category: QuestionnaireCategory
    answers: list = field(default_factory=list)


def grouped(version: SheetVersion) -> list[Group]:
    """The answers by category, in the form's order (the answers prefetched)."""
    groups: dict[int, Group] = {}
    for answer in version.answers.all():
        category = answer.item.category
        groups.setdefault(category.pk, Group(category)).answers.append(answer)
    return sorted(groups.values(), key=lambda g: g.category.position)


def contents_rows(version: SheetVersion) -> list[dict]:
    """Section 1: fixed at the submission; a draft shows the contract as it is now."""
    contents = version.contents if version.state != SheetState.DRAFT else contract_contents(version.sheet.contract)
    return rows_with_values(version.template, contents)


def measures_rows(version: SheetVersion) -> list[dict]:
    return [{**m, "value": version.measures.get(m["key"], "")} for m in version.template.measures]


def remedies(version: SheetVersion) -> dict[int, Obligation]:
    """{answer id: the remedy it opened} for the version's いいえ."""
    ctype = ContentType.objects.get_for_model(SheetAnswer)
    rows = Obligation.objects.filter(kind=REMEDY_KIND, source_type=ctype,
                                     source_id__in=[a.pk for a in version.answers.all()])
    return {o.source_id: o for o in rows}


@dataclass
class CompareRow:
    number: int
    text: str
    category: str
    left: SheetAnswer | None
    right: SheetAnswer | None

    @property
    def changed(self) -> bool:
        def key(a):
            return (a.result, a.remark, a.target_on) if a else None
        return key(self.left) != key(self.right)


def compare(left: SheetVersion, right: SheetVersion) -> list[CompareRow]:
    """Two versions item by item (by item number; an item one question set lacks shows as missing)."""
    a = {x.item.number: x for x in left.answers.all()}
    b = {x.item.number: x for x in right.answers.all()}
    rows = []
    for number in sorted(set(a) | set(b)):
        item = (b.get(number) or a.get(number)).item
        rows.append(CompareRow(number, item.text, item.category.name, a.get(number), b.get(number)))
    return rows


def latest_state(contract):
    """The newest version of the contract's sheet and the newest accepted one (the hub's part)."""
    rows = versions(contract)
    accepted = next((v for v in rows if v.state == SheetState.ACCEPTED), None)
    return (rows[0] if rows else None), accepted, rows


# -- the client's view across contractors ------------------------------------------------------------

def may_see_overview(actor) -> bool:
    if not actor.is_authenticated or actor.organisation_id is None or not actor.organisation.is_client:
        return False
    return Membership.objects.filter(user=actor, role__in=OVERVIEW_ROLES).exists()


@dataclass
class SheetRow:
    contract: object
    latest: SheetVersion | None
    accepted: SheetVersion | None
    department: str
    overdue: bool
    results: dict  # item number -> result of the version shown
    noes: int
    remedies: list


@dataclass
class Overview:
    rows: list
    items: list
    most_no: list
    overdue: list
    returned: list
    remedies: list
    departments: list
    years: list


def overview(actor, *, fiscal_year: int | None = None, department: str = "", today: dt.date | None = None
             ) -> Overview:
    """Every contractor's latest sheet side by side (the accepted one, else the newest submitted), the items
    answered いいえ most often, the sheets overdue or returned, and the open remediation dates."""
    today = today or timezone.localdate()
    base = contracts_visible_to(actor)
    years = sorted(set(base.values_list("fiscal_year", flat=True)), reverse=True)
    departments = sorted(set(SecuritySheet.objects.filter(contract__in=base).exclude(department="")
                             .values_list("department", flat=True)))
    contracts = base.select_related("contractor").order_by("-fiscal_year", "contractor__name", "id")
    if fiscal_year:
        contracts = contracts.filter(fiscal_year=fiscal_year)
    if department:
        contracts = contracts.filter(security_sheet__department=department)
    contracts = list(contracts)
    ids = [c.pk for c in contracts]
    sheets = {s.contract_id: s for s in SecuritySheet.objects.filter(contract_id__in=ids)}
    by_sheet: dict[int, list] = {}
    for v in (SheetVersion.objects.filter(sheet__contract_id__in=ids).exclude(state=SheetState.DRAFT)
              .select_related("template").order_by("sheet_id", "-number")):
        by_sheet.setdefault(v.sheet_id, []).append(v)
    shown = {}
    for sheet_id, vs in by_sheet.items():
        shown[sheet_id] = (next((v for v in vs if v.state == SheetState.ACCEPTED), None), vs[0])
    shown_ids = [(acc or latest).pk for acc, latest in shown.values()]
    answers: dict[int, dict] = {}
    items: dict[int, str] = {}
    for number, text, version_id, result in (SheetAnswer.objects.filter(version_id__in=shown_ids)
                                             .values_list("item__number", "item__text", "version_id", "result")):
        answers.setdefault(version_id, {})[number] = result
        items.setdefault(number, text)
    ctype = ContentType.objects.get_for_model(SheetAnswer)
    open_remedies = list(Obligation.objects.filter(contract_id__in=ids, kind=REMEDY_KIND, source_type=ctype,
                                                   state=ObligationState.OPEN)
                         .select_related("contract__contractor").order_by("due_on", "id"))
    remedies_by_contract: dict[int, list] = {}
    for o in open_remedies:
        remedies_by_contract.setdefault(o.contract_id, []).append(o)
    rows, counter = [], Counter()
    for contract in contracts:
        sheet = sheets.get(contract.pk)
        accepted, latest = shown.get(sheet.pk, (None, None)) if sheet else (None, None)
        version = accepted or latest
        results = answers.get(version.pk, {}) if version else {}
        noes = [n for n, r in results.items() if r == Result.NO]
        counter.update(noes)
        due = contract.signed_on + dt.timedelta(days=(version.template.due_days if version else 14))
        overdue = (contract.state in OPEN_STATES and accepted is None
                   and (latest is None or latest.state == SheetState.RETURNED) and due < today)
        rows.append(SheetRow(contract=contract, latest=latest, accepted=accepted,
                             department=sheet.department if sheet else "", overdue=overdue, results=results,
                             noes=len(noes), remedies=remedies_by_contract.get(contract.pk, [])))
    rows.sort(key=lambda r: not r.results)  # the sheets with answers first, side by side; the missing ones after
    item_list = [{"number": n, "text": items[n], "cells": [r.results.get(n, "") for r in rows]} for n in sorted(items)]
    most_no = [{"number": n, "text": items[n], "count": c} for n, c in
               sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])) if c]
    return Overview(rows=rows, items=item_list, most_no=most_no, overdue=[r for r in rows if r.overdue],
                    returned=[r for r in rows if r.latest is not None and r.latest.state == SheetState.RETURNED],
                    remedies=open_remedies, departments=departments, years=years)


def template_items(template) -> list[QuestionnaireItem]:
    return list(QuestionnaireItem.objects.filter(template=template).select_related("category").order_by("number"))
