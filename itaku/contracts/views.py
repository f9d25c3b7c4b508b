import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from itaku.accounts.choices import Role
from itaku.accounts.selectors import can_create_contracts
from itaku.core import generations
from itaku.core.exceptions import ClauseViolation, PermissionRefused
from itaku.documents.http import document_attachment
from itaku.documents.services import document_generate

from . import panels, selectors
from .forms import ContractFilterForm, ContractForm
from .services import contract_activate, contract_create


@login_required
@require_GET
def contract_list(request):
    contractors, fiscal_years = selectors.list_filter_choices(request.user)
    form = ContractFilterForm(request.GET or None, contractors=contractors, fiscal_years=fiscal_years)
    filters = form.cleaned_data if form.is_valid() else {}
    contracts = selectors.contract_list(
        request.user,
        q=filters.get("q") or "",
        contractor=filters["contractor"].pk if filters.get("contractor") else None,
        state=filters.get("state") or "",
        fiscal_year=filters.get("fiscal_year"),
    )
    page = Paginator(contracts, 50).get_page(request.GET.get("page"))
    return render(request, "contracts/contract_list.html", {
        "form": form, "page": page, "can_create": can_create_contracts(request.user),
    })


@login_required
def contract_create_view(request):
    if not can_create_contracts(request.user):
        raise PermissionDenied
    form = ContractForm(request.POST or None, request.FILES or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            contract = contract_create(
                actor=request.user, template=data["template"], title=data["title"],
                contractor=data["contractor"], signed_on=data["signed_on"], ends_on=data["ends_on"],
                amount=data["amount"], deposit_amount=data.get("deposit_amount"),
                deposit_exempt=data.get("deposit_exempt", False),
                deposit_exemption_basis=data.get("deposit_exemption_basis") or "",
                premises_address=data.get("premises_address") or "",
                specification=data.get("specification"), members=form.member_specs(),
                draft=data.get("draft", False),
            )
        except PermissionRefused as exc:
            raise PermissionDenied(str(exc)) from exc
        except ClauseViolation as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, _("契約を登録しました。"))
            return redirect("contracts:detail", pk=contract.pk)
    return render(request, "contracts/contract_form.html", {"form": form})


# 次にすること shows the most urgent steps only, so that every page of the hub keeps its section in view;
# the rest are on わたしの仕事 and in the sections.
NEXT_STEPS_SHOWN = 5


def _tabs_and_items(request, contract) -> tuple[list[dict], list]:
    from itaku.obligations.work import items_for

    tabs = [{"key": panels.OVERVIEW, "title": _("概要"), "url": contract.get_absolute_url(), "count": None}]
    shown = [panel for panel in panels.tabbed() if panel.shown_to(request, contract)]
    counts = panels.tab_counts(request, contract, shown)  # one query for every tab's badge
    for panel in shown:
        tabs.append({"key": panel.key, "title": str(panel.title),
                     "url": panels.section_url(contract.pk, panel.key), "count": counts.get(panel.key)})
    return tabs, items_for(request.user, contract=contract, fresh=True)


def _hub(request, contract, current: str) -> dict:
    """What every page of the contract hub shows: the header, the user's next steps, the tabs.

    The tabs and the steps are computed once per generation of the contract's pages (any change on the
    contract or on its contractor starts a new one), per person, language and day."""
    today = timezone.localdate()
    tabs, items = generations.cached(
        f"hub:{request.user.pk}:{contract.pk}:{get_language()}:{today.isoformat()}",
        generations.contract_pages(contract), lambda: _tabs_and_items(request, contract))
    mine, others = [i for i in items if i.mine], [i for i in items if not i.mine]
    return {
        "contract": contract,
        "is_officer": any(m.user_id == request.user.pk and m.role == Role.OFFICER for m in contract.memberships.all()),
        "tabs": tabs,
        "current": current,
        "today": today,
        "next_steps": mine[:NEXT_STEPS_SHOWN],
        "next_steps_more": max(len(mine) - NEXT_STEPS_SHOWN, 0),
        "waiting_on_others": others[:NEXT_STEPS_SHOWN],
        "waiting_more": max(len(others) - NEXT_STEPS_SHOWN, 0),
    }


@login_required
@require_GET
def contract_detail(request, pk):
    """The hub's first page, 概要: parties, amount, deposit, members, clauses."""
    contract = selectors.contract_get(request.user, pk)
    order = {role: i for i, role in enumerate(Role.values)}
    members = {}
    for membership in sorted(contract.memberships.all(), key=lambda m: (order[m.role], m.user.username)):
        members.setdefault(membership.user, []).append(membership)
    return render(request, "contracts/contract_detail.html", {
        **_hub(request, contract, panels.OVERVIEW),
        "members": members.items(),
        "clauses": selectors.contract_clauses(contract),
    })


@login_required
@require_GET
def contract_section(request, pk, section):
    """One section of the contract hub, registered by its app (see panels.py)."""
    contract = selectors.contract_get(request.user, pk)
    panel = panels.get(section)
    if panel is None:
        raise Http404
    hub = _hub(request, contract, section)
    parts = _section_parts(request, contract, panel, hub)
    if parts is None:
        raise Http404
    return render(request, "contracts/contract_section.html", {**hub, "panel": parts[0], "parts": parts})


# Written in a section's cached HTML where the request's CSRF token goes, and replaced on each request.
CSRF_HOLE = "itaku-csrf-token-of-the-request"


def _section_parts(request, contract, panel, hub: dict) -> list[dict] | None:
    """The section's parts rendered (``[{"key", "title", "html"}]``), or ``None`` when the user does not
    see the section. Rendered once per generation of the contract's pages, per person, language, day and
    query string, with the CSRF token written in on each request."""
    def compute():
        parts = panels.render_parts(request, contract, panel)
        if parts is None:
            return None
        shared = {**hub, "csrf_token": CSRF_HOLE}
        return [{"key": part["key"], "title": str(part["title"]),
                 "html": render_to_string(part["template"], {**shared, "panel": part["context"]}, request)}
                for part in parts]

    query = hashlib.sha256(request.GET.urlencode().encode()).hexdigest()[:16]
    parts = generations.cached(
        f"section:{panel.key}:{request.user.pk}:{contract.pk}:{get_language()}:{hub['today'].isoformat()}:{query}",
        generations.contract_pages(contract), compute)
    if parts is None:
        return None
    token = get_token(request)
    return [{**part, "html": mark_safe(part["html"].replace(CSRF_HOLE, token))} for part in parts]  # noqa: S308


@login_required
@require_GET
def contract_specification(request, pk):
    contract = selectors.contract_get(request.user, pk)
    if not contract.specification:
        raise Http404
    return FileResponse(contract.specification.open("rb"), as_attachment=True,
                        filename=contract.specification.name.rsplit("/", 1)[-1])


@login_required
@require_POST
def contract_document(request, pk, fmt):
    """Generate the contract document; a POST, since each generation is stored and journaled."""
    contract = selectors.contract_get(request.user, pk)
    if fmt not in ("pdf", "docx"):
        raise Http404
    document = document_generate(actor=request.user, contract=contract, kind="contract", fmt=fmt)
    return document_attachment(document)


@login_required
@require_POST
def contract_activate_view(request, pk):
    """K-end: record the signing of a contract registered as a draft."""
    contract = selectors.contract_get(request.user, pk)
    try:
        contract_activate(actor=request.user, contract=contract)
    except PermissionRefused as exc:
        raise PermissionDenied(str(exc)) from exc
    except ClauseViolation as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("契約の締結を記録しました。"))
    return redirect("contracts:detail", pk=contract.pk)
