"""Rotating the master key (``itaku rotatekey``): every dataset's data key is unwrapped with the old
master key and wrapped again with the new one, in one transaction; the files are not re-encrypted (they
are sealed by the data keys, which do not change)."""

import hashlib

from django.db import transaction
from django.utils.translation import gettext as _

from itaku.core.exceptions import ClauseViolation
from itaku.journal.services import journal_append

from .. import vault
from ..models import Dataset


def key_fingerprint(key: bytes) -> str:
    """A short name of a master key for the journal and the operator (not the key)."""
    return hashlib.sha256(b"itaku-master-key-fingerprint:" + key).hexdigest()[:16]


@transaction.atomic
def master_key_rotate(*, actor, old: bytes, new: bytes) -> int:
    """Re-wrap every data key under ``new``; returns how many. All or nothing: a data key the old master
    key does not open stops the rotation, naming the dataset."""
    if old == new:
        raise ClauseViolation(_("新しいマスター鍵が古いものと同じです。"), code="same_key")
    count = 0
    for dataset in Dataset.objects.select_for_update().exclude(wrapped_key=b"").order_by("id"):
        try:
            data_key = vault.unwrap(dataset.wrapped_key, dataset_id=dataset.pk, master=old)
        except vault.VaultError:
            raise ClauseViolation(
                _("「%(name)s」（%(pk)s）のデータ鍵を古いマスター鍵で開けません。鍵を確かめてください。")
                % {"name": dataset.name, "pk": dataset.pk}, code="old_key_wrong") from None
        dataset.wrapped_key = vault.wrap(data_key, dataset_id=dataset.pk, master=new)
        dataset.key_version += 1
        dataset.save(update_fields=["wrapped_key", "key_version"])
        count += 1
    journal_append(actor=actor, action="privacy.key.rotated", clause="P-6-1",
                   data={"datasets": count, "old_key": key_fingerprint(old), "new_key": key_fingerprint(new)})
    return count
