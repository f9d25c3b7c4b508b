"""Response headers: a Content-Security-Policy without 'unsafe-inline' everywhere, ``Cache-Control: no-store``
on what a signed-in user sees and on every file, HSTS in production, and a production configuration that
``check --deploy`` passes without a warning."""

import os
import re
import secrets
import subprocess
import sys

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.http import FileResponse, HttpResponse
from django.test import RequestFactory
from rest_framework.authtoken.models import Token

from itaku.contracts.models import Contract
from itaku.core.middleware import NoStoreMiddleware

SEED = "ひきこもり支援Web広告業務"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)


def _csp(response) -> str:
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    return policy


def _no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


@pytest.fixture
def seed(demo):
    return Contract.objects.filter(title__startswith=SEED).order_by("pk").first()


def test_pages_carry_the_policy_and_are_not_stored(client, demo, seed):
    login = client.get("/accounts/login/")
    assert login.status_code == 200
    _csp(login)
    client.force_login(demo["officer"])
    for url in ("/", f"/contracts/{seed.pk}/", "/contracts/"):
        response = client.get(url)
        assert response.status_code == 200, url
        _csp(response)
        assert _no_store(response), url
        assert not INLINE_SCRIPT.search(response.content.decode()), url


def test_api_answers_carry_the_policy_and_are_not_stored(client, demo):
    token = Token.objects.create(user=demo["rep"])
    response = client.get("/api/v1/contracts/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200
    _csp(response)
    assert _no_store(response)
    refused = client.get("/api/v1/contracts/", HTTP_AUTHORIZATION="Token wrong")
    assert refused.status_code in (401, 403)
    _csp(refused)


def test_files_are_not_stored(client, demo, seed):
    client.force_login(demo["officer"])
    document = client.post(f"/api/v1/contracts/{seed.pk}/document/pdf/")
    assert document.status_code == 200 and document["Content-Type"] == "application/pdf"
    assert _no_store(document)
    _csp(document)
    page_download = client.post(f"/contracts/{seed.pk}/document.docx")
    assert page_download.status_code == 200 and "attachment" in page_download["Content-Disposition"]
    assert _no_store(page_download)


@pytest.mark.parametrize("make", [
    lambda: FileResponse(ContentFile(b"%PDF-1.7", name="a.pdf"), as_attachment=True, filename="a.pdf"),
    lambda: _attachment(),
])
def test_every_file_is_not_stored_whoever_asks(make):
    """Even an answer to nobody signed in (a link followed after the session ended, a proxy in between)."""
    request = RequestFactory().get("/x")
    request.user = AnonymousUser()
    response = NoStoreMiddleware(lambda r: make())(request)
    assert _no_store(response)


def _attachment():
    response = HttpResponse(b"x", content_type="text/csv")
    response["Content-Disposition"] = "attachment; filename=x.csv"
    return response


def test_a_public_answer_is_left_alone():
    request = RequestFactory().get("/healthz")
    request.user = AnonymousUser()
    response = NoStoreMiddleware(lambda r: HttpResponse("ok"))(request)
    assert not response.has_header("Cache-Control")


def test_api_docs_run_under_the_policy(client, demo):
    """The Swagger UI page holds no inline script or style: everything it runs is loaded from the site."""
    client.force_login(demo["rep"])
    page = client.get("/api/docs/")
    assert page.status_code == 200
    _csp(page)
    html = page.content.decode()
    assert not INLINE_SCRIPT.search(html) and "<style" not in html and "style=" not in html
    scripts = re.findall(r'<script[^>]*\bsrc="([^"]+)"', html)
    sheets = re.findall(r'<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"|<link[^>]*href="([^"]+)"[^>]*rel="stylesheet"',
                        html)
    loaded = ""
    for url in scripts + [a or b for a, b in sheets]:
        assert url.startswith("/"), url  # from the site itself, as the policy demands
        response = client.get(url.replace("&amp;", "&"))
        assert response.status_code == 200, url
        loaded += b"".join(response).decode("utf-8", "replace") if response.streaming else response.content.decode()
    assert "SwaggerUIBundle" in loaded
    # Besides Swagger UI's own files, a start script of the site's (not inline) sets it going.
    assert any("drf_spectacular_sidecar" not in url for url in scripts), scripts


def test_admin_runs_under_the_policy(client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "x-Strong-Password-1")
    client.force_login(admin)
    for url in ("/admin/", "/admin/rates/rate/", "/admin/rates/rate/add/"):
        response = client.get(url)
        assert response.status_code == 200, url
        _csp(response)
        assert _no_store(response)
        assert not INLINE_SCRIPT.search(response.content.decode()), url


def _production(tmp_path, *args):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.production",
           "SECRET_KEY": secrets.token_urlsafe(64), "ITAKU_MASTER_KEY": "dGVzdC1vbmx5LW1hc3Rlci1rZXktMzItYnl0ZXMhISE=",
           "ITAKU_VAR_DIR": str(tmp_path)}
    for name in ("DEBUG", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
                 "SECURE_HSTS_PRELOAD", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"):
        env.pop(name, None)
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=300, env=env,
                          cwd=tmp_path)


def test_check_deploy_with_production_settings_prints_no_warning(tmp_path):
    result = _production(tmp_path, "-m", "itaku", "check", "--deploy")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr and "Warning" not in result.stderr


def test_production_turns_hsts_on_by_default(tmp_path):
    result = _production(tmp_path, "-c", "import django; django.setup(); from django.conf import settings as s; "
                         "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_SSL_REDIRECT, "
                         "s.DEBUG)")
    assert result.returncode == 0, result.stderr
    seconds, subdomains, redirect, debug = result.stdout.split()
    assert int(seconds) >= 31536000 and subdomains == "True" and redirect == "True" and debug == "False"
