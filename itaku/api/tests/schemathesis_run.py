"""schemathesis against the API of a running server on the demo data, as the client's officer and as the
contractor's representative (token authentication): no server error, and every answer as the OpenAPI schema
declares it (status code, content type, headers, body).

It takes minutes, so the suite (``make test``) does not collect it (the file name does not start with
``test_``); ``make schemathesis`` and ``.ci/run`` run it. Environment: ``ITAKU_SCHEMATHESIS_EXAMPLES``
(default 10) the number of cases per operation and phase, ``ITAKU_SCHEMATHESIS_SEED`` (default 1) the
random seed, ``ITAKU_SCHEMATHESIS_PORT`` the server's port (default: a free one).
"""

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHECKS = ",".join([
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
])
EXAMPLES = os.environ.get("ITAKU_SCHEMATHESIS_EXAMPLES", "10")
SEED = os.environ.get("ITAKU_SCHEMATHESIS_SEED", "1")
# Each role's run must end within this many seconds (about 160 operations; under two minutes each on a
# 2-core machine, several times that when the machine is shared).
ROLE_TIMEOUT = int(os.environ.get("ITAKU_SCHEMATHESIS_TIMEOUT", "480"))
BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parents[3]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _itaku(env, *args):
    subprocess.run([sys.executable, "-m", "itaku", *args], env=env, check=True, capture_output=True, timeout=300)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A server of its own on a fresh SQLite database with the demo loaded."""
    var = tmp_path_factory.mktemp("schemathesis")
    env = {**os.environ, "ITAKU_VAR_DIR": str(var), "DATABASE_URL": f"sqlite:///{var / 'itaku.sqlite3'}",
           "DJANGO_SETTINGS_MODULE": "config.settings.dev", "DEBUG": "0", "ITAKU_TOKEN_RATE": "10/min"}
    _itaku(env, "migrate", "--noinput")
    _itaku(env, "createcachetable")  # the shared cache (token throttle) lives in the database
    _itaku(env, "loaddemo")
    port = int(os.environ.get("ITAKU_SCHEMATHESIS_PORT") or _free_port())
    log = open(var / "server.log", "w")  # noqa: SIM115 - kept open while the server runs
    # gunicorn, as in production: schemathesis sends some bodies chunked, which Django's development server
    # does not read (it would take the chunks left on a kept-alive connection for the next request). One
    # process with threads, as SQLite takes one writer at a time. No limit on the request line and header
    # sizes: schemathesis makes queries longer than gunicorn's default 4 KB, and what it checks is the API's
    # answer, not the server's guard.
    process = subprocess.Popen([BIN / "gunicorn", "-c", "config/gunicorn.conf.py", "--bind", f"127.0.0.1:{port}",
                                "--workers", "1", "--threads", "4", "--limit-request-line", "0",
                                "--limit-request-field_size", "0"],
                               env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2):
                    break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("the server did not start: " + (var / "server.log").read_text()[-2000:])
        yield base, var
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def _token(base: str, username: str) -> str:
    body = json.dumps({"username": username, "password": "itaku-demo"}).encode()
    request = urllib.request.Request(f"{base}/api/v1/auth/token/", data=body,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)["token"]


@pytest.mark.parametrize("username", ["officer", "rep"])
def test_api_keeps_its_schema(server, username):
    base, var = server
    token = _token(base, username)
    report = var / f"report-{username}"
    started = time.monotonic()
    result = subprocess.run(
        [BIN / "schemathesis", "run", f"{base}/api/schema/", "--header", f"Authorization: Token {token}",
         "--checks", CHECKS, "--max-examples", EXAMPLES, "--seed", SEED, "--workers", "2",
         "--report", "junit", "--report-dir", str(report), "--no-color"],
        capture_output=True, text=True, timeout=ROLE_TIMEOUT, cwd=var,
    )
    elapsed = time.monotonic() - started
    output = result.stdout + result.stderr
    summary = output[output.rfind("SUMMARY"):] if "SUMMARY" in output else output[-4000:]
    print(f"\n--- schemathesis as {username} ({elapsed:.0f} s) ---\n{summary}")
    assert result.returncode == 0, output[-20000:]
    tested = re.search(r"Tested: (\d+)", output)
    selected = re.search(r"Selected: (\d+)/(\d+)", output)
    assert tested and selected and tested.group(1) == selected.group(1) == selected.group(2), summary
    cases = re.search(r"(\d+) generated, (\d+) passed", output)
    assert cases and int(cases.group(1)) >= 500 and cases.group(1) == cases.group(2), summary
