"""Cache generations: what is computed from a scope's records is cached under the scope's generation, and
every change to the scope starts a new generation, so that a cached value is never read after a change.

Every change goes through a service, and every service writes one journal event
(:func:`itaku.journal.services.journal_append`), which names its contract. An event on a contract starts
a new generation for the contract and for both its organisations; an event without a contract (a user, a
rate, a lockout) starts a new generation for everything. Saving or deleting a row of a contract (any of
the project's models with a ``contract``, and the contract itself) does the same for its contract, so
that a change made outside the services (the admin site) is seen at once too. A generation is a random
token in the shared cache (``CACHES``); starting a new one deletes it, and the next reader mints the next
token. Values are also kept no longer than ``TIMEOUT`` seconds.

The cache is a help, never a condition: when it cannot be reached, a page is computed as if nothing were
cached, and a change is saved all the same (what the cache held then lasts ``TIMEOUT`` seconds at most;
the failure is logged).
"""

import logging
import uuid
from collections.abc import Iterable
from contextlib import nullcontext

from django.core.cache import cache, caches
from django.db import transaction

logger = logging.getLogger(__name__)

PREFIX = "itaku:gen:"
EVERYTHING = "all"
TIMEOUT = 300


def organisation(pk: int) -> str:
    return f"org:{pk}"


def contract(pk: int) -> str:
    return f"contract:{pk}"


def token(scopes: Iterable[str]) -> str:
    """The current generation of ``scopes`` (and of everything), as one string for a cache key."""
    keys = [PREFIX + s for s in (EVERYTHING, *scopes)]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            cache.add(key, uuid.uuid4().hex, timeout=None)
    if len(found) < len(keys):
        found = cache.get_many(keys)
    return ".".join(str(found.get(key, "-")) for key in keys)


def start(scopes: Iterable[str]) -> None:
    """A new generation for ``scopes``: at once (a reader in this transaction), and again once the
    transaction commits (a reader in another transaction who cached what it read before the commit)."""
    keys = [PREFIX + s for s in scopes]
    _forget(keys)
    transaction.on_commit(lambda: _forget(keys))


def _guarded():
    """A savepoint around the cache's statements when the cache is a table of the database and a
    transaction is open: a failing statement (the table missing) then leaves the transaction usable."""
    from django.core.cache.backends.db import DatabaseCache

    if isinstance(caches["default"], DatabaseCache) and transaction.get_connection().in_atomic_block:
        return transaction.atomic()
    return nullcontext()


def _forget(keys: list[str]) -> None:
    try:
        with _guarded():
            cache.delete_many(keys)
    except Exception:  # the change stands; what was cached expires after TIMEOUT
        logger.exception("the cache could not start a new generation of %s", keys)


def scopes_of_contract(c) -> list[str]:
    return [contract(c.pk), organisation(c.client_id), organisation(c.contractor_id)]


def contract_pages(c) -> list[str]:
    """The scopes of what a contract's pages show: the contract, and its contractor (whose declarations
    and people those pages show too)."""
    return [contract(c.pk), organisation(c.contractor_id)]


def scopes_of_event(event) -> list[str]:
    """The scopes an event changes: its contract and the contract's two organisations, or everything."""
    return [EVERYTHING] if event.contract is None else scopes_of_contract(event.contract)


def _scopes_of_row(instance) -> list[str]:
    """The scopes of a row of a contract: from its contract when the row was read with it, otherwise from
    the contract's two organisations read by key."""
    from itaku.contracts.models import Contract

    if type(instance).contract.is_cached(instance):
        return scopes_of_contract(instance.contract)
    parties = Contract.objects.filter(pk=instance.contract_id).values_list("client_id", "contractor_id").first()
    if parties is None:
        return [contract(instance.contract_id)]
    return [contract(instance.contract_id), organisation(parties[0]), organisation(parties[1])]


def _row_changed(sender, instance, **kwargs):
    from itaku.contracts.models import Contract

    if isinstance(instance, Contract):
        start(scopes_of_contract(instance))
    elif getattr(instance, "contract_id", None) is not None:
        start(_scopes_of_row(instance))


def watch_contract_rows() -> None:
    """Connect :func:`_row_changed` to the saving and deleting of every model of the project that belongs
    to a contract (a ``contract`` foreign key), and of the contract."""
    from django.apps import apps
    from django.db.models.signals import post_delete, post_save

    from itaku.contracts.models import Contract

    for model in apps.get_models():
        if not model.__module__.startswith("itaku."):
            continue
        names = {f.name for f in model._meta.concrete_fields}
        if model is Contract or ("contract" in names and model._meta.get_field("contract").related_model is Contract):
            for signal in (post_save, post_delete):
                signal.connect(_row_changed, sender=model, weak=False,
                               dispatch_uid=f"itaku.generations.{signal is post_save}.{model._meta.label}")


def cached(key: str, scopes: Iterable[str], compute):
    """``compute()``, cached under ``key`` in the current generation of ``scopes``."""
    try:
        with _guarded():
            full = f"itaku:gen-value:{key}:{token(scopes)}"
            value = cache.get(full)
    except Exception:
        logger.exception("the cache could not be read: %s computed", key)
        return compute()
    if value is None:
        value = compute()
        try:
            with _guarded():
                cache.set(full, value, timeout=TIMEOUT)
        except Exception:
            logger.exception("the cache could not keep %s", key)
    return value

