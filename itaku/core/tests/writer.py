"""A process that keeps writing, for tests of what survives it: each round stores a document (its file
through the pending area) and appends a journal event in one transaction, and prints when it committed."""

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]

WRITER = """
import os, sys, time, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
django.setup()
from django.core.files.base import ContentFile
from django.db import transaction
from itaku.documents.models import GeneratedDocument
from itaku.journal.services import journal_append
size = int(sys.argv[1]) if len(sys.argv) > 1 else 256 * 1024
payload = os.urandom(size)
n = 0
print("ready", flush=True)
while True:
    n += 1
    with transaction.atomic():
        doc = GeneratedDocument(contract=None, kind="test", fmt="bin", filename=f"w{n}.bin",
                                mimetype="application/octet-stream", sha256="", size=size + 8, journal_head="")
        doc.file.save(f"w{n}.bin", ContentFile(payload + n.to_bytes(8, "big")), save=False)
        doc.save()
        journal_append(actor=None, action="documents.document.generated", obj=doc, data={"n": n})
    print(f"committed {n} {time.time()}", flush=True)
"""


def writer(env, size: int = 256 * 1024) -> subprocess.Popen:
    """Start a writer; returns once it is about to write."""
    process = subprocess.Popen([sys.executable, "-c", WRITER, str(size)], cwd=REPO, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    line = process.stdout.readline().strip()
    if line != "ready":
        process.kill()
        raise AssertionError(f"the writer did not start: {line} {process.stderr.read()}")
    return process


def itaku(env, *args, check=True) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "itaku", *args], cwd=REPO, env=env, capture_output=True,
                            text=True, timeout=600)
    if check and result.returncode:
        raise AssertionError(f"itaku {' '.join(args)} failed: {result.stdout}{result.stderr}")
    return result
