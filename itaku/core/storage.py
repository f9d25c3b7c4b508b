"""Stored files that never go astray: no file without its row, no row without its file.

Storage (a directory, or an S3-compatible bucket shared by several application servers: Django's
``STORAGES["default"]``) is not transactional, so a file of a record is stored in two steps:

1. While the transaction runs, the content is written under ``pending/<name>`` (the pending area) and
   the row records ``<name>`` and the content's SHA-256.
2. When the transaction commits (``transaction.on_commit``), the content is copied to ``<name>`` and the
   pending copy is deleted.

A process killed before the commit leaves only a pending copy, which no row names; a process killed
after the commit leaves a row whose content waits in the pending area, and is read from there until
``itaku verifyfiles --repair`` finishes the move. Files outside the pending area therefore always have
their row. ``itaku verifyfiles`` lists files without a row, rows without a file and files whose SHA-256
differs from the row's; ``--repair`` finishes interrupted moves and removes pending copies that no row
names once they are older than a grace period (a transaction may still be running).

Every path reads and writes through the storage's API (``open``, ``save``, ``delete``, ``listdir``), never
through a filesystem path, so the same code runs on a shared object store.
"""

import datetime as dt
import hashlib
import logging
import posixpath
from dataclasses import dataclass, field

from django.apps import apps
from django.core.files.base import ContentFile, File
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone

log = logging.getLogger(__name__)

PENDING = "pending/"
CHUNK = 1024 * 1024


def pending_name(name: str) -> str:
    return PENDING + name


def content_sha256(content) -> str:
    """The SHA-256 of a file-like ``content`` (read from its start, left rewound)."""
    digest = hashlib.sha256()
    if hasattr(content, "seek"):
        content.seek(0)
    for chunk in content.chunks() if hasattr(content, "chunks") else iter(lambda: content.read(CHUNK), b""):
        digest.update(chunk)
    if hasattr(content, "seek"):
        content.seek(0)
    return digest.hexdigest()


def stored_sha256(storage, name: str) -> str:
    digest = hashlib.sha256()
    with storage.open(name, "rb") as fh:
        for chunk in iter(lambda: fh.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _promote(storage, name: str) -> bool:
    """Copy the pending copy of ``name`` to ``name`` and delete the pending copy. False (and the pending copy
    kept for ``verifyfiles --repair``) if that cannot be done."""
    pending = pending_name(name)
    try:
        with storage.open(pending, "rb") as fh:
            saved = storage.save(name, File(fh, name=posixpath.basename(name)))
        if saved != name:  # the name was taken meanwhile: never overwrite another record's file
            storage.delete(saved)
            log.error("stored file %s exists already; its content stays at %s", name, pending)
            return False
        storage.delete(pending)
        return True
    except Exception:
        log.exception("could not move %s to %s; verifyfiles --repair finishes the move", pending, name)
        return False


def store(storage, name: str, content, *, max_length: int | None = None) -> tuple[str, str]:
    """Write ``content`` to the pending area under a name free both there and in the store, and move it
    to that name when the current transaction commits. Returns ``(name, sha256)``.

    Must run inside ``transaction.atomic``: the move is the transaction's ``on_commit``.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("files of records are stored inside a transaction (transaction.atomic)")
    if isinstance(content, bytes):
        content = ContentFile(content)
    digest = content_sha256(content)
    limit = max_length + len(PENDING) if max_length else None
    for _ in range(100):  # a name free in the store and in the pending area, before writing anything
        if not storage.exists(name) and not storage.exists(pending_name(name)):
            break
        name = storage.get_alternative_name(*posixpath.splitext(name))
    # The content is written once: a large upload is a temporary file that the storage may move.
    pending = storage.save(pending_name(name), content, max_length=limit)
    final = pending[len(PENDING):]
    for _ in range(100):  # taken meanwhile by another transaction's commit: choose again, copy within the store
        if not storage.exists(final):
            break
        other = storage.get_alternative_name(*posixpath.splitext(final))
        with storage.open(pending, "rb") as fh:
            moved = storage.save(pending_name(other), File(fh, name=posixpath.basename(other)), max_length=limit)
        storage.delete(pending)
        pending, final = moved, moved[len(PENDING):]
    else:
        storage.delete(pending)
        raise RuntimeError(f"no free name for {name}")
    transaction.on_commit(lambda: _promote(storage, final), robust=True)
    return final, digest


def discard(fieldfile) -> None:
    """Remove a file stored by a transaction that is failing (its pending copy, and the file itself if it
    was moved already)."""
    if fieldfile and fieldfile.name and getattr(fieldfile, "_committed", True):
        fieldfile.storage.delete(pending_name(fieldfile.name))
        fieldfile.storage.delete(fieldfile.name)


class StoredFieldFile(FieldFile):
    """A stored file: saved through the pending area, read from there until its move is done."""

    def save(self, name, content, save=True):
        name, digest = store(self.storage, self.field.generate_filename(self.instance, name), content,
                             max_length=self.field.max_length)
        self.name = name
        setattr(self.instance, self.field.attname, self.name)
        self._committed = True
        if self.field.sha256_field:
            setattr(self.instance, self.field.sha256_field, digest)
        if save:
            self.instance.save()

    save.alters_data = True

    def stored_name(self) -> str:
        """Where the content is now: the file itself, or its pending copy while the move is not done."""
        self._require_file()
        if not self.storage.exists(self.name) and self.storage.exists(pending_name(self.name)):
            return pending_name(self.name)
        return self.name

    def _get_file(self):
        self._require_file()
        if getattr(self, "_file", None) is None:
            self._file = self.storage.open(self.stored_name(), "rb")
        return self._file

    file = property(_get_file, FieldFile._set_file, FieldFile._del_file)

    def open(self, mode="rb"):
        self._require_file()
        current = getattr(self, "_file", None)
        if current is None or current.closed:  # opened afresh: the content may have moved meanwhile
            self.file = self.storage.open(self.stored_name(), mode)
        else:
            current.open(mode)
        return self

    open.alters_data = True

    @property
    def size(self):
        self._require_file()
        if not self._committed:
            return self.file.size
        return self.storage.size(self.stored_name())


class StoredFileField(models.FileField):
    """A ``FileField`` whose files are stored through the pending area (see the module), with the name of
    the field that records the content's SHA-256."""

    attr_class = StoredFieldFile

    def __init__(self, *args, sha256_field: str = "", **kwargs):
        self.sha256_field = sha256_field
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.sha256_field:
            kwargs["sha256_field"] = self.sha256_field
        return name, path, args, kwargs


# -- verification -------------------------------------------------------------------------------------


def file_fields() -> list[tuple[type[models.Model], models.FileField]]:
    """Every (model, field) that keeps files in the default storage."""
    found = []
    for model in apps.get_models():
        for f in model._meta.concrete_fields:
            if isinstance(f, models.FileField):
                found.append((model, f))
    return found


@dataclass(frozen=True)
class Row:
    label: str  # app_label.model:pk.field
    name: str
    sha256: str


def file_rows(using: str = "default") -> dict[str, Row]:
    """The stored files every row names, by name."""
    rows: dict[str, Row] = {}
    for model, f in file_fields():
        hash_field = getattr(f, "sha256_field", "")
        columns = ["pk", f.attname] + ([hash_field] if hash_field else [])
        for values in model._default_manager.using(using).exclude(**{f.attname: ""}).values_list(*columns):
            pk, name = values[0], values[1]
            rows[name] = Row(label=f"{model._meta.label_lower}:{pk}.{f.name}", name=name,
                             sha256=values[2] if hash_field else "")
    return rows


def stored_names(storage, top: str = "") -> list[str]:
    """Every file in ``storage`` under ``top`` (recursively), as storage names."""
    try:
        dirs, files = storage.listdir(top)
    except FileNotFoundError:
        return []
    names = [posixpath.join(top, f) if top else f for f in files]
    for d in dirs:
        names += stored_names(storage, posixpath.join(top, d) if top else d)
    return sorted(names)


@dataclass
class Report:
    orphans: list[str] = field(default_factory=list)  # files without a row
    missing: list[Row] = field(default_factory=list)  # rows without a file
    mismatched: list[tuple[Row, str]] = field(default_factory=list)  # rows whose file has another SHA-256
    unhashed: list[Row] = field(default_factory=list)  # rows that record no SHA-256
    pending: list[str] = field(default_factory=list)  # the pending area (not a fault by itself)
    repaired: list[str] = field(default_factory=list)
    checked: int = 0

    @property
    def ok(self) -> bool:
        return not (self.orphans or self.missing or self.mismatched or self.unhashed)


def _age(storage, name: str) -> dt.timedelta:
    try:
        return timezone.now() - storage.get_modified_time(name)
    except (NotImplementedError, OSError):
        return dt.timedelta(days=365)


def repair(storage, rows: dict[str, Row], *, grace: dt.timedelta) -> list[str]:
    """Finish the moves a stopped process left undone, and remove pending copies no row names that are
    older than ``grace``. Returns what was done, one line each."""
    done = []
    for pending in stored_names(storage, PENDING.rstrip("/")):
        name = pending[len(PENDING):]
        row = rows.get(name)
        if row is None:
            if _age(storage, pending) >= grace:
                storage.delete(pending)
                done.append(f"removed {pending}: no row names it")
            continue
        pending_hash = stored_sha256(storage, pending)
        if storage.exists(name) and stored_sha256(storage, name) == (row.sha256 or pending_hash):
            storage.delete(pending)
            done.append(f"removed {pending}: {name} is complete")
        elif not row.sha256 or pending_hash == row.sha256:
            if storage.exists(name):
                storage.delete(name)  # a copy cut short
            if _promote(storage, name):
                done.append(f"moved {pending} to {name}")
    return done


def verify(storage, *, do_repair: bool = False, grace: dt.timedelta = dt.timedelta(hours=1)) -> Report:
    """Compare the store with the rows. The store is listed before the rows are read, so a file committed
    meanwhile is never taken for one without a row."""
    report = Report()
    if do_repair:
        report.repaired = repair(storage, file_rows(), grace=grace)
    listed = stored_names(storage)
    rows = file_rows()
    report.pending = [n for n in listed if n.startswith(PENDING)]
    present = {n for n in listed if not n.startswith(PENDING)}
    report.orphans = sorted(present - set(rows))
    for name, row in sorted(rows.items()):
        report.checked += 1
        if name not in present and not storage.exists(name):
            report.missing.append(row)
            continue
        actual = stored_sha256(storage, name)
        if not row.sha256:
            report.unhashed.append(row)
        elif actual != row.sha256:
            report.mismatched.append((row, actual))
    return report
