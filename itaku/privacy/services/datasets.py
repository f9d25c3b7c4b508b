"""The register of the contract's personal information (P-5, P-6-4, P-7)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from itaku.accounts.choices import Role
from itaku.contracts.models import Contract
from itaku.contracts.states import check_accepts_work
from itaku.core.exceptions import ClauseViolation
from itaku.journal.services import journal_append

from .. import access, vault
from ..choices import HandlingPlace, Medium, Source
from ..models import Dataset
from ._common import require_role, vault_refusal

FIELDS = ("name", "description", "items", "people_count", "source", "collection_purpose", "purpose_stated",
          "medium", "storage_place", "storage_lockable", "handling_place")


def _check(values: dict) -> None:
    """The clauses a register entry must satisfy."""
    if values["source"] not in Source.values:
        raise ClauseViolation(_("取得の経緯を選んでください。"), code="source", clause="P-7", field="source")
    if values["source"] == Source.COLLECTED:
        # P-7: collected only for the purpose of the work, the purpose stated to the person in writing.
        if not (values.get("collection_purpose") or "").strip():
            raise ClauseViolation(_("乙が収集した個人情報は、収集の目的を記入してください。"), code="purpose_missing",
                                  clause="P-7", field="collection_purpose")
        if values.get("purpose_stated") is None:
            raise ClauseViolation(_("本人に利用目的を明示したかを選んでください。"), code="purpose_stated_missing",
                                  clause="P-7", field="purpose_stated")
    else:
        values["collection_purpose"], values["purpose_stated"] = "", None
    if values["medium"] not in Medium.values:
        raise ClauseViolation(_("媒体を選んでください。"), code="medium", field="medium")
    if not values.get("storage_lockable"):
        raise ClauseViolation(_("個人情報は施錠できる保管場所に保管してください。"), code="storage_not_lockable",
                              clause="P-6-4", field="storage_lockable")
    if values["handling_place"] not in HandlingPlace.values:
        raise ClauseViolation(_("取扱場所は甲の事務所か乙の登録された事業所です。"), code="handling_place",
                              clause="P-5", field="handling_place")


@transaction.atomic
def dataset_register(*, actor, contract: Contract, **values) -> Dataset:
    """The contractor's privacy officer (個人情報保護責任者), while named and briefed in the accepted F-P,
    registers a body of personal information; it gets its own data key, wrapped by the master key."""
    require_role(actor, contract, {Role.PRIVACY_OFFICER},
                 _("個人情報を登録できるのは受注者の個人情報保護責任者です。"))
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    check_accepts_work(contract)
    refusal = access.handling_refusal(actor, contract)
    if refusal is not None:
        raise refusal
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    _check(values)
    dataset = Dataset.objects.create(contract=contract, registered_by=actor, registered_at=timezone.now(), **values)
    try:
        dataset.wrapped_key = vault.wrap(vault.new_data_key(), dataset_id=dataset.pk)
    except vault.VaultError as exc:
        raise vault_refusal(exc, dataset) from None
    dataset.save(update_fields=["wrapped_key"])
    journal_append(actor=actor, action="privacy.dataset.registered", contract=contract, clause="P-6-1", obj=dataset,
                   data={"dataset": dataset.pk, "name": dataset.name, "people_count": dataset.people_count,
                         "source": dataset.source, "medium": dataset.medium,
                         "storage_place": dataset.storage_place, "handling_place": dataset.handling_place})
    return dataset
