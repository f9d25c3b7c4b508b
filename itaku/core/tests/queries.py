"""Counting a page's own queries when its parts are computed, not read from the cache
(:mod:`itaku.core.generations`)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from itaku.core import generations


def page_queries(captured: list[dict]) -> list[dict]:
    """Of the queries a request made, those that are not the shared cache's (its table, when ``CACHES`` is
    the database, and the savepoints around its statements)."""
    return [q for q in captured if "itaku_cache" not in q["sql"] and "SAVEPOINT" not in q["sql"]]


def computed_queries(client, url) -> int:
    """The queries of the page at ``url`` with nothing read from the cache (a new generation of
    everything first), the cache's own not counted."""
    generations.start([generations.EVERYTHING])
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(page_queries(captured.captured_queries))
