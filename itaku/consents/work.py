"""What consent requests leave waiting for a person (see :mod:`itaku.obligations.work`): the decision on a
request (K-5, K-6 and every kind: the contract gives the decision no deadline, so it shows how long it has
waited), and what an approval unlocks, not yet carried out (the subcontractor's registration, the
assignment)."""

from collections.abc import Iterable

from django.db.models import Exists
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from itaku.obligations import work
from itaku.obligations.work import WorkItem, item_for, member_roles

from .models import ConsentRequest, ConsentState


@work.provider("consents", waiting=lambda contract: Exists(ConsentRequest.objects.filter(
    contract=contract, state__in=[ConsentState.SUBMITTED, ConsentState.APPROVED])))
def consent_items(actor, contracts) -> Iterable[WorkItem]:
    waiting = list(ConsentRequest.objects.filter(contract__in=work.taking_part(actor, contracts),
                                                 state__in=[ConsentState.SUBMITTED, ConsentState.APPROVED])
                   .exclude(state=ConsentState.APPROVED, effected_at__isnull=False)
                   .select_related("contract").order_by("submitted_on", "id"))
    if not waiting:
        return
    roles = member_roles(actor, {c.contract_id for c in waiting})
    for consent in waiting:
        kind = consent.kind_def
        if kind is None:
            continue
        url = reverse("consents:detail", kwargs={"contract_pk": consent.contract_id, "pk": consent.pk})
        common = {"contract_id": consent.contract_id, "contract_title": consent.contract.title,
                  "clause": kind.clause, "detail": str(kind.label), "source_id": consent.pk}
        if consent.state == ConsentState.SUBMITTED:
            # The client's prior written consent: the decider approves or refuses the request.
            yield item_for(roles, (kind.decider,), kind="consents.decide", label=_("承諾の可否を決定する"),
                           noun=_("承諾の可否の決定"), url=f"{url}#decision-title", since=consent.submitted_on,
                           since_what=pgettext("since", "申請"),
                           **common)
        elif kind.effect is not None:
            # An approval whose effect is carried out by a service of its own, not done yet.
            yield item_for(roles, (kind.effect.actor_role,), kind="consents.effect", label=str(kind.effect.label),
                           noun=str(kind.effect.label), url=url, since=consent.decided_on,
                           since_what=pgettext("since", "承諾"), **common)


def _records_url(obligation) -> str:
    from itaku.contracts.panels import section_url

    return section_url(obligation.contract_id, "annex1_records", "annex1-records")


# P-5, P-6-5: the return of a take-out and the disposal of a copy are obligations of the contractor.
work.obligation_link("consents.takeout_return")(_records_url)
work.obligation_link("consents.copy_dispose")(_records_url)
