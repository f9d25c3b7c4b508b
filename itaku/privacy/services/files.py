"""Files of a dataset in the vault: adding one (write) and reading one (P-6-1, P-4, P-6-2, P-5, P-6-5).

Every read, write and refusal is journaled with the dataset as its object, so the dataset's page lists
them (its access log). A refused act runs in a transaction that is rolled back; its event is then
written in a transaction of its own, so it leaves nothing else behind.
"""

import tempfile
from collections.abc import Iterator

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from itaku.contracts.states import check_accepts_work
from itaku.core import hygiene
from itaku.core.exceptions import ClauseViolation
from itaku.core.files import remove_files_on_error
from itaku.journal.services import journal_append

from .. import vault
from ..access import authorisation_refusal, file_refusal
from ..choices import DatasetState, Medium
from ..models import Dataset, DatasetFile
from ..upload import HEAD_BYTES, SealedUpload
from ._common import data_key, journal_refusal

# What the vault holds: the documents people exchange, and the data formats of lists of people.
VAULT_EXTENSIONS = (".csv", ".txt", ".xlsx", ".xls", ".docx", ".doc", ".pdf", ".odt", ".ods", ".zip")


def _check_upload(upload) -> None:
    """Refuse (P-6-1, naming the field) a file whose name is not clean, whose kind is not held in the vault,
    which exceeds the upload limit, or whose first bytes are not of the kind its name says."""
    from itaku.core.files import OLE2, ZIP_SIGNATURES, is_plain_text

    name = (upload.name or "").rsplit("/", 1)[-1]
    try:
        hygiene.clean_text(name)
    except hygiene.InputRefused as exc:
        raise ClauseViolation(exc.message, code=exc.code, clause="P-6-1", field="file") from exc
    ext = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in VAULT_EXTENSIONS:
        raise ClauseViolation(
            _("%(name)s：CSV・テキスト・Excel・Word・PDF・OpenDocument・ZIP のファイルにしてください。")
            % {"name": name}, code="file_type", clause="P-6-1", field="file")
    if getattr(upload, "too_large", False) or upload.size > settings.ITAKU_MAX_UPLOAD_BYTES:
        raise ClauseViolation(_("%(name)s：ファイルが大きすぎます（上限 %(limit)s バイト）。")
                              % {"name": name, "limit": settings.ITAKU_MAX_UPLOAD_BYTES},
                              code="file_too_large", clause="P-6-1", field="file")
    head = upload.head if isinstance(upload, SealedUpload) else _plain_head(upload)
    expected = {".pdf": (b"%PDF-",), ".xls": (OLE2,), ".doc": (OLE2,)}
    expected.update({e: ZIP_SIGNATURES for e in (".xlsx", ".docx", ".odt", ".ods", ".zip")})
    if ext in expected:
        ok = head.startswith(expected[ext])
    else:  # text: its beginning must be text (a character cut at the end of the head is allowed)
        ok = is_plain_text(head) or (len(head) == HEAD_BYTES and is_plain_text(head[:-3]))
    if not ok:
        raise ClauseViolation(_("%(name)s：ファイルの内容が拡張子（%(ext)s）の形式ではありません。")
                              % {"name": name, "ext": ext}, code="file_content", clause="P-6-1", field="file")


def _plain_head(upload) -> bytes:
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    return head


def _plain_chunks(upload) -> Iterator[bytes]:
    if isinstance(upload, SealedUpload):
        yield from upload.chunks()
        return
    upload.seek(0)
    yield from iter(lambda: upload.read(vault.CHUNK), b"")


def _lock(dataset: Dataset) -> Dataset:
    return Dataset.objects.select_for_update().select_related("contract").get(pk=dataset.pk)


def dataset_file_add(*, actor, dataset: Dataset, upload) -> DatasetFile:
    """Add an electronic file to a held dataset: a person who may handle the contract's personal
    information (P-6-1, P-4, P-6-2) or a client user with a grant. The file is encrypted under the
    dataset's key as it streams into the storage; its plaintext is never written to disk."""
    try:
        with transaction.atomic():
            return _add(actor=actor, dataset=dataset, upload=upload)
    except ClauseViolation as exc:
        journal_refusal(actor=actor, dataset=dataset, act="write", exc=exc,
                        data={"filename": (getattr(upload, "name", "") or "")[:255]})
        raise


def _add(*, actor, dataset: Dataset, upload) -> DatasetFile:
    dataset = _lock(dataset)
    refusal = file_refusal(actor, dataset.contract)
    if refusal is not None:
        raise refusal
    check_accepts_work(dataset.contract, clause="P-6-7")
    if dataset.state != DatasetState.HELD:
        raise ClauseViolation(_("「%(name)s」は返還・廃棄・消去済みのため、ファイルを追加できません。")
                              % {"name": dataset.name}, code="dataset_closed", clause="P-6-7")
    if dataset.directed_method:
        raise ClauseViolation(_("「%(name)s」には返還・廃棄・消去の指示があるため、ファイルを追加できません。")
                              % {"name": dataset.name}, code="dataset_directed", clause="P-6-7")
    if dataset.medium != Medium.ELECTRONIC:
        raise ClauseViolation(_("「%(name)s」は紙の個人情報です。ファイルは電子データの個人情報に登録してください。")
                              % {"name": dataset.name}, code="dataset_paper", clause="P-6-1", field="file")
    _check_upload(upload)
    key = data_key(dataset)
    name = upload.name.rsplit("/", 1)[-1][:255]
    record = DatasetFile(dataset=dataset, name=name, size=0, sha256="", uploaded_by=actor, uploaded_at=timezone.now())
    with tempfile.TemporaryFile(prefix="itaku-vault-") as sealed, remove_files_on_error(lambda: record.ciphertext):
        try:
            sealer = vault.seal_stream(_plain_chunks(upload), key, sealed)
        except vault.VaultError:
            raise ClauseViolation(_("%(name)s：受け取ったファイルが壊れています。もう一度送ってください。")
                                  % {"name": name}, code="upload_broken", clause="P-6-1", field="file") from None
        record.size, record.sha256 = sealer.plain_size, sealer.plain_sha256
        record.ciphertext_size = sealed.tell()
        sealed.seek(0)
        record.ciphertext.save("file.itkv", File(sealed, name="file.itkv"), save=False)
        record.save()
        journal_append(actor=actor, action="privacy.file.added", contract=dataset.contract, clause="P-6-1",
                       obj=dataset, data={"dataset": dataset.pk, "file": record.pk, "filename": record.name,
                                          "size": record.size, "sha256": record.sha256,
                                          "ciphertext_sha256": record.ciphertext_sha256})
    return record


def dataset_file_read(*, actor, file: DatasetFile, purpose: str = "handle", authorisation=None) -> Iterator[bytes]:
    """The plaintext of ``file`` as a stream of chunks, for a person who may open it now (see
    :mod:`itaku.privacy.access`); ``purpose`` is "handle" (in the registered place), "takeout" (P-5) or
    "copy" (P-6-5), the latter two with their ``authorisation`` record. Every record's tag is verified
    before the stream is returned, so an altered file, a wrong or missing key are refused (naming the
    dataset) before any plaintext is released. The read, or the refusal, is journaled."""
    dataset = file.dataset
    try:
        with transaction.atomic():
            return _read(actor=actor, file=file, dataset=dataset, purpose=purpose, authorisation=authorisation)
    except ClauseViolation as exc:
        journal_refusal(actor=actor, dataset=dataset, act="read", exc=exc,
                        data={"file": file.pk, "filename": file.name, "purpose": purpose})
        raise


def _read(*, actor, file: DatasetFile, dataset: Dataset, purpose: str, authorisation) -> Iterator[bytes]:
    refusal = file_refusal(actor, dataset.contract) or authorisation_refusal(actor, dataset, purpose, authorisation)
    if refusal is not None:
        raise refusal
    file = DatasetFile.objects.select_related("dataset").get(pk=file.pk)
    if file.erased_at is not None or not file.ciphertext:
        raise vault_gone(dataset)
    key = data_key(file.dataset)
    try:
        stream = vault.open_verified(lambda: file.ciphertext.storage.open(file.ciphertext.stored_name(), "rb"), key)
    except FileNotFoundError:
        raise vault_gone(dataset) from None
    except vault.VaultError as exc:
        from ._common import vault_refusal

        raise vault_refusal(exc, dataset) from None
    journal_append(actor=actor, action="privacy.file.read", contract=dataset.contract,
                   clause={"takeout": "P-5", "copy": "P-6-5"}.get(purpose, "P-6-1"), obj=dataset,
                   data={"dataset": dataset.pk, "file": file.pk, "filename": file.name, "purpose": purpose,
                         "authorisation": (f"{authorisation._meta.label_lower}:{authorisation.pk}"
                                           if authorisation is not None else "")})
    return stream


def vault_gone(dataset: Dataset) -> ClauseViolation:
    return ClauseViolation(_("「%(name)s」のこのファイルは消去されています。") % {"name": dataset.name},
                           code="file_erased", clause="P-6-7")
