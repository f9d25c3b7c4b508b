import hashlib
import io

import pytest
from django.core.files.storage import default_storage

from itaku.core.exceptions import ClauseViolation, PermissionRefused
from itaku.journal.models import Event
from itaku.privacy import services, vault
from itaku.privacy.choices import DatasetState, Source
from itaku.privacy.models import Dataset, DatasetFile

from .conftest import CSV, csv_upload, dataset_values


def _events(dataset, action=None):
    qs = Event.objects.filter(object_type="privacy.dataset", object_id=str(dataset.pk))
    return list(qs.filter(action=action)) if action else list(qs)


def test_seed_contract_accepts_work(seed):
    assert seed.state not in ("draft", "terminated", "closed"), seed.state


@pytest.mark.clause("P-7")
def test_collected_information_states_its_purpose(seed, demo, named):
    with pytest.raises(ClauseViolation) as err:
        services.dataset_register(actor=demo["privacy"], contract=seed,
                                  **dataset_values(source=Source.COLLECTED))
    assert err.value.clause == "P-7" and err.value.field == "collection_purpose"
    ds = services.dataset_register(actor=demo["privacy"], contract=seed, **dataset_values(
        source=Source.COLLECTED, collection_purpose="広告効果の測定", purpose_stated=True))
    assert ds.purpose_stated is True


@pytest.mark.clause("P-6-4")
def test_storage_must_be_lockable(seed, demo, named):
    with pytest.raises(ClauseViolation) as err:
        services.dataset_register(actor=demo["privacy"], contract=seed, **dataset_values(storage_lockable=False))
    assert err.value.clause == "P-6-4"


@pytest.mark.clause("P-6-1")
def test_only_the_named_privacy_officer_registers(seed, demo, named):
    with pytest.raises(PermissionRefused):
        services.dataset_register(actor=demo["rep"], contract=seed, **dataset_values())
    ds = services.dataset_register(actor=demo["privacy"], contract=seed, **dataset_values())
    assert len(bytes(ds.wrapped_key)) == 61 and _events(ds, "privacy.dataset.registered")


@pytest.mark.clause("P-6-1")
def test_file_is_encrypted_at_rest_and_reads_back(stored, demo):
    assert stored.size == len(CSV) and stored.sha256 == hashlib.sha256(CSV).hexdigest()
    with default_storage.open(stored.ciphertext.stored_name(), "rb") as fh:
        blob = fh.read()
    assert CSV not in blob and "山梨".encode() not in blob and blob.startswith(vault.MAGIC)
    assert hashlib.sha256(blob).hexdigest() == stored.ciphertext_sha256
    plain = b"".join(services.dataset_file_read(actor=demo["worker1"], file=stored))
    assert plain == CSV
    read = _events(stored.dataset, "privacy.file.read")
    assert read and read[-1].actor == demo["worker1"] and read[-1].clause_id == "P-6-1"
    assert _events(stored.dataset, "privacy.file.added")


@pytest.mark.clause("P-6-1")
@pytest.mark.clause("P-4")
@pytest.mark.parametrize("username,clause", [("worker2", "P-4"), ("rep", "P-6-1"), ("security", "P-6-1"),
                                             ("officer", "P-6-1"), ("auditor", "P-6-1")])
def test_refused_read_leaves_only_its_journal_event(stored, demo, username, clause):
    before = Event.objects.count()
    with pytest.raises(ClauseViolation) as err:
        services.dataset_file_read(actor=demo[username], file=stored)
    assert err.value.clause == clause
    assert Event.objects.count() == before + 1
    refused = Event.objects.order_by("-seq").first()
    assert refused.action == "privacy.access.refused" and refused.actor == demo[username]
    assert refused.clause_id == clause and refused.data["act"] == "read"


@pytest.mark.clause("P-6-1")
def test_refused_write_leaves_no_file_and_no_row(dataset, demo):
    files_before = DatasetFile.objects.count()
    with pytest.raises(ClauseViolation):
        services.dataset_file_add(actor=demo["rep"], dataset=dataset, upload=csv_upload())
    assert DatasetFile.objects.count() == files_before
    assert _events(dataset, "privacy.access.refused")[-1].data["act"] == "write"


@pytest.mark.clause("P-6-1")
def test_client_user_opens_files_only_with_a_grant_from_the_officer(stored, demo, seed):
    with pytest.raises(ClauseViolation) as err:
        services.dataset_file_read(actor=demo["inspector"], file=stored)
    assert err.value.code == "no_client_grant"
    with pytest.raises(PermissionRefused):
        services.access_grant(actor=demo["inspector"], contract=seed, user=demo["inspector"], reason="確認")
    with pytest.raises(ClauseViolation):
        services.access_grant(actor=demo["officer"], contract=seed, user=demo["worker1"], reason="確認")
    grant = services.access_grant(actor=demo["officer"], contract=seed, user=demo["inspector"], reason="検査で確認")
    assert b"".join(services.dataset_file_read(actor=demo["inspector"], file=stored)) == CSV
    services.access_revoke(actor=demo["officer"], grant=grant)
    with pytest.raises(ClauseViolation):
        services.dataset_file_read(actor=demo["inspector"], file=stored)
    actions = set(Event.objects.filter(contract=seed, action__startswith="privacy.grant.")
                  .values_list("action", flat=True))
    assert actions == {"privacy.grant.given", "privacy.grant.revoked"}


@pytest.mark.clause("P-6-7")
def test_altered_ciphertext_is_refused_naming_the_dataset(stored, demo):
    name = stored.ciphertext.stored_name()
    with default_storage.open(name, "rb") as fh:
        blob = bytearray(fh.read())
    blob[-1] ^= 1
    default_storage.delete(name)
    default_storage.save(name, io.BytesIO(bytes(blob)))
    with pytest.raises(ClauseViolation) as err:
        services.dataset_file_read(actor=demo["worker1"], file=stored)
    assert err.value.code == "vault_altered" and stored.dataset.name in str(err.value)


@pytest.mark.clause("P-6-1")
@pytest.mark.parametrize("key,code", [("", "vault_key_missing"),
                                      ("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "vault_key_wrong")])
def test_missing_or_wrong_master_key_is_refused_naming_the_dataset(stored, demo, settings, key, code):
    settings.ITAKU_MASTER_KEY = key
    with pytest.raises(ClauseViolation) as err:
        services.dataset_file_read(actor=demo["worker1"], file=stored)
    assert err.value.code == code and stored.dataset.name in str(err.value)


@pytest.mark.clause("P-6-5")
def test_takeout_and_copy_need_their_record(stored, demo):
    class Record:
        _meta = type("Meta", (), {"label_lower": "consents.takeout"})
        pk = 1

        def __init__(self, dataset_id, user_id):
            self.dataset_id, self.user_id = dataset_id, user_id

    with pytest.raises(ClauseViolation) as err:
        services.dataset_file_read(actor=demo["worker1"], file=stored, purpose="copy")
    assert err.value.clause == "P-6-5"
    with pytest.raises(ClauseViolation) as err:
        services.dataset_file_read(actor=demo["worker1"], file=stored, purpose="takeout",
                                   authorisation=Record(stored.dataset_id, demo["privacy"].pk))
    assert err.value.clause == "P-5"
    plain = services.dataset_file_read(actor=demo["worker1"], file=stored, purpose="takeout",
                                       authorisation=Record(stored.dataset_id, demo["worker1"].pk))
    assert b"".join(plain) == CSV


def test_upload_checks_the_file(dataset, demo):
    with pytest.raises(ClauseViolation) as err:
        services.dataset_file_add(actor=demo["worker1"], dataset=dataset,
                                  upload=csv_upload(b"<html><script>x</script>", "meibo.csv"))
    assert err.value.code == "file_content"
    with pytest.raises(ClauseViolation) as err:
        services.dataset_file_add(actor=demo["worker1"], dataset=dataset, upload=csv_upload(b"MZ\x90", "a.exe"))
    assert err.value.code == "file_type"


@pytest.mark.clause("P-6-7")
def test_close_out_erases_key_and_ciphertext_for_good(stored, demo, seed):
    dataset = stored.dataset
    name = stored.ciphertext.stored_name()
    with default_storage.open(name, "rb") as fh:
        copy_aside = fh.read()  # a copy of the ciphertext taken before the erasure
    old_key = vault.unwrap(Dataset.objects.get(pk=dataset.pk).wrapped_key, dataset_id=dataset.pk)
    assert b"".join(vault.open_verified(lambda: io.BytesIO(copy_aside), old_key)) == CSV
    with pytest.raises(ClauseViolation) as err:
        services.dataset_close_out(actor=demo["privacy"], dataset=dataset, how="消去")
    assert err.value.code == "not_directed"
    with pytest.raises(PermissionRefused):
        services.dataset_direct(actor=demo["privacy"], dataset=dataset, method="erase")
    services.dataset_direct(actor=demo["officer"], dataset=dataset, method="erase")
    with pytest.raises(ClauseViolation) as err:  # the contract cannot be closed while the dataset is open
        from itaku.contracts.lifecycle.gates import check

        check(seed)
    assert err.value.clause == "P-6-7"
    with pytest.raises(PermissionRefused):
        services.dataset_close_out(actor=demo["worker1"], dataset=dataset, how="消去")
    with django_capture_commits():
        services.dataset_close_out(actor=demo["privacy"], dataset=dataset, how="暗号鍵と暗号文の消去")
    dataset.refresh_from_db()
    assert dataset.state == DatasetState.ERASED and bytes(dataset.wrapped_key) == b""
    assert dataset.destroyed[0]["sha256"] == stored.sha256
    assert not default_storage.exists(name)
    with pytest.raises(ClauseViolation) as err:
        services.dataset_file_read(actor=demo["worker1"], file=stored)
    assert err.value.clause == "P-6-7"
    # The copy taken aside can no longer be decrypted: the only key that opened it is gone.
    with pytest.raises(vault.VaultError) as verr:
        vault.unwrap(dataset.wrapped_key, dataset_id=dataset.pk)
    assert verr.value.code == "key_destroyed"
    services.dataset_confirm(actor=demo["officer"], dataset=dataset)
    from itaku.contracts.lifecycle.gates import refusals

    assert all(dataset.name not in str(r) for r in refusals(seed))
    doc = services.disposal_certificate_generate(actor=demo["officer"], contract=seed)
    assert doc.content.startswith(b"%PDF") and doc.kind == services.CERTIFICATE_KIND


def django_capture_commits():
    from contextlib import contextmanager

    from django.test import TestCase

    @contextmanager
    def run():
        with TestCase.captureOnCommitCallbacks(execute=True):
            yield

    return run()


@pytest.mark.clause("P-6-7")
def test_contract_cannot_be_closed_while_a_dataset_is_open(dataset, demo, seed):
    from django.test import TestCase

    from itaku.contracts.lifecycle.services import contract_close

    with pytest.raises(ClauseViolation) as err:
        contract_close(actor=demo["officer"], contract=seed)
    assert err.value.clause == "P-6-7" and dataset.name in str(err.value)
    for ds in Dataset.objects.filter(contract=seed):
        services.dataset_direct(actor=demo["officer"], dataset=ds, method="return")
        with TestCase.captureOnCommitCallbacks(execute=True):
            services.dataset_close_out(actor=demo["privacy"], dataset=ds, how="甲へ返還")
        services.dataset_confirm(actor=demo["officer"], dataset=ds)
    from itaku.security.choices import AssetState
    from itaku.security.selectors import held_client_assets
    from itaku.security.services import asset_close

    for asset in held_client_assets(seed):  # annex 2's gate (S-8-5) holds the contract open too
        asset_close(actor=demo["security"], asset=asset, method=AssetState.HANDED_OVER, how="甲へ返還")
    contract_close(actor=demo["officer"], contract=seed)
    seed.refresh_from_db()
    assert seed.state == "closed"
