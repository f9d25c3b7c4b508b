"""What incidents leave waiting for a person (see :mod:`itaku.obligations.work`). The deadlines are
obligations (the first report, the detailed report, the Commission's 速報 and 確報) and link to the incident's
page; what has no deadline is yielded here: the officer's review of a submitted detailed report and the
officer's decision whether the Commission must be told (P-12)."""

from collections.abc import Iterable

from django.db.models import Exists, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from itaku.accounts.choices import Role
from itaku.obligations import work
from itaku.obligations.work import WorkItem, item_for, member_roles

from .choices import DETAIL_KIND, FIRST_REPORT_KIND, PPC_FINAL_KIND, PPC_PRELIMINARY_KIND, IncidentState, Scope
from .models import Incident

REVIEW_KIND = "incidents.review"
ASSESS_KIND = "incidents.ppc_assess"


def incident_url(contract_id: int, pk: int, anchor: str = "") -> str:
    url = reverse("incidents:detail", kwargs={"contract_pk": contract_id, "pk": pk})
    return f"{url}#{anchor}" if anchor else url


@work.provider("incidents", waiting=lambda contract: Exists(Incident.objects.filter(
    contract=contract, state=IncidentState.OPEN)))
def incident_items(actor, contracts) -> Iterable[WorkItem]:
    """One query for the open incidents of the contracts the actor takes part in (with the report awaiting
    review, if any), one for the roles of the few contracts that have any."""
    waiting = list(Incident.objects.filter(contract__in=work.taking_part(actor, contracts),
                                           state=IncidentState.OPEN)
                   .annotate(submitted_at=Max("reports__submitted_at", filter=Q(reports__state="submitted")))
                   .select_related("contract").order_by("discovered_at", "id"))
    if not waiting:
        return
    roles = member_roles(actor, {i.contract_id for i in waiting})
    for incident in waiting:
        common = {"contract_id": incident.contract_id, "contract_title": incident.contract.title,
                  "clause": incident.clause_id, "detail": incident.title, "source_id": incident.pk}
        if incident.submitted_at:
            yield item_for(roles, (Role.OFFICER,), kind=REVIEW_KIND, label=_("事故の詳細報告を確認する"),
                           noun=_("事故の詳細報告の確認"),
                           url=incident_url(incident.contract_id, incident.pk, "review"),
                           since=timezone.localdate(incident.submitted_at), since_what=pgettext("since", "提出"),
                           **common)
        if incident.scope != Scope.SECURITY and incident.ppc_assessed_at is None:
            yield item_for(roles, (Role.OFFICER,), kind=ASSESS_KIND,
                           label=_("個人情報保護委員会への報告の要否を判断する"),
                           noun=_("個人情報保護委員会への報告の要否の判断"),
                           url=incident_url(incident.contract_id, incident.pk, "ppc"),
                           since=timezone.localdate(incident.opened_at), since_what=pgettext("since", "起票"),
                           **{**common, "clause": "P-12"})


for _kind, _anchor in ((FIRST_REPORT_KIND, "first-report"), (DETAIL_KIND, "report"), (PPC_PRELIMINARY_KIND, "ppc"),
                       (PPC_FINAL_KIND, "ppc")):
    work.obligation_link(_kind)(lambda o, anchor=_anchor: incident_url(o.contract_id, o.source_id, anchor))
