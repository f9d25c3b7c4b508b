"""The demo for the test suite, loaded once per process and restored per test.

Loading the demo through the services (``itaku.contracts.demo.load_demo``) takes seconds: it runs every
app's history, renders the consent letters' PDFs, drafts the compliance reports. Most tests start from
it, so the suite loads it once, in a transaction that is rolled back, and keeps what it wrote:

- every row of every table (``apps.get_models``, so the models of a new app are included without
  listing them), read as the database stores it, in the order of the foreign keys;
- the files it stored (the rolled-back transaction leaves them in storage, under the names the rows
  record), byte for byte;
- the mails it sent.

Each test that asks for the demo then gets exactly that state: the tables the demo wrote are emptied and
refilled with the rows as loaded, primary keys included, inside one transaction (the test's own in an
ordinary test, a committed one in a transactional or live-server test), PostgreSQL's sequences are set
after the highest keys, any of the demo's files that a test altered or removed is written back, and the
demo's mails are in the outbox. A test that wrote rows of its own before asking for the demo (a fixture
that runs first) gets the demo loaded through the services as before, on top of its rows; so does every
test once the run has gone past midnight (the demo's dates follow the day it is loaded).

``ITAKU_TEST_DEMO=load`` loads the demo through the services for every test (the slow, original way), to
compare.
"""

import copy
import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import mail
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from itaku.core import generations


def _tables() -> list[tuple[str, type]]:
    """Every table of a concrete, managed model (with the many-to-many tables), each table once, a table
    after the tables its foreign keys point to (cycles broken arbitrarily: the constraints are deferred
    to the end of the transaction on both SQLite and PostgreSQL)."""
    models = {}
    for model in apps.get_models(include_auto_created=True):
        opts = model._meta
        if opts.proxy or not opts.managed or opts.swapped:
            continue
        models.setdefault(opts.db_table, model)
    depends = {
        table: {f.related_model._meta.db_table for f in model._meta.concrete_fields
                if f.is_relation and f.related_model is not None
                and f.related_model._meta.db_table in models and f.related_model._meta.db_table != table}
        for table, model in models.items()
    }
    ordered, done = [], set()

    def visit(table, path=()):
        if table in done or table in path:
            return
        for other in sorted(depends[table]):
            visit(other, path + (table,))
        done.add(table)
        ordered.append(table)

    for table in sorted(models):
        visit(table)
    return [(table, models[table]) for table in ordered]


def _counts(tables) -> dict[str, int]:
    """The number of rows of every table, in one query."""
    q = connection.ops.quote_name
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {q(table)})" for table, _ in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
    return {table: n for (table, _), n in zip(tables, row, strict=True)}


def _media_root() -> Path | None:
    """The directory of the default storage; None when it is not a directory (an object store)."""
    from django.core.files.storage import FileSystemStorage, default_storage
    from django.utils.functional import empty

    if default_storage._wrapped is empty:
        default_storage._setup()
    storage = default_storage._wrapped
    return Path(storage.location) if isinstance(storage, FileSystemStorage) else None


def _media_state(root: Path | None) -> dict[str, tuple[int, int]]:
    if root is None or not root.exists():
        return {}
    state = {}
    for path in root.rglob("*"):
        if path.is_file():
            st = path.stat()
            state[str(path.relative_to(root))] = (st.st_size, st.st_mtime_ns)
    return state


@dataclass
class Snapshot:
    tables: list[tuple[str, type]]
    before: dict[str, int]  # rows per table before the demo (the migrated database)
    rows: dict[str, tuple[list[str], list[tuple]]]  # table -> (columns, rows) after the demo
    root: Path | None
    files: dict[str, bytes]  # relative path -> content, the files the demo stored
    stats: dict[str, tuple[int, int]] = field(default_factory=dict)
    mails: list = field(default_factory=list)
    day: dt.date | None = None  # the day it was loaded: the demo's dates follow it

    @classmethod
    def take(cls, load) -> "Snapshot | None":
        """Runs ``load()`` in a transaction that is rolled back, and keeps what it wrote."""
        tables = _tables()
        q = connection.ops.quote_name
        root = _media_root()
        if root is None:
            return None  # files in an object store: the demo is loaded through the services every time
        day = timezone.localdate()
        with transaction.atomic():
            before = _counts(tables)
            media_before = _media_state(root)
            outbox = getattr(mail, "outbox", None)
            mails_before = len(outbox) if outbox is not None else 0
            load()
            after = _counts(tables)
            rows = {}
            with connection.cursor() as cursor:
                for table, model in tables:
                    if not after[table]:
                        continue
                    pk = model._meta.pk.column
                    cursor.execute(f"SELECT * FROM {q(table)} ORDER BY {q(pk)}")
                    columns = [c[0] for c in cursor.description]
                    rows[table] = (columns, [tuple(r) for r in cursor.fetchall()])
            mails = [copy.copy(m) for m in (outbox or [])[mails_before:]]
            transaction.set_rollback(True)
        media_after = _media_state(root)
        files = {name: (root / name).read_bytes() for name, st in media_after.items()
                 if media_before.get(name) != st}
        snapshot = cls(tables=tables, before=before, rows=rows, root=root, files=files, mails=mails, day=day)
        snapshot.stats = {name: media_after[name] for name in files}
        if connection.vendor == "postgresql":
            from psycopg.types.json import Jsonb

            json_columns = {(model._meta.db_table, f.column) for _, model in tables
                            for f in model._meta.concrete_fields if f.get_internal_type() == "JSONField"}
            for table, (columns, data) in rows.items():
                wrap = [i for i, c in enumerate(columns) if (table, c) in json_columns]
                if wrap:
                    rows[table] = (columns, [tuple(Jsonb(v) if i in wrap and not isinstance(v, str | None)
                                                   else v for i, v in enumerate(r)) for r in data])
        return snapshot

    def restore(self) -> bool:
        """Puts the database back to the demo as loaded; False (and nothing changed) when a table holds
        rows that neither the migrations nor the demo wrote (the test added them first)."""
        if timezone.localdate() != self.day:
            return False  # the run went past midnight: the demo of today is loaded through the services
        root = _media_root()
        if self.files and root is None:
            return False  # the test stores files elsewhere (an object store): the services store them there
        now = _counts(self.tables)
        if any(now[table] > self.before[table] for table, _ in self.tables):
            return False
        q = connection.ops.quote_name
        with transaction.atomic(), connection.cursor() as cursor:
            for table, _ in reversed(self.tables):
                if now[table]:
                    cursor.execute(f"DELETE FROM {q(table)}")
            for table, _ in self.tables:
                if table in self.rows:
                    columns, data = self.rows[table]
                    cursor.executemany(
                        f"INSERT INTO {q(table)} ({', '.join(q(c) for c in columns)}) "
                        f"VALUES ({', '.join(['%s'] * len(columns))})", data)
            if connection.vendor == "postgresql":
                models = [model for table, model in self.tables if table in self.rows or now[table]]
                for sql in connection.ops.sequence_reset_sql(no_style(), models):
                    cursor.execute(sql)
        self._restore_files(root)
        # The rows were written without the services: nothing cached before them may be read after them.
        generations.start([generations.EVERYTHING])
        outbox = getattr(mail, "outbox", None)
        if outbox is not None:
            outbox.extend(copy.copy(m) for m in self.mails)
        return True

    def _restore_files(self, root: Path):
        """The demo's files, as stored, in ``root`` (the run's media directory, or a test's own)."""
        if root != self.root:
            for name, content in self.files.items():
                (root / name).parent.mkdir(parents=True, exist_ok=True)
                (root / name).write_bytes(content)
            return
        for name, content in self.files.items():
            path = self.root / name
            try:
                st = path.stat()
                if (st.st_size, st.st_mtime_ns) == self.stats[name]:
                    continue
            except FileNotFoundError:
                path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            st = path.stat()
            self.stats[name] = (st.st_size, st.st_mtime_ns)


def enabled() -> bool:
    return os.environ.get("ITAKU_TEST_DEMO", "snapshot") != "load" and bool(getattr(settings, "DATABASES", None))


def demo_users(snapshot: Snapshot | None) -> dict:
    """The demo in the test's database, as freshly loaded; the demo users by username."""
    from itaku.accounts.models import User
    from itaku.contracts.demo import load_demo

    if snapshot is None or not snapshot.restore():
        load_demo()
    return {u.username: u for u in User.objects.all()}
