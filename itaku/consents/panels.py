"""The contract hub's section 「承諾」: the consent requests (a page at a time) and the subcontractors."""

from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy as _

from itaku.contracts import panels

from . import selectors
from .models import ConsentState

PER_PAGE = 12


def _waiting(request, contract):
    """The tab's badge: the requests awaiting the client's decision."""
    return selectors.consent_list(request.user, contract=contract, state=ConsentState.SUBMITTED)


@panels.register(key="consents", order=30, template="consents/panel.html", title=_("承諾"), count=_waiting)
def consents_panel(request, contract) -> dict:
    from itaku.contracts.lifecycle.selectors import actor_roles

    roles = actor_roles(request.user, contract)  # from the prefetched memberships
    page = Paginator(selectors.consent_list(request.user, contract=contract), PER_PAGE).get_page(
        request.GET.get("page"))
    return {
        "requests": list(page.object_list),
        "page": page,
        "subcontractors": list(selectors.subcontractor_list(request.user, contract=contract)),
        "kinds": selectors.kinds_submittable(request.user, contract, roles=roles),
    }


RECORDS_SHOWN = 20


@panels.register(key="annex1_records", order=36, template="consents/records_panel.html", within="privacy")
def records_panel(request, contract) -> dict:
    """Within 「個人情報」: the take-outs (P-5) and the copies (P-6-5) the approvals opened, the files the
    signed-in person may take out or copy now, and the returns and disposals still to record."""
    from itaku.privacy.models import DatasetFile

    from .models import CopyAllowance, TakeOut, TakeOutState

    user = request.user
    from itaku.contracts.lifecycle.selectors import actor_roles

    roles = actor_roles(user, contract)  # from the prefetched memberships
    visible = selectors.consents_visible_to(user).filter(contract=contract)
    takeouts = list(TakeOut.objects.filter(consent__in=visible).select_related("dataset", "holder", "returned_by")
                    .order_by("-starts_on", "-id")[:RECORDS_SHOWN])
    allowances = list(CopyAllowance.objects.filter(consent__in=visible)
                      .select_related("dataset", "holder").prefetch_related("copies__made_by", "copies__disposed_by")
                      .order_by("-opened_at", "-id")[:RECORDS_SHOWN])
    closer = bool(roles & {"privacy_officer", "representative"})
    for takeout in takeouts:
        takeout.may_return = takeout.state == TakeOutState.OPEN and (closer or takeout.holder_id == user.pk)
    for allowance in allowances:
        for copy in allowance.copies.all():
            copy.may_dispose = copy.disposed_on is None and (closer or copy.made_by_id == user.pk)
    mine_out = {t.dataset_id: t for t in takeouts if t.holder_id == user.pk and t.state == TakeOutState.OPEN}
    mine_copy = {a.dataset_id: a for a in allowances if a.holder_id == user.pk and a.remaining}
    files = list(DatasetFile.objects.filter(dataset_id__in=set(mine_out) | set(mine_copy), erased_at__isnull=True)
                 .select_related("dataset").order_by("dataset_id", "id")) if (mine_out or mine_copy) else []
    for file in files:
        file.takeout, file.allowance = mine_out.get(file.dataset_id), mine_copy.get(file.dataset_id)
    return {"takeouts": takeouts, "allowances": allowances, "files": files}
