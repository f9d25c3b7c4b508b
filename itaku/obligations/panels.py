from django.utils.translation import gettext_lazy as _

from itaku.contracts import panels

from . import selectors


@panels.register(key="obligations", order=10, template="obligations/panel.html", title=_("期限"))
def obligations_panel(request, contract) -> dict:
    from itaku.accounts.choices import Role

    obligations = list(selectors.contract_obligations(request.user, contract))
    can_waive = any(m.user_id == request.user.pk and m.role == Role.OFFICER for m in contract.memberships.all())
    return {"obligations": obligations, "can_waive": can_waive}
