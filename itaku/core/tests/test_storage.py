"""Files of records never go astray: a file is moved into the store only when its row commits, every row
records its file's SHA-256, and ``itaku verifyfiles`` finds whatever does not match."""

import hashlib
import os
import random
import signal
import time
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import transaction

from itaku.core.storage import PENDING, file_fields, file_rows, pending_name, stored_names, verify
from itaku.documents.models import GeneratedDocument

from .writer import itaku, writer

pytestmark = pytest.mark.django_db


@pytest.fixture
def store(settings, tmp_path):
    """An empty store of files for the test."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return default_storage


def new_document(content: bytes, name: str = "note.txt") -> GeneratedDocument:
    document = GeneratedDocument(contract=None, kind="test", fmt="txt", filename=name, mimetype="text/plain",
                                 sha256="", size=len(content), journal_head="")
    document.file.save(name, ContentFile(content), save=False)
    document.save()
    return document


def test_every_model_with_files_records_their_sha256():
    for model, field in file_fields():
        assert getattr(field, "sha256_field", ""), f"{model._meta.label}.{field.name} records no SHA-256"
        model._meta.get_field(field.sha256_field)


def test_a_file_waits_in_the_pending_area_until_its_row_commits(store, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with transaction.atomic():
            document = new_document(b"hello")
    assert document.sha256 == hashlib.sha256(b"hello").hexdigest()
    assert stored_names(store) == [pending_name(document.file.name)]
    assert document.content == b"hello"  # read from the pending area meanwhile
    for callback in callbacks:
        callback()
    assert stored_names(store) == [document.file.name] and not document.file.name.startswith(PENDING)
    document.refresh_from_db()
    assert document.content == b"hello"
    call_command("verifyfiles")


def test_a_failed_transaction_leaves_no_file(store, django_capture_on_commit_callbacks):
    from itaku.core.files import remove_files_on_error

    holder = {}
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        with transaction.atomic():
            document = GeneratedDocument(contract=None, kind="test", fmt="txt", filename="x.txt",
                                         mimetype="text/plain", sha256="", size=1, journal_head="")
            holder["doc"] = document
            with remove_files_on_error(lambda: document.file):
                document.file.save("x.txt", ContentFile(b"x"), save=False)
                document.save()
                raise RuntimeError("the journal is unavailable")
    assert stored_names(store) == []


# Serialized like the browser tests: a flush between them would otherwise recreate the content types that
# their rollback restores.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_files_are_stored_only_inside_a_transaction(store):
    document = GeneratedDocument(contract=None, kind="test", fmt="txt", filename="x.txt", mimetype="text/plain",
                                 sha256="", size=1, journal_head="")
    with pytest.raises(RuntimeError, match="inside a transaction"):
        document.file.save("x.txt", ContentFile(b"x"), save=False)
    assert stored_names(store) == []


def test_two_files_of_one_name_get_two_names(store, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            first = new_document(b"one")
        with transaction.atomic():
            second = new_document(b"two")
    assert first.file.name != second.file.name
    assert first.content == b"one" and second.content == b"two"


def test_a_large_upload_under_a_taken_name_is_stored_once_under_another(store, django_capture_on_commit_callbacks):
    """A large upload is a temporary file the storage moves into place: it can be written only once, so
    the free name is chosen before writing."""
    from django.core.files.uploadedfile import TemporaryUploadedFile

    contents = []
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            upload = TemporaryUploadedFile("spec.pdf", "application/pdf", 0, None)
            upload.write(f"%PDF-1.4 large upload {n} ".encode() * 1000)
            upload.seek(0)
            with transaction.atomic():
                document = GeneratedDocument(contract=None, kind="test", fmt="pdf", filename="spec.pdf",
                                             mimetype="application/pdf", sha256="", size=0, journal_head="")
                document.file.save("spec.pdf", upload, save=False)
                document.save()
            upload.close()  # as Django does at the end of a request (the storage moved the temporary file)
            contents.append((document, f"%PDF-1.4 large upload {n} ".encode() * 1000))
    assert len({d.file.name for d, _ in contents}) == 3
    for document, expected in contents:
        assert document.content == expected and document.sha256 == hashlib.sha256(expected).hexdigest()
    call_command("verifyfiles")


def test_verifyfiles_finds_every_fault_and_exits_non_zero(store, django_capture_on_commit_callbacks, capsys):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            kept, changed, lost = new_document(b"kept"), new_document(b"changed"), new_document(b"lost")
    call_command("verifyfiles")
    store.save("documents/none/stray.txt", ContentFile(b"no row"))
    store.delete(changed.file.name)
    store.save(changed.file.name, ContentFile(b"tampered"))
    store.delete(lost.file.name)
    with pytest.raises(CommandError, match="3 fault"):
        call_command("verifyfiles")
    out = capsys.readouterr().out
    assert "file without a row: documents/none/stray.txt" in out
    assert f"row without a file: documents.generateddocument:{lost.pk}.file {lost.file.name}" in out
    assert f"SHA-256 differs: documents.generateddocument:{changed.pk}.file" in out
    assert f"{kept.file.name}" not in out


def test_repair_finishes_a_move_cut_short_and_removes_stale_pending_copies(store, django_capture_on_commit_callbacks,
                                                                          capsys):
    # Killed after the commit, before the move: the row names a file that waits in the pending area.
    with django_capture_on_commit_callbacks(execute=False):
        with transaction.atomic():
            committed = new_document(b"committed")
    # Killed before the commit: a pending copy no row names.
    store.save(pending_name("documents/none/never-committed.txt"), ContentFile(b"lost work"))
    # Killed in the middle of the move: a short copy at the final name.
    with django_capture_on_commit_callbacks(execute=False):
        with transaction.atomic():
            halfway = new_document(b"halfway there")
    store.save(halfway.file.name, ContentFile(b"half"))

    report = verify(store)
    assert not report.orphans  # nothing outside the pending area lacks its row
    assert [r.name for r in report.missing] == [committed.file.name]
    assert [r.name for r, _ in report.mismatched] == [halfway.file.name]
    with pytest.raises(CommandError):
        call_command("verifyfiles")
    assert f"{committed.file.name} (its content waits in the pending area" in capsys.readouterr().out
    call_command("verifyfiles", "--repair")  # within the grace period the uncommitted copy stays
    assert pending_name("documents/none/never-committed.txt") in stored_names(store)
    call_command("verifyfiles", "--repair", "--grace", "0")
    assert sorted(stored_names(store)) == sorted([committed.file.name, halfway.file.name])
    assert committed.content == b"committed" and halfway.content == b"halfway there"
    assert set(file_rows()) == set(stored_names(store))


@pytest.mark.skipif(os.name != "posix", reason="kill -9")
def test_kill_9_in_the_middle_of_writes_leaves_no_file_without_its_row(tmp_path):
    env = {**os.environ, "ITAKU_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "config.settings.dev"}
    env.pop("DATABASE_URL", None)
    itaku(env, "migrate", "-v0")
    rng = random.Random(8)
    for _ in range(8):
        process = writer(env)
        time.sleep(rng.uniform(0.2, 1.0))
        process.send_signal(signal.SIGKILL)
        process.wait()
    checked = itaku(env, "verifyfiles", check=False)
    assert "file without a row" not in checked.stdout, checked.stdout
    repaired = itaku(env, "verifyfiles", "--repair", "--grace", "0", check=False)
    assert repaired.returncode == 0, repaired.stdout + repaired.stderr
    assert "files intact" in repaired.stdout
    assert not list((tmp_path / "media" / "pending").rglob("*.bin"))
    assert itaku(env, "verifyjournal").returncode == 0


def test_no_code_reads_a_stored_file_by_its_filesystem_path():
    """Stored files are read and written through the storage only, so that an object store can hold them."""
    import re

    pattern = re.compile(r"\b(file|specification|letter|storage|default_storage|fieldfile)\.path\b|MEDIA_ROOT")
    root = Path(__file__).resolve().parents[2]
    found = []
    for source in root.rglob("*.py"):
        if "tests" in source.parts or "migrations" in source.parts:
            continue
        for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), start=1):
            if pattern.search(line):
                found.append(f"{source.relative_to(root)}:{number}: {line.strip()}")
    assert not found, "\n".join(found)
