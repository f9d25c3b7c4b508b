import base64
import os

import pytest
from django.core.management import CommandError, call_command

from itaku.core.exceptions import ClauseViolation
from itaku.journal.models import Event
from itaku.privacy import services
from itaku.privacy.models import Dataset

from .conftest import CSV


@pytest.mark.clause("P-6-1")
def test_rotatekey_rewraps_without_touching_the_files(stored, demo, settings):
    blob_name, cipher_hash = stored.ciphertext.stored_name(), stored.ciphertext_sha256
    new = base64.b64encode(os.urandom(32)).decode()
    call_command("rotatekey", new_key=new)
    assert Dataset.objects.get(pk=stored.dataset_id).key_version == 2
    assert Event.objects.filter(action="privacy.key.rotated", data__datasets=Dataset.objects.count()).exists()
    with pytest.raises(ClauseViolation) as err:  # the old master key no longer opens the data key
        b"".join(services.dataset_file_read(actor=demo["worker1"], file=stored))
    assert err.value.code == "vault_key_wrong"
    settings.ITAKU_MASTER_KEY = new
    assert b"".join(services.dataset_file_read(actor=demo["worker1"], file=stored)) == CSV
    stored.refresh_from_db()
    assert stored.ciphertext.stored_name() == blob_name and stored.ciphertext_sha256 == cipher_hash


def test_rotatekey_with_a_wrong_old_key_changes_nothing(stored):
    before = bytes(Dataset.objects.get(pk=stored.dataset_id).wrapped_key)
    with pytest.raises(CommandError):
        call_command("rotatekey", old_key=base64.b64encode(os.urandom(32)).decode(),
                     new_key=base64.b64encode(os.urandom(32)).decode())
    assert bytes(Dataset.objects.get(pk=stored.dataset_id).wrapped_key) == before


def test_rotatekey_needs_a_new_key(db, monkeypatch):
    monkeypatch.delenv("ITAKU_NEW_MASTER_KEY", raising=False)
    with pytest.raises(CommandError, match="new key"):
        call_command("rotatekey")
