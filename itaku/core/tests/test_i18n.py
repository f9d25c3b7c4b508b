"""The English catalogue is complete, compiled, and the pages speak it."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

PO = Path(__file__).resolve().parents[2] / "locale" / "en" / "LC_MESSAGES" / "django.po"


def _entries():
    text = PO.read_text(encoding="utf-8")
    return [block for block in text.split("\n\n") if "msgid" in block][1:]  # the first block is the header


def test_every_message_is_translated_and_none_is_fuzzy():
    untranslated = []
    for block in _entries():
        if "#, fuzzy" in block or re.search(r'msgstr(\[\d\])? ""\Z', block.strip()):
            untranslated.append(block.splitlines()[-2] if "\n" in block else block)
    assert untranslated == []


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
    assert response.status_code == 302
