"""A consistent copy of the database and the stored files while the system is in use, and its restoration
into an empty database.

``backup`` takes one snapshot of the database (SQLite: the online backup API, which copies the database
as one read transaction; PostgreSQL: a ``REPEATABLE READ`` transaction whose snapshot ``pg_dump`` shares
through ``--snapshot``). The rows that name stored files and the journal head are read from that same
snapshot, so the copy holds exactly the files its rows name, and the manifest records the journal head
(sequence number and hash) the copy ends at, each file's SHA-256 and size, and the dump's SHA-256.

``restore`` refuses a database that has any table or a store that has any file, checks every hash of the
manifest before it writes anything, loads the database (SQLite: the backup API again; PostgreSQL:
``pg_restore`` in one transaction), writes the files through the storage, and checks that the restored
journal ends at the manifest's head.
"""

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection

from . import storage as stored
from .storage import file_fields

FORMAT = 1
MANIFEST = "manifest.json"
FILES = "files"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.dump"
CHUNK = 1024 * 1024


class BackupError(Exception):
    pass


def _engine() -> str:
    engine = settings.DATABASES["default"]["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if engine.endswith("postgresql"):
        return "postgresql"
    raise BackupError(f"no backup for the database engine {engine}")


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _snapshot_rows(cursor) -> tuple[list[dict], dict]:
    """The stored files the rows name and the journal head, read through ``cursor`` (in the snapshot)."""
    from itaku.journal.models import Event

    qn = connection.ops.quote_name
    rows = []
    for model, f in file_fields():
        hash_field = getattr(f, "sha256_field", "")
        hash_column = model._meta.get_field(hash_field).column if hash_field else None
        columns = [model._meta.pk.column, f.column] + ([hash_column] if hash_column else [])
        cursor.execute(f"SELECT {', '.join(qn(c) for c in columns)} FROM {qn(model._meta.db_table)} "
                       f"WHERE {qn(f.column)} <> ''")
        for values in cursor.fetchall():
            rows.append({"name": values[1], "sha256": values[2] if hash_column else "",
                         "row": f"{model._meta.label_lower}:{values[0]}.{f.name}"})
    meta = Event._meta
    cursor.execute(f"SELECT {qn(meta.get_field('seq').column)}, {qn(meta.get_field('hash').column)} "
                   f"FROM {qn(meta.db_table)} ORDER BY {qn(meta.get_field('seq').column)} DESC LIMIT 1")
    last = cursor.fetchone()
    cursor.execute(f"SELECT COUNT(*) FROM {qn(meta.db_table)}")
    count = cursor.fetchone()[0]
    head = {"seq": last[0] if last else 0, "hash": last[1] if last else "", "events": count}
    return sorted(rows, key=lambda r: r["name"]), head


def _pg_params() -> tuple[list[str], dict]:
    """Connection arguments for the PostgreSQL client programs and their environment."""
    db = settings.DATABASES["default"]
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    for option, variable in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT"),
                             ("sslcert", "PGSSLCERT"), ("sslkey", "PGSSLKEY")):
        if db.get("OPTIONS", {}).get(option):
            env[variable] = str(db["OPTIONS"][option])
    return args, env


def _pg_tool(name: str) -> str:
    found = shutil.which(name) or (f"/usr/bin/{name}" if Path(f"/usr/bin/{name}").exists() else None)
    if found is None:
        raise BackupError(f"{name} is not installed (PostgreSQL client programs)")
    return found


def _dump_sqlite(target: Path) -> tuple[list[dict], dict]:
    source = sqlite3.connect(settings.DATABASES["default"]["NAME"], timeout=60)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)  # all pages in one step: one read transaction, a consistent copy
        return _snapshot_rows(copy.cursor())
    finally:
        copy.close()
        source.close()


def _dump_postgresql(target: Path) -> tuple[list[dict], dict]:
    import psycopg

    db = settings.DATABASES["default"]
    params = {"dbname": db["NAME"], "user": db.get("USER") or None, "password": db.get("PASSWORD") or None,
              "host": db.get("HOST") or None, "port": db.get("PORT") or None}
    params.update({k: v for k, v in db.get("OPTIONS", {}).items() if k.startswith("ssl")})
    with psycopg.connect(**{k: v for k, v in params.items() if v is not None}) as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        with conn.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            rows, head = _snapshot_rows(cursor)
            args, env = _pg_params()
            result = subprocess.run([_pg_tool("pg_dump"), *args, "--format=custom", f"--snapshot={snapshot}",
                                     "--no-owner", "--no-privileges", f"--file={target}", db["NAME"]],
                                    env=env, capture_output=True, text=True)
            if result.returncode:
                raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
        conn.rollback()
    return rows, head


def _copy_file(name: str, expected: str, target: Path) -> tuple[str, int]:
    """Copy a stored file (or its pending copy, while its move is not done) to ``target``."""
    source = name if default_storage.exists(name) else stored.pending_name(name)
    digest, size = hashlib.sha256(), 0
    target.parent.mkdir(parents=True, exist_ok=True)
    with default_storage.open(source, "rb") as fh, target.open("wb") as out:
        for chunk in iter(lambda: fh.read(CHUNK), b""):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    if expected and digest.hexdigest() != expected:
        raise BackupError(f"{name}: the stored file differs from its row's SHA-256 (run itaku verifyfiles)")
    return digest.hexdigest(), size


def backup(output: Path) -> dict:
    """Write a consistent copy into the directory ``output`` (new or empty); returns the manifest."""
    output = Path(output)
    if output.exists() and any(output.iterdir()):
        raise BackupError(f"{output} is not empty")
    output.mkdir(parents=True, exist_ok=True)
    started = dt.datetime.now(dt.UTC)
    engine = _engine()
    dump = output / (SQLITE_FILE if engine == "sqlite" else PG_FILE)
    rows, head = _dump_sqlite(dump) if engine == "sqlite" else _dump_postgresql(dump)
    files = []
    for row in rows:
        target = output / FILES / row["name"]
        if not target.resolve().is_relative_to((output / FILES).resolve()):
            raise BackupError(f"{row['name']}: a stored name outside the store")
        sha256, size = _copy_file(row["name"], row["sha256"], target)
        files.append({"name": row["name"], "sha256": sha256, "size": size, "row": row["row"]})
    manifest = {
        "format": FORMAT,
        "created_at": started.isoformat(),
        "database": {"engine": engine, "file": dump.name, "sha256": _file_sha256(dump), "size": dump.stat().st_size},
        "journal": head,
        "files": files,
    }
    (output / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    return manifest


@dataclass
class Restored:
    manifest: dict
    files: int


def _check(source: Path) -> dict:
    path = source / MANIFEST
    if not path.exists():
        raise BackupError(f"{source} holds no {MANIFEST}")
    manifest = json.loads(path.read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown backup format {manifest.get('format')}")
    engine = _engine()
    if manifest["database"]["engine"] != engine:
        raise BackupError(f"a {manifest['database']['engine']} backup cannot be restored into {engine}")
    dump = source / manifest["database"]["file"]
    if not dump.exists() or _file_sha256(dump) != manifest["database"]["sha256"]:
        raise BackupError(f"{dump.name} is missing or differs from the manifest")
    for entry in manifest["files"]:
        path = source / FILES / entry["name"]
        if not path.exists() or _file_sha256(path) != entry["sha256"]:
            raise BackupError(f"{entry['name']} is missing from the backup or differs from the manifest")
    return manifest


def _refuse_unless_empty() -> None:
    tables = connection.introspection.table_names()
    if tables:
        raise BackupError(f"the database is not empty ({len(tables)} tables): restore only into an empty one")
    present = [n for n in stored.stored_names(default_storage) if not n.startswith(stored.PENDING)]
    if present:
        raise BackupError(f"the file store is not empty ({len(present)} files): restore only into an empty one")


def restore(source: Path) -> Restored:
    source = Path(source)
    manifest = _check(source)
    _refuse_unless_empty()
    dump = source / manifest["database"]["file"]
    db = settings.DATABASES["default"]
    connection.close()
    if manifest["database"]["engine"] == "sqlite":
        copy, target = sqlite3.connect(dump), sqlite3.connect(db["NAME"])
        try:
            copy.backup(target)
        finally:
            target.close()
            copy.close()
    else:
        args, env = _pg_params()
        result = subprocess.run([_pg_tool("pg_restore"), *args, "--no-owner", "--no-privileges", "--exit-on-error",
                                 "--single-transaction", f"--dbname={db['NAME']}", str(dump)],
                                env=env, capture_output=True, text=True)
        if result.returncode:
            raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
    connection.close()
    for entry in manifest["files"]:
        with (source / FILES / entry["name"]).open("rb") as fh:
            saved = default_storage.save(entry["name"], File(fh, name=Path(entry["name"]).name))
        if saved != entry["name"]:
            raise BackupError(f"{entry['name']} was stored as {saved}")
    from itaku.journal.models import Event

    last = Event.objects.order_by("-seq").values_list("seq", "hash").first() or (0, "")
    if list(last) != [manifest["journal"]["seq"], manifest["journal"]["hash"]]:
        raise BackupError(f"the restored journal ends at #{last[0]}, the manifest at #{manifest['journal']['seq']}")
    return Restored(manifest=manifest, files=len(manifest["files"]))
