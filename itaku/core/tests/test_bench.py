"""The benchmark keeps working: ``bench/run.py`` at the tiny scale, against PostgreSQL. It asserts no
time, only that every page answered and was measured with its queries and bytes."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.skipif(settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
                    reason="the benchmark runs on PostgreSQL (the suite's PostgreSQL pass runs it)")
def test_benchmark_runs_at_the_tiny_scale(tmp_path):
    db = settings.DATABASES["default"]
    pg = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    name = f"itaku_bench_test_{os.getpid()}"
    env = {**os.environ, "BENCH_SCALE": "tiny", "BENCH_DB": name, "BENCH_PG": pg, "BENCH_SAMPLES": "2",
           "BENCH_WRK_SECONDS": "1", "BENCH_PORT": str(20000 + os.getpid() % 10000)}
    env.pop("DATABASE_URL", None)
    try:
        run = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py")], env=env, cwd=ROOT,
                             capture_output=True, text=True, timeout=600)
        assert run.returncode == 0, run.stderr[-3000:]
        result = json.loads((ROOT / "var" / "bench" / "result-tiny.json").read_text())
    finally:
        subprocess.run(["psql", f"{pg}/postgres", "-qc", f'DROP DATABASE IF EXISTS "{name}"'], check=False)
    whats = {row["what"] for row in result["pages"]}
    expected = {"わたしの仕事（契約担当）", "わたしの仕事（受注者）", "契約一覧", "契約の画面", "/api/v1/obligations/"}
    assert expected <= whats
    for row in result["pages"]:
        assert row["queries"] > 0 and row["bytes"] > 0 and row["ratio"] is not None, row
        assert row["non_2xx"] == 0, row
    assert result["journal"]["events"] >= 1000
    assert result["contract_pdf"]["bytes"] > 10_000
    assert result["short_pdfs"]["consent_letter"]["bytes"] > 10_000
    assert result["remind"]["digests"] == result["remind"]["users"] > 0
