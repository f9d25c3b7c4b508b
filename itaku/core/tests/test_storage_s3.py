"""The same protocol on an S3-compatible object store (django-storages' S3Storage, against moto's
in-process S3): files wait in the pending area, move on commit, and verifyfiles and repair work on the
bucket's listing; and ITAKU_STORAGE=s3 selects that store."""

import os
import subprocess
import sys

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.management import CommandError, call_command
from django.db import transaction

from itaku.core.storage import pending_name, stored_names, verify

from .test_storage import new_document
from .writer import REPO

moto = pytest.importorskip("moto")
pytest.importorskip("storages.backends.s3")
pytestmark = pytest.mark.django_db
BUCKET = "itaku-files"


@pytest.fixture
def bucket(settings, monkeypatch):
    import boto3

    for name, value in (("AWS_ACCESS_KEY_ID", "testing"), ("AWS_SECRET_ACCESS_KEY", "testing"),
                        ("AWS_DEFAULT_REGION", "ap-northeast-1")):
        monkeypatch.setenv(name, value)
    with moto.mock_aws():
        boto3.client("s3", region_name="ap-northeast-1").create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "ap-northeast-1"})
        settings.STORAGES = {**settings.STORAGES, "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {"bucket_name": BUCKET, "region_name": "ap-northeast-1", "file_overwrite": False,
                        "default_acl": None},
        }}
        yield default_storage


def test_files_move_into_the_bucket_on_commit(bucket, django_capture_on_commit_callbacks):
    assert type(storages["default"]).__name__ == "S3Storage"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with transaction.atomic():
            document = new_document(b"in the bucket")
    assert stored_names(bucket) == [pending_name(document.file.name)]
    assert document.content == b"in the bucket"
    for callback in callbacks:
        callback()
    assert stored_names(bucket) == [document.file.name]
    call_command("verifyfiles")
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            second = new_document(b"same name, other file")
    assert second.file.name != document.file.name and document.content == b"in the bucket"


def test_verifyfiles_and_repair_on_the_bucket(bucket, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        with transaction.atomic():
            waiting = new_document(b"committed, not moved")
    bucket.save("documents/none/stray.txt", ContentFile(b"no row"))
    report = verify(bucket)
    assert report.orphans == ["documents/none/stray.txt"]
    assert [r.name for r in report.missing] == [waiting.file.name]
    with pytest.raises(CommandError):
        call_command("verifyfiles", "--repair")  # the stray file stays a fault: it is not in the pending area
    assert waiting.file.name in stored_names(bucket)
    bucket.delete("documents/none/stray.txt")
    call_command("verifyfiles")


def test_itaku_storage_s3_selects_the_bucket():
    env = {**os.environ, "ITAKU_STORAGE": "s3", "AWS_STORAGE_BUCKET_NAME": "itaku-files",
           "AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9000", "DJANGO_SETTINGS_MODULE": "config.settings.dev"}
    code = "import django; django.setup(); from django.conf import settings; print(settings.STORAGES['default'])"
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, check=True)
    assert "storages.backends.s3.S3Storage" in out.stdout and "'file_overwrite': False" in out.stdout
    assert "'endpoint_url': 'http://127.0.0.1:9000'" in out.stdout
    env.pop("AWS_STORAGE_BUCKET_NAME")
    failed = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True)
    assert failed.returncode != 0 and "AWS_STORAGE_BUCKET_NAME" in failed.stderr
