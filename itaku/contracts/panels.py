"""The contract page is a hub: a header, the signed-in person's next steps (次にすること), and one
section per area, each at its own URL with its own tab. Each app that carries clauses of a contract
registers its section once, in its ``AppConfig.ready``; a new area adds a tab without touching the
others::

    @panels.register(key="consents", order=30, template="consents/panel.html", title=_("承諾"),
                     count=lambda request, contract: ...)
    def consents_panel(request, contract) -> dict:
        return {"requests": selectors.consent_list(request.user, contract=contract)}

The context function reads through the app's selectors, scoped by ``request.user``; it returns the
template's context, or ``None`` when the section is not for this user (the tab is then not shown and
its URL answers 404). ``count`` (optional) gives the number shown on the tab.

A section's URL is ``contracts/<pk>/<key>/`` (:func:`section_url`); the overview is the contract's
own URL.
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


_PANELS: dict[str, Panel] = {}


def register(*, key: str, order: int, template: str, title="", count: Callable | None = None):
    """``title`` names the section's tab; ``count(request, contract)`` its badge."""
    def decorator(func):
        _PANELS[key] = Panel(key=key, order=order, template=template, context=func, title=title, count=count)
        return func
    return decorator


def registered() -> list[Panel]:
    return sorted(_PANELS.values(), key=lambda p: (p.order, p.key))


def get(key: str) -> Panel | None:
    return _PANELS.get(key)


def section_url(contract_pk: int, key: str, anchor: str = "") -> str:
    """The URL of the section ``key`` of a contract's page, with an optional ``#anchor``."""
    from django.urls import reverse

    if key == OVERVIEW:
        url = reverse("contracts:detail", args=[contract_pk])
    else:
        url = reverse("contracts:section", kwargs={"pk": contract_pk, "section": key})
    return f"{url}#{anchor}" if anchor else url


def panels_for(request, contract) -> list[dict]:
    """The panels of ``contract`` for ``request.user``, in order: ``{"key", "template", "context", "title"}``."""
    out = []
    for panel in registered():
        context = panel.context(request, contract)
        if context is not None:
            out.append({"key": panel.key, "template": panel.template, "context": context, "title": panel.title})
    return out
