"""`itaku backup` while a writer keeps committing documents and journal events, then `itaku restore` into an
empty database: the journal and the files verify, and the copy ends exactly at the manifest's head. On
SQLite always; on PostgreSQL when the suite runs on it (DATABASE_URL), in databases of its own."""

import json
import os
import signal
import time
from urllib.parse import urlsplit, urlunsplit

import pytest

from .writer import itaku, writer


def _round_trip(tmp_path, source_env, target_env):
    itaku(source_env, "migrate", "-v0")
    process = writer(source_env, size=64 * 1024)
    try:
        time.sleep(1.0)  # some rows and files before the backup starts
        started = time.time()
        done = itaku(source_env, "backup", "--output", str(tmp_path / "backup"))
        ended = time.time()
        time.sleep(0.5)
    finally:
        process.send_signal(signal.SIGTERM)
        out, _ = process.communicate(timeout=30)
    commits = [float(line.split()[2]) for line in out.splitlines() if line.startswith("committed")]
    during = [t for t in commits if started <= t <= ended]
    assert during, "no write committed while the backup ran"
    assert "journal head" in done.stdout

    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["journal"]["seq"] >= 1 and manifest["files"]
    assert manifest["journal"]["events"] == manifest["journal"]["seq"] < len(commits)
    assert all(len(f["sha256"]) == 64 for f in manifest["files"])

    restored = itaku(target_env, "restore", str(tmp_path / "backup"))
    assert f"head #{manifest['journal']['seq']} {manifest['journal']['hash']}" in restored.stdout
    journal = itaku(target_env, "verifyjournal")
    assert f"journal intact: {manifest['journal']['seq']} events" in journal.stdout
    assert f"head: {manifest['journal']['hash']}" in journal.stdout
    files = itaku(target_env, "verifyfiles")
    assert f"files intact: {len(manifest['files'])} stored file(s)" in files.stdout

    again = itaku(target_env, "restore", str(tmp_path / "backup"), check=False)
    assert again.returncode != 0 and "not empty" in again.stderr
    return manifest


def _env(**extra):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.dev", **extra}
    if "DATABASE_URL" not in extra:
        env.pop("DATABASE_URL", None)
    return env


def test_sqlite_round_trip_with_writes_during_the_backup(tmp_path):
    (tmp_path / "source").mkdir()
    (tmp_path / "target").mkdir()
    _round_trip(tmp_path, _env(ITAKU_VAR_DIR=str(tmp_path / "source")), _env(ITAKU_VAR_DIR=str(tmp_path / "target")))


def test_restore_refuses_a_backup_that_was_altered(tmp_path):
    (tmp_path / "source").mkdir()
    (tmp_path / "target").mkdir()
    source, target = _env(ITAKU_VAR_DIR=str(tmp_path / "source")), _env(ITAKU_VAR_DIR=str(tmp_path / "target"))
    itaku(source, "migrate", "-v0")
    process = writer(source, size=1024)
    time.sleep(1.0)
    process.send_signal(signal.SIGTERM)
    process.communicate(timeout=30)
    itaku(source, "backup", "--output", str(tmp_path / "backup"))
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    altered = tmp_path / "backup" / "files" / manifest["files"][0]["name"]
    altered.write_bytes(altered.read_bytes() + b"!")
    result = itaku(target, "restore", str(tmp_path / "backup"), check=False)
    assert result.returncode != 0 and "differs from the manifest" in result.stderr
    assert not (tmp_path / "target" / "media").exists() or not any((tmp_path / "target" / "media").rglob("*.bin"))
    busy = itaku(source, "backup", "--output", str(tmp_path / "backup"), check=False)
    assert busy.returncode != 0 and "not empty" in busy.stderr


@pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
                    reason="PostgreSQL round trip: run the suite with DATABASE_URL=postgres://…")
def test_postgresql_round_trip_with_writes_during_the_backup(tmp_path):
    import psycopg

    url = urlsplit(os.environ["DATABASE_URL"])
    base = url.path.lstrip("/") or "itaku"
    names = {"source": f"{base}_backup_source", "target": f"{base}_backup_target"}
    admin = urlunsplit(url._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        for name in names.values():
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    try:
        envs = {}
        for role, name in names.items():
            (tmp_path / role).mkdir()
            envs[role] = _env(ITAKU_VAR_DIR=str(tmp_path / role),
                              DATABASE_URL=urlunsplit(url._replace(path=f"/{name}")))
        manifest = _round_trip(tmp_path, envs["source"], envs["target"])
        assert manifest["database"]["engine"] == "postgresql"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            for name in names.values():
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
