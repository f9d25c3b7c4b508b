"""The benchmark (``make bench``): builds the data at ``BENCH_SCALE`` on PostgreSQL, serves it with
gunicorn (3 workers, as the operator guide says), logs in as real users and measures each page and
endpoint against the floor measured in the same run: median latency, throughput with wrk on loopback
(1 and 8 connections), SQL queries per request and bytes per response. Prints a table of ratios and
writes it as JSON (``var/bench/result-<scale>.json``).

It is a benchmark, not a test: nothing here asserts a time.
"""

import http.client
import http.cookiejar
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SCALE = os.environ.get("BENCH_SCALE", "full")
DB = os.environ.get("BENCH_DB", f"itaku_bench_{SCALE}")
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
PORT = int(os.environ.get("BENCH_PORT", "8199"))
SAMPLES = int(os.environ.get("BENCH_SAMPLES", "30"))
WRK_SECONDS = int(os.environ.get("BENCH_WRK_SECONDS", "5"))
BUDGET = float(os.environ.get("BENCH_BUDGET_SECONDS", "20"))
OUT = ROOT / "var" / "bench"
ENV = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.bench", "DATABASE_URL": f"{PG}/{DB}",
       "CONN_MAX_AGE": "60", "ITAKU_VAR_DIR": str(ROOT / "var" / "bench")}


def sh(*args, **kwargs):
    return subprocess.run(args, check=True, env=ENV, **kwargs)


def prepare():
    (OUT / "static").mkdir(parents=True, exist_ok=True)
    admin = f"{PG}/postgres"
    exists = subprocess.run(["psql", admin, "-tAc", f"SELECT 1 FROM pg_database WHERE datname='{DB}'"],
                            capture_output=True, text=True, check=True).stdout.strip()
    if not exists:
        sh("psql", admin, "-qc", f'CREATE DATABASE "{DB}"')
    sh(str(BIN / "itaku"), "migrate", "--noinput", "-v0")
    sh(str(BIN / "itaku"), "createcachetable")  # the shared cache, when REDIS_URL is not set (as make migrate)
    if SCALE != "tiny":  # the tiny scale checks that the benchmark runs, not how fast the PDF is
        sh(str(BIN / "itaku"), "buildfonts")  # the Mincho's TrueType conversion, once (the contract PDF's speed)
    sh(str(BIN / "itaku"), "benchdata", "--scale", SCALE)
    sh("psql", f"{PG}/{DB}", "-qc", "VACUUM ANALYZE")


class Client:
    """A logged-in user over one keep-alive connection."""

    def __init__(self, username):
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        base = f"http://127.0.0.1:{PORT}"
        page = opener.open(f"{base}/accounts/login/").read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode({"username": username, "password": "itaku-demo",
                                       "csrfmiddlewaretoken": token}).encode()
        opener.open(urllib.request.Request(f"{base}/accounts/login/", data=body,
                                           headers={"Referer": f"{base}/accounts/login/"})).read()
        self.cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
        assert "sessionid=" in self.cookie, f"{username} could not log in"
        self.conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=600)

    def get(self, path):
        start = time.perf_counter()
        self.conn.request("GET", path, headers={"Cookie": self.cookie, "Accept-Language": "ja"})
        response = self.conn.getresponse()
        body = response.read()
        elapsed = time.perf_counter() - start
        assert response.status == 200, f"{path}: {response.status}"
        return elapsed, body, int(response.getheader("X-Itaku-Queries", "-1"))


def wrk(client, path, connections):
    if not shutil.which("wrk"):
        return None
    out = subprocess.run(
        ["wrk", f"-t{min(connections, 2)}", f"-c{connections}", f"-d{WRK_SECONDS}s", "--latency", "--timeout", "120s",
         "-H", f"Cookie: {client.cookie}", "-H", "Accept-Language: ja", f"http://127.0.0.1:{PORT}{path}"],
        capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)", out)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if p50 is None:  # no request finished within the run: too slow to measure under load
        return {"rps": rps, "p50_ms": None, "non_2xx": int(errors.group(1)) if errors else 0}
    factor = {"us": 0.001, "ms": 1, "s": 1000}[p50.group(2)]
    return {"rps": rps, "p50_ms": float(p50.group(1)) * factor, "non_2xx": int(errors.group(1)) if errors else 0}


def measure(client, path):
    client.get(path)
    times, body, queries = [], b"", 0
    # SAMPLES requests, but no more than BUDGET seconds for a slow page (at least 3 requests).
    while len(times) < SAMPLES and (len(times) < 3 or sum(times) < BUDGET):
        elapsed, body, queries = client.get(path)
        times.append(elapsed)
    return {"median_ms": round(statistics.median(times) * 1000, 2), "bytes": len(body), "queries": queries,
            "c1": wrk(client, path, 1), "c8": wrk(client, path, 8), "body": body}


def pages(officer, rep):
    """What a person opens daily: わたしの仕事 for each role, the contract list, the contract page and each
    of its sections, the obligations list; HTML against the HTML floor, JSON against the JSON floor."""
    _t, body, _q = officer.get("/contracts/?q=" + urllib.parse.quote("ひきこもり支援Web広告業務"))
    seed = re.search(r'href="/contracts/(\d+)/"', body.decode()).group(1)
    _t, body, _q = officer.get(f"/contracts/{seed}/")
    sections = sorted(set(re.findall(rf'href="(/contracts/{seed}/[a-z-]+/)"', body.decode())))
    html = [("わたしの仕事（契約担当）", officer, "/"), ("わたしの仕事（受注者）", rep, "/"),
            ("契約一覧", officer, "/contracts/"), ("契約一覧（受注者）", rep, "/contracts/"),
            ("契約の画面", officer, f"/contracts/{seed}/"), ("契約の画面（受注者）", rep, f"/contracts/{seed}/")]
    html += [(f"契約の画面 {path.rstrip('/').rsplit('/', 1)[-1]}", officer, path) for path in sections
             if not re.search(r"/(document|specification|activate)", path)]
    api = [("/api/v1/contracts/", officer, "/api/v1/contracts/"),
           ("/api/v1/obligations/", officer, "/api/v1/obligations/"),
           ("/api/v1/obligations/（受注者）", rep, "/api/v1/obligations/")]
    return html, api


def main():
    prepare()
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "config.wsgi", "-w", "3", "-b", f"127.0.0.1:{PORT}", "--log-level", "warning",
         "--timeout", "600"],
        env=ENV, cwd=ROOT)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz")
                break
            except OSError:
                time.sleep(0.2)
        officer, rep = Client("officer"), Client("rep")
        floor_html = measure(officer, "/bench/floor/")
        floor_json = measure(officer, "/bench/floor.json")
        html, api = pages(officer, rep)
        rows = []
        for kind, floor, items in (("html", floor_html, html), ("json", floor_json, api)):
            for name, client, path in items:
                m = measure(client, path)
                rows.append(_row(name, path, kind, m, floor))
        inproc = json.loads(subprocess.run([str(BIN / "itaku"), "benchmeasure"], env=ENV, check=True,
                                           capture_output=True, text=True).stdout)
    finally:
        server.terminate()
        server.wait()
    result = {"scale": SCALE, "floor": {"html": _strip(floor_html), "json": _strip(floor_json)}, "pages": rows,
              **inproc}
    path = OUT / f"result-{SCALE}.json"
    path.write_text(json.dumps(result, ensure_ascii=False, indent=2))
    _print(result)
    print(f"\nwritten: {path}")


def _strip(m):
    return {k: v for k, v in m.items() if k != "body"}


def _ratio(a, b):
    return round(a / b, 1) if a is not None and b else None


def _row(name, path, kind, m, floor):
    return {
        "what": name, "path": path, "kind": kind, "median_ms": m["median_ms"], "bytes": m["bytes"],
        "queries": m["queries"], "ratio": _ratio(m["median_ms"], floor["median_ms"]),
        "rps_c1": m["c1"]["rps"] if m["c1"] else None,
        "throughput_ratio": _ratio(floor["c1"]["rps"], m["c1"]["rps"]) if m["c1"] and floor["c1"] else None,
        "ratio_c8": _ratio(m["c8"]["p50_ms"], floor["c8"]["p50_ms"]) if m["c8"] and floor["c8"] else None,
        "p50_c8_ms": m["c8"]["p50_ms"] if m["c8"] else None,
        "non_2xx": (m["c1"] or {}).get("non_2xx", 0) + (m["c8"] or {}).get("non_2xx", 0),
    }


def _print(result):
    f = result["floor"]
    print(f"scale {result['scale']}; floor: HTML {f['html']['median_ms']} ms, JSON {f['json']['median_ms']} ms")
    print(f"{'what':<40} {'ms':>8} {'ratio':>6} {'c8×':>6} {'tp×':>6} {'queries':>7} {'KB':>7}")
    for r in result["pages"]:
        print(f"{r['what']:<40} {r['median_ms']:>8} {r['ratio']!s:>6} {r['ratio_c8']!s:>6} "
              f"{r['throughput_ratio']!s:>6} {r['queries']:>7} {r['bytes'] / 1024:>7.1f}")
    j = result["journal"]
    print(f"verifyjournal: {j['events']} events in {j['verify_s']} s; raw SHA-256 {j['sha256_s']} s "
          f"({j['ratio']}×)")
    print(f"contract PDF: {result['contract_pdf']['median_ms']} ms, {result['contract_pdf']['bytes']} bytes")
    for what, r in result.get("short_pdfs", {}).items():
        print(f"{what.replace('_', ' ')} PDF: {r['median_ms']} ms, {r['bytes']} bytes")
    c = result.get("computed")
    if c:
        print(f"computed on a first visit after a change (then cached): わたしの仕事 {c['work_officer_ms']} ms "
              f"(officer), {c['work_rep_ms']} ms (representative); the contract's tabs and next steps "
              f"{c['hub_officer_ms']} ms (officer), {c['hub_rep_ms']} ms (representative)")
    r = result["remind"]
    print(f"itaku remind: {r['seconds']} s, {r['digests']} digests to {r['users']} people")
    v = result.get("vault")
    if v:
        print(f"vault, a file of {v['bytes']} bytes: in {v['in_mb_s']} MB/s, out {v['out_mb_s']} MB/s "
              f"(target {v['target_mb_s']} MB/s: {'met' if v['meets_target'] else 'NOT met'})")


if __name__ == "__main__":
    main()
