"""The contract page is a hub: a header, the signed-in person's next steps (次にすること), and one
section per area, each at its own URL with its own tab. Each app that carries clauses of a contract
registers its section once, in its ``AppConfig.ready``; a new area adds a tab without touching the
others::

    @panels.register(key="consents", order=30, template="consents/panel.html", title=_("承諾"),
                     count=lambda request, contract: ..., visible=lambda request, contract: ...)
    def consents_panel(request, contract) -> dict:
        return {"requests": selectors.consent_list(request.user, contract=contract)}

The context function reads through the app's selectors, scoped by ``request.user``, and returns the
template's context. ``visible(request, contract)`` (optional; default: everyone who sees the
contract) says who sees the section: for the others its tab is not shown and its URL answers 404.
``count(request, contract)`` (optional) gives the number on the tab: an int (or ``None``), or better a
queryset of what it counts, so that the hub counts every tab's in one query (:func:`tab_counts`).
``within`` names another section this one is shown at the end of, instead of having a tab of its own
(the late-payment rate is part of 「完了・検査・支払」).

A section's URL is ``contracts/<pk>/<key>/`` (:func:`section_url`); the overview (概要) is the
contract's own URL. A section's lists are bounded (paginated or cut to the newest rows), and its rare
acts open from a button to their own page, so that no section grows taller than a few screens.

Anchors inside the sections, stable for links from work items (``section_url(pk, key, anchor)``):

- ``obligations``: ``#obligation-<id>`` (a row of the table of deadlines).
- ``consents``: ``#consent-<id>`` (a request's row; its page is ``consents:detail``), ``#consent-new``
  (the buttons that open a new request), ``#subcontractors``.
- ``oversight``: ``#request-<id>`` (a request, report or instruction; its page answers and accepts),
  ``#consultation-<id>``, ``#oversight-new`` (the officer's button to issue one).
- ``lifecycle``: one anchor per act, on its form or its button: ``#completion``, ``#rework``,
  ``#inspection``, ``#invoice``, ``#payment``, ``#penalty``, ``#settle``, ``#close``, ``#performed``;
  ``#report-<id>`` (a completion report with its inspection), ``#invoice-<id>`` (an invoice with its
  payments), ``#late-payment-rate``.
- ``termination``: ``#termination`` (the termination, or the officer's button), ``#termination-settle``,
  ``#force-majeure-<id>`` (a K-16 request's row, with its buttons 調査を開始する / 決定する),
  ``#force-majeure-new``, ``#damages``.
- ``documents``: ``#contract-document``, ``#document-<id>``.
- ``timeline``: ``#event-<seq>``.
"""

from collections.abc import Callable
from dataclasses import dataclass

OVERVIEW = "overview"


@dataclass(frozen=True)
class Panel:
    key: str
    order: int
    template: str
    context: Callable
    title: str = ""
    count: Callable | None = None
    visible: Callable | None = None
    within: str = ""

    def shown_to(self, request, contract) -> bool:
        return self.visible is None or bool(self.visible(request, contract))


_PANELS: dict[str, Panel] = {}


def register(*, key: str, order: int, template: str, title="", count: Callable | None = None,
             visible: Callable | None = None, within: str = ""):
    """``title`` names the section's tab; ``count(request, contract)`` its badge; ``visible(request,
    contract)`` whether the user sees it; ``within`` the section it is part of, if it has no tab."""
    if key == OVERVIEW:
        raise ValueError(f"{OVERVIEW!r} is the contract's own page")

    def decorator(func):
        _PANELS[key] = Panel(key=key, order=order, template=template, context=func, title=title, count=count,
                             visible=visible, within=within)
        return func
    return decorator


def tab_counts(request, contract, panels: list[Panel]) -> dict[str, int | None]:
    """The badge of each of ``panels``: the counts given as querysets are counted together, in one query
    (one subquery each); zero shows no badge."""
    from django.db.models import F, Func, QuerySet, Subquery
    from django.db.models.functions import Coalesce

    counts: dict[str, int | None] = {}
    together: dict[str, QuerySet] = {}
    for panel in panels:
        if panel.count is None:
            continue
        value = panel.count(request, contract)
        if isinstance(value, QuerySet):
            together[panel.key] = value
        else:
            counts[panel.key] = value or None
    if together:
        from .models import Contract

        annotations = {f"n_{i}": Coalesce(Subquery(qs.order_by().annotate(_n=Func(F("pk"), function="COUNT"))
                                                   .values("_n")[:1]), 0)
                       for i, qs in enumerate(together.values())}
        row = Contract.objects.filter(pk=contract.pk).annotate(**annotations).values_list(*annotations).first()
        for key, n in zip(together, row or [0] * len(together), strict=True):
            counts[key] = n or None
    return counts


def registered() -> list[Panel]:
    """Every section, in order (the parts shown within another section included)."""
    return sorted(_PANELS.values(), key=lambda p: (p.order, p.key))


def tabbed() -> list[Panel]:
    """The sections that have a tab of their own, in order."""
    return [p for p in registered() if not p.within]


def parts_of(key: str) -> list[Panel]:
    """The sections shown at the end of section ``key``, in order."""
    return [p for p in registered() if p.within == key]


def get(key: str) -> Panel | None:
    """The section ``key`` if it has a tab (a part shown within another section has no URL)."""
    panel = _PANELS.get(key)
    return panel if panel is not None and not panel.within else None


def section_url(contract_pk: int, key: str, anchor: str = "") -> str:
    """The URL of the section ``key`` of a contract's page, with an optional ``#anchor``.

    A part shown within another section is reached at that section's URL.
    """
    from django.urls import reverse

    panel = _PANELS.get(key)
    if panel is not None and panel.within:
        key = panel.within
    if key == OVERVIEW:
        url = reverse("contracts:detail", args=[contract_pk])
    else:
        url = reverse("contracts:section", kwargs={"pk": contract_pk, "section": key})
    return f"{url}#{anchor}" if anchor else url


def render_parts(request, contract, panel: Panel) -> list[dict] | None:
    """The section ``panel`` and the parts shown within it, for ``request.user``:
    ``[{"key", "template", "context", "title"}]``; ``None`` when the user does not see the section."""
    if not panel.shown_to(request, contract):
        return None
    out = []
    for part in [panel, *parts_of(panel.key)]:
        if not part.shown_to(request, contract):
            continue
        context = part.context(request, contract)
        if context is not None:
            out.append({"key": part.key, "template": part.template, "context": context, "title": part.title})
    return out if out and out[0]["key"] == panel.key else None
