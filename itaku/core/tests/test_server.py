"""The server a user meets: Itaku's own error pages with DEBUG off, the favicon, and gunicorn logging each
request once under the production settings (as `make run` serves it)."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

BASE_DIR = Path(settings.BASE_DIR)


def test_the_suite_runs_with_debug_off():
    # The error pages below are the ones users meet only when DEBUG is off.
    assert settings.DEBUG is False


@pytest.mark.django_db
def test_404_is_itakus_own_page_with_a_way_home(client, demo):
    client.force_login(demo["rep"])
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert [t.name for t in response.templates][0] == "404.html"
    body = response.content.decode()
    assert '<html lang="ja">' in body and "ページが見つかりません" in body
    assert f'href="{reverse("home")}"' in body and "わたしの仕事へ戻る" in body
    assert "site-header" in body  # the site's own header and menu


@pytest.mark.django_db
def test_404_in_english(client, demo):
    client.force_login(demo["rep"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get("/no-such-page/").content.decode()
    assert '<html lang="en">' in body
    assert "ページが見つかりません" not in body and "Page not found" in body


@pytest.mark.django_db
def test_404_for_anonymous_visitors_links_to_the_top(client):
    body = client.get("/no-such-page/").content.decode()
    assert "トップへ戻る" in body and "わたしの仕事へ戻る" not in body


@pytest.mark.django_db
def test_api_404_keeps_the_api_error_shape(client, demo):
    client.force_login(demo["rep"])
    response = client.get("/api/v1/no-such-endpoint/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.django_db
def test_403_is_itakus_own_page(client, demo):
    client.force_login(demo["rep"])  # only an officer registers contracts
    response = client.get(reverse("contracts:create"))
    assert response.status_code == 403
    assert [t.name for t in response.templates][0] == "403.html"
    body = response.content.decode()
    assert "権限がありません" in body and "わたしの仕事へ戻る" in body


@pytest.mark.django_db
def test_csrf_failure_is_explained_on_itakus_own_page(demo):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "rep", "password": "itaku-demo"})
    assert response.status_code == 403
    assert [t.name for t in response.templates][0] == "403_csrf.html"
    assert "再読み込み" in response.content.decode()


@pytest.mark.django_db
def test_favicon_is_served_at_the_root_and_linked(client, demo):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] in {"image/x-icon", "image/vnd.microsoft.icon"}
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO header
    client.force_login(demo["rep"])
    body = client.get(reverse("home")).content.decode()
    assert 'rel="icon" href="/static/itaku/favicon.svg"' in body
    svg = client.get("/static/itaku/favicon.svg")
    assert svg.status_code == 200 and svg["Content-Type"].startswith("image/svg+xml")


@pytest.mark.django_db
def test_api_link_is_in_the_user_menu_not_the_main_menu(client, demo):
    client.force_login(demo["officer"])
    body = client.get(reverse("home")).content.decode()
    main_menu = body[body.index('class="site-nav"'):body.index("</nav>", body.index('class="site-nav"'))]
    user_menu = body[body.index('class="user-tools"'):body.index('class="site-nav"')]
    assert reverse("api-docs") not in main_menu
    assert f'href="{reverse("api-docs")}"' in user_menu


@pytest.mark.django_db
def test_api_docs_page_carries_the_site_header_a_way_back_and_lang(client, demo):
    client.force_login(demo["officer"])
    response = client.get(reverse("api-docs"))
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="ja">' in body and "site-header" in body
    assert "わたしの仕事へ戻る" in body
    assert f'data-schema-url="{reverse("api-schema")}?lang=ja"' in body
    assert "<script>" not in body and "<style>" not in body  # no inline script or style (CSP)
    assert '<script src="/static/itaku/api-docs.js">' in body


# ---- gunicorn under the production settings, as `make run` starts it ----

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - a local test server
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


@pytest.fixture(scope="module")
def gunicorn_server(tmp_path_factory):
    gunicorn = Path(sys.executable).parent / "gunicorn"
    if not gunicorn.exists():
        pytest.skip("gunicorn is not installed (pip install -e '.[test]')")
    var = tmp_path_factory.mktemp("itaku-run")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}  # an SQLite file of its own
    env.update(DJANGO_SETTINGS_MODULE="config.settings.production", SECRET_KEY="test-" + "k3y!x" * 12,
               ITAKU_MASTER_KEY="dGVzdC1vbmx5LW1hc3Rlci1rZXktMzItYnl0ZXMhISE=",
               ITAKU_VAR_DIR=str(var), SESSION_COOKIE_SECURE="false", CSRF_COOKIE_SECURE="false",
               ALLOWED_HOSTS="127.0.0.1", WEB_CONCURRENCY="2",
               # plain HTTP on this machine, as `make run` serves it
               SECURE_SSL_REDIRECT="false", SECURE_HSTS_SECONDS="0", ITAKU_MFA_REQUIRED="false")
    itaku = Path(sys.executable).parent / "itaku"
    subprocess.run([str(itaku), "collectstatic", "--noinput", "--verbosity", "0"], env=env, check=True,
                   cwd=BASE_DIR, capture_output=True)
    port = _free_port()
    log = var / "gunicorn.log"
    with open(log, "w") as out:
        process = subprocess.Popen([str(gunicorn), "-c", "config/gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"],
                                   env=env, cwd=BASE_DIR, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if _get(url + "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not start:\n" + log.read_text())
        yield url, log, var
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_gunicorn_serves_the_404_page_and_logs_each_request_once(gunicorn_server):
    url, log, _ = gunicorn_server
    status, body = _get(url + "/no-such-page-404/")
    assert status == 404
    text = body.decode()
    assert "ページが見つかりません" in text and "Traceback" not in text  # Itaku's page, DEBUG off
    status, _ = _get(url + "/accounts/login/")
    assert status == 200
    time.sleep(0.5)  # the access log is written after the response
    lines = log.read_text().splitlines()
    assert len([line for line in lines if "/no-such-page-404/" in line]) == 1, lines
    assert len([line for line in lines if '"GET /accounts/login/ ' in line]) == 1, lines
    assert not [line for line in lines if "WARNING" in line or "Not Found" in line], lines


def test_gunicorn_serves_collected_static_files_with_hashed_names(gunicorn_server):
    url, _, var = gunicorn_server
    status, body = _get(url + "/accounts/login/")
    page = body.decode()
    start = page.index("/static/itaku/itaku.")
    css = page[start:page.index('"', start)]
    assert css != "/static/itaku/itaku.css"  # the manifest's hashed name
    assert _get(url + css)[0] == 200
    assert (var / "static" / "staticfiles.json").exists()
    status, body = _get(url + "/favicon.ico")
    assert status == 200 and body[:4] == b"\x00\x00\x01\x00"


def test_gunicorn_starts_without_warnings(gunicorn_server):
    _, log, _ = gunicorn_server
    text = log.read_text()
    assert "Booting worker" in text
    assert text.count("Booting worker") >= 2  # two workers
    assert "WARNING" not in text and "Warning" not in text, text


def test_make_run_uses_the_gunicorn_settings_and_make_dev_the_debug_server():
    makefile = (BASE_DIR / "Makefile").read_text()
    run = makefile.split("\nrun:")[1].split("\n\n")[0]
    dev = makefile.split("\ndev:")[1].split("\n\n")[0]
    assert "install-run" in run and '-e ".[prod]"' in makefile  # make run installs gunicorn
    assert "collectstatic" in run and "gunicorn -c config/gunicorn.conf.py" in run
    assert "config.settings.dev" in dev and "runserver" in dev
