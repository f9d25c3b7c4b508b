"""The English catalogue is complete, compiled, and the pages speak it."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

PACKAGE = Path(__file__).resolve().parents[2]
PO = PACKAGE / "locale" / "en" / "LC_MESSAGES" / "django.po"


def _entries(po=PO):
    text = po.read_text(encoding="utf-8")
    return [block for block in text.split("\n\n") if "msgid" in block][1:]  # the first block is the header


def _untranslated(po):
    untranslated = []
    for block in _entries(po):
        if "#, fuzzy" in block or re.search(r'msgstr(\[\d\])? ""\Z', block.strip()):
            untranslated.append(block.splitlines()[-2] if "\n" in block else block)
    return untranslated


def test_every_message_is_translated_and_none_is_fuzzy():
    assert _untranslated(PO) == []


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext")
def test_catalogue_holds_every_message_of_the_code(tmp_path):
    """Extract the messages afresh from a copy of the code: every one must already be translated."""
    copy = tmp_path / "itaku"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    admin = Path(sys.executable).with_name("django-admin")
    subprocess.run([str(admin), "makemessages", "-l", "en", "--no-obsolete", "--ignore=tests/*"],
                   cwd=copy, check=True, capture_output=True)
    assert _untranslated(copy / "locale" / "en" / "LC_MESSAGES" / "django.po") == []


def test_catalogue_is_compiled():
    mo = PO.with_suffix(".mo")
    assert mo.exists() and mo.stat().st_size > 1000


@pytest.mark.django_db
def test_login_page_in_both_languages(client):
    assert "ログイン" in client.get(reverse("login")).content.decode()
    client.cookies.load({"django_language": "en"})
    html = client.get(reverse("login")).content.decode()
    assert 'lang="en"' in html and "Log in" in html


def test_logout_and_password_change_in_english(client, demo):
    client.force_login(demo["rep"])
    client.cookies.load({"django_language": "en"})
    html = client.get(reverse("password_change")).content.decode()
    assert "Change password" in html or "Password change" in html
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert client.get(reverse("contracts:list")).status_code == 302  # logged out


@pytest.mark.django_db
def test_not_found_page_is_japanese_and_api_not_found_is_json(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and "ページが見つかりません" in response.content.decode()
    response = client.get("/api/v1/no-such-endpoint/")
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "clause": None,
                               "detail": "お探しのページは存在しないか、閲覧する権限がありません。"}
