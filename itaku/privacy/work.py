"""What the close-out of personal information leaves waiting for a person (P-6-7): the contractor's
privacy officer carries out a direction, the client's officer confirms what was carried out."""

from collections.abc import Iterable

from django.db.models import Exists
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from itaku.accounts.choices import Role
from itaku.obligations import work
from itaku.obligations.work import WorkItem, item_for, member_roles

from .choices import DatasetState
from .models import Dataset


@work.provider("privacy", waiting=lambda contract: Exists(Dataset.objects.filter(
    contract=contract, confirmed_on__isnull=True)))
def privacy_items(actor, contracts) -> Iterable[WorkItem]:
    # The few datasets waiting first, then the actor's roles on their contracts only.
    waiting = list(Dataset.objects.filter(contract__in=work.taking_part(actor, contracts), confirmed_on__isnull=True)
                   .exclude(state=DatasetState.HELD, directed_method="").select_related("contract").order_by("id"))
    if not waiting:
        return
    roles = member_roles(actor, sorted({d.contract_id for d in waiting}))
    for dataset in waiting:
        url = reverse("privacy:dataset", args=[dataset.contract_id, dataset.pk])
        common = {"contract_id": dataset.contract_id, "contract_title": dataset.contract.title, "clause": "P-6-7",
                  "detail": dataset.name, "source_id": dataset.pk}
        if dataset.state == DatasetState.HELD:
            yield item_for(roles, (Role.PRIVACY_OFFICER,), kind="privacy.close_out",
                           label=_("個人情報を返還・廃棄・消去する"), noun=_("個人情報の返還・廃棄・消去"),
                           url=f"{url}#close-out", since=dataset.directed_on,
                           since_what=pgettext("since", "指示"), **common)
        else:
            yield item_for(roles, (Role.OFFICER,), kind="privacy.confirm",
                           label=_("個人情報の返還・廃棄・消去を確認する"), noun=_("返還・廃棄・消去の確認"),
                           url=f"{url}#close-out", since=dataset.closed_on,
                           since_what=pgettext("since", "実施"), **common)
