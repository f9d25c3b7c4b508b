"""The contract page is assembled from panels: each app that carries clauses of a contract adds its
own section (consents, oversight, completion and payment, obligations …) without touching the page.

An app registers a panel in its ``AppConfig.ready``::

    @panels.register(key="consents", order=30, template="consents/panel.html", title=_("承諾"))
    def consents_panel(request, contract) -> dict:
        return {"requests": selectors.consent_list(request.user, contract=contract)}

The function reads through the app's selectors, scoped by ``request.user``; it returns the template's
context, or ``None`` to leave the panel out.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    key: str
    order: int
    template: str
    context: Callable
    title: str = ""


_PANELS: dict[str, Panel] = {}


def register(*, key: str, order: int, template: str, title=""):
    """``title`` names the panel in the page's table of contents."""
    def decorator(func):
        _PANELS[key] = Panel(key=key, order=order, template=template, context=func, title=title)
        return func
    return decorator


def panels_for(request, contract) -> list[dict]:
    """The panels of ``contract`` for ``request.user``, in order: ``{"key", "template", "context", "title"}``."""
    out = []
    for panel in sorted(_PANELS.values(), key=lambda p: (p.order, p.key)):
        context = panel.context(request, contract)
        if context is not None:
            out.append({"key": panel.key, "template": panel.template, "context": context, "title": panel.title})
    return out
