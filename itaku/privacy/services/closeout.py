"""Close-out of the personal information at the end of the work (P-6-7).

1. The client's officer directs, per dataset, its return, disposal or erasure (:func:`dataset_direct`).
2. The contractor's privacy officer carries it out and records how (:func:`dataset_close_out`). Whatever
   the method, Itaku stops holding the dataset's files: the dataset's data key is destroyed and the
   ciphertext deleted, so no copy of the ciphertext can ever be decrypted again. (For a return, the
   client takes its files through its own grant before the contractor records the return.) The hashes
   of what was destroyed are kept for the certificate.
3. The officer confirms it (:func:`dataset_confirm`). The contract cannot be closed while a dataset is
   held or not confirmed (the close-out gate registered in :mod:`itaku.privacy.apps`).
4. The disposal certificate (PDF) lists each dataset, the method, the date, who did it and who confirmed
   it, and the hashes (:func:`disposal_certificate_generate`).
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from itaku.accounts.choices import Role
from itaku.contracts.choices import ContractState
from itaku.core.exceptions import ClauseViolation
from itaku.core.storage import pending_name
from itaku.documents.services import document_generate
from itaku.journal.services import journal_append

from .. import access
from ..choices import CLOSED_STATE, CloseOutMethod, DatasetState
from ..models import Dataset, DatasetFile
from ._common import require_role

CERTIFICATE_KIND = "privacy_disposal"


def _day(on, *, field: str, not_before: dt.date | None = None) -> dt.date:
    on = on or timezone.localdate()
    if not isinstance(on, dt.date) or isinstance(on, dt.datetime):
        raise ClauseViolation(_("日付を入力してください。"), code="date_missing", clause="P-6-7", field=field)
    if on > timezone.localdate():
        raise ClauseViolation(_("将来の日付は記録できません。"), code="date_in_future", clause="P-6-7", field=field)
    if not_before is not None and on < not_before:
        raise ClauseViolation(_("前の手続の日より前の日付は記録できません。"), code="date_too_early", clause="P-6-7",
                              field=field)
    return on


def _lock(dataset: Dataset) -> Dataset:
    return Dataset.objects.select_for_update().select_related("contract").get(pk=dataset.pk)


@transaction.atomic
def dataset_direct(*, actor, dataset: Dataset, method: str, on: dt.date | None = None) -> Dataset:
    """The officer directs how a held dataset ends: returned, disposed of or erased (P-6-7)."""
    require_role(actor, dataset.contract, {Role.OFFICER},
                 _("返還・廃棄・消去を指示できるのはこの契約の契約担当者です。"))
    dataset = _lock(dataset)
    if dataset.contract.state == ContractState.DRAFT:
        raise ClauseViolation(_("締結前の契約です。"), code="contract_draft", clause="K-end")
    if dataset.state != DatasetState.HELD:
        raise ClauseViolation(_("「%(name)s」はすでに返還・廃棄・消去されています。") % {"name": dataset.name},
                              code="dataset_closed", clause="P-6-7")
    if method not in CloseOutMethod.values:
        raise ClauseViolation(_("返還・廃棄・消去のいずれかを選んでください。"), code="method", clause="P-6-7",
                              field="method")
    dataset.directed_method, dataset.directed_by = method, actor
    dataset.directed_on = _day(on, field="directed_on")
    dataset.save(update_fields=["directed_method", "directed_by", "directed_on"])
    journal_append(actor=actor, action="privacy.dataset.directed", contract=dataset.contract, clause="P-6-7",
                   obj=dataset, data={"dataset": dataset.pk, "method": method,
                                      "directed_on": dataset.directed_on.isoformat()})
    return dataset


def _destroy_files(dataset: Dataset) -> list[dict]:
    """Delete every ciphertext of the dataset (after the commit: storage is not transactional; the data
    key is destroyed in the transaction itself, so the ciphertext is unreadable from the commit on)."""
    destroyed, names = [], []
    now = timezone.now()
    for record in DatasetFile.objects.filter(dataset=dataset, erased_at__isnull=True).order_by("id"):
        destroyed.append({"file": record.pk, "name": record.name, "size": record.size, "sha256": record.sha256,
                          "ciphertext_sha256": record.ciphertext_sha256})
        if record.ciphertext:
            names.append((record.ciphertext.storage, record.ciphertext.name))
        record.erased_at = now
        record.ciphertext = ""
        record.save(update_fields=["erased_at", "ciphertext"])

    def delete():
        for storage, name in names:
            storage.delete(name)
            storage.delete(pending_name(name))

    transaction.on_commit(delete, robust=True)
    return destroyed


@transaction.atomic
def dataset_close_out(*, actor, dataset: Dataset, how: str, on: dt.date | None = None) -> Dataset:
    """The contractor's privacy officer carries out the officer's direction and records how (P-6-7)."""
    require_role(actor, dataset.contract, {Role.PRIVACY_OFFICER},
                 _("返還・廃棄・消去を記録できるのは受注者の個人情報保護責任者です。"))
    dataset = _lock(dataset)
    refusal = access.handling_refusal(actor, dataset.contract)
    if refusal is not None:
        raise refusal
    if dataset.state != DatasetState.HELD:
        raise ClauseViolation(_("「%(name)s」はすでに返還・廃棄・消去されています。") % {"name": dataset.name},
                              code="dataset_closed", clause="P-6-7")
    if not dataset.directed_method:
        raise ClauseViolation(_("「%(name)s」には甲の指示がまだありません。") % {"name": dataset.name},
                              code="not_directed", clause="P-6-7")
    if not (how or "").strip():
        raise ClauseViolation(_("実施した方法を記入してください（例：シュレッダーによる裁断）。"), code="how_missing",
                              clause="P-6-7", field="how")
    dataset.closed_on = _day(on, field="closed_on", not_before=dataset.directed_on)
    dataset.destroyed = _destroy_files(dataset)
    dataset.wrapped_key = b""  # the data key is gone: no copy of the ciphertext can be decrypted again
    dataset.state = CLOSED_STATE[dataset.directed_method]
    dataset.closed_method, dataset.closed_by = how.strip(), actor
    dataset.save(update_fields=["closed_on", "destroyed", "wrapped_key", "state", "closed_method", "closed_by"])
    journal_append(actor=actor, action="privacy.dataset.closed_out", contract=dataset.contract, clause="P-6-7",
                   obj=dataset, data={"dataset": dataset.pk, "state": dataset.state, "how": dataset.closed_method,
                                      "closed_on": dataset.closed_on.isoformat(), "data_key_destroyed": True,
                                      "destroyed": dataset.destroyed})
    return dataset


@transaction.atomic
def dataset_confirm(*, actor, dataset: Dataset, on: dt.date | None = None) -> Dataset:
    """The officer confirms that the dataset was returned, disposed of or erased as directed (P-6-7)."""
    require_role(actor, dataset.contract, {Role.OFFICER}, _("確認を記録できるのはこの契約の契約担当者です。"))
    dataset = _lock(dataset)
    if dataset.state == DatasetState.HELD:
        raise ClauseViolation(_("「%(name)s」はまだ返還・廃棄・消去されていません。") % {"name": dataset.name},
                              code="dataset_held", clause="P-6-7")
    if dataset.confirmed_on is not None:
        raise ClauseViolation(_("「%(name)s」は確認済みです。") % {"name": dataset.name}, code="confirmed",
                              clause="P-6-7")
    dataset.confirmed_on, dataset.confirmed_by = _day(on, field="confirmed_on", not_before=dataset.closed_on), actor
    dataset.save(update_fields=["confirmed_on", "confirmed_by"])
    journal_append(actor=actor, action="privacy.dataset.confirmed", contract=dataset.contract, clause="P-6-7",
                   obj=dataset, data={"dataset": dataset.pk, "confirmed_on": dataset.confirmed_on.isoformat()})
    return dataset


def open_datasets_refusal(contract) -> ClauseViolation | None:
    """The close-out gate: no contract is closed while one of its datasets is open (P-6-7)."""
    names = list(Dataset.objects.filter(contract=contract, confirmed_on__isnull=True).order_by("id")
                 .values_list("name", flat=True)[:5])
    if not names:
        return None
    return ClauseViolation(
        _("返還・廃棄・消去とその確認が済んでいない個人情報があるため、完結できません：%(names)s")
        % {"names": "、".join(names)}, code="datasets_open", clause="P-6-7")


def disposal_certificate_generate(*, actor, contract):
    """The disposal certificate (PDF) of the contract's closed datasets, stored and journaled."""
    if not Dataset.objects.filter(contract=contract).exclude(state=DatasetState.HELD).exists():
        raise ClauseViolation(_("返還・廃棄・消去した個人情報がまだありません。"), code="nothing_closed",
                              clause="P-6-7")
    return document_generate(actor=actor, contract=contract, kind=CERTIFICATE_KIND, fmt="pdf")
