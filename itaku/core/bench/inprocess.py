"""What the benchmark measures inside one process: journal verification against raw SHA-256 over the
same bytes, and the contract PDF."""

import hashlib
import statistics
import time

from itaku.journal import chain
from itaku.journal.models import Event


def journal() -> dict:
    start = time.perf_counter()
    result = chain.verify()
    verify_s = time.perf_counter() - start
    assert result.ok, result.reason
    # The floor: SHA-256 over the canonical bytes of every event, the bytes prepared beforehand.
    blobs = []
    for row in chain._rows():
        seq, at, actor, actor_name, contract, clause_id, action, object_type, object_id, data, prev, _ = row
        blobs.append(chain.canonical({
            "seq": seq, "at": at.isoformat(timespec="microseconds"), "actor": actor, "actor_name": actor_name,
            "contract": contract, "clause_id": clause_id, "action": action, "object_type": object_type,
            "object_id": object_id, "data": data, "prev_hash": prev}))
    start = time.perf_counter()
    for blob in blobs:
        hashlib.sha256(blob).hexdigest()
    floor_s = time.perf_counter() - start
    return {"events": result.count, "verify_s": round(verify_s, 3), "sha256_s": round(floor_s, 3),
            "ratio": round(verify_s / floor_s, 1) if floor_s else None}


def remind() -> dict:
    """The day's reminder run (``itaku remind``) over every contract, in a transaction rolled back
    afterwards so that the data stays as built, and with mail going nowhere."""
    from django.db import transaction
    from django.test.utils import override_settings

    from itaku.obligations.services import reminders_send

    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        start = time.perf_counter()
        with transaction.atomic():
            sent = reminders_send()
            users = {digest.user_id for digest in sent}
            transaction.set_rollback(True)
        elapsed = time.perf_counter() - start
    return {"seconds": round(elapsed, 2), "digests": len(sent), "users": len(users)}


def _render(key: tuple[str, str], contract, source=None, repeat: int = 5) -> dict:
    """The median time of rendering the document ``key`` in this process (the first rendering, which parses
    the font, is one of ``repeat``)."""
    from itaku.documents.renderers import registry

    renderer = registry.get(key)
    head = Event.objects.order_by("-seq").values_list("hash", flat=True).first() or "0" * 64
    kwargs = {"source": source} if source is not None else {}
    times, size = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        _name, _mime, content = renderer(contract, journal_head=head, **kwargs)
        times.append(time.perf_counter() - start)
        size = len(content)
    return {"median_ms": round(statistics.median(times) * 1000, 1), "bytes": size}


def contract_pdf(contract, repeat: int = 5) -> dict:
    return _render(("contract", "pdf"), contract, repeat=repeat)


def short_pdfs(repeat: int = 5) -> dict:
    """The one-page documents: the demo's first consent letter (K-6) and calculation sheet (K-12, K-13)."""
    from itaku.consents.models import ConsentRequest
    from itaku.contracts.models import LatePenalty, Payment

    out = {}
    consent = ConsentRequest.objects.filter(snapshot__isnull=False).select_related("contract").order_by("pk").first()
    if consent is not None:
        out["consent_letter"] = _render(("consent_letter", "pdf"), consent.contract, consent, repeat)
    penalty = LatePenalty.objects.select_related("contract").order_by("pk").first()
    if penalty is not None:
        out["penalty_sheet"] = _render(("penalty_sheet", "pdf"), penalty.contract, penalty, repeat)
    payment = (Payment.objects.exclude(interest_working__isnull=True).exclude(interest_working={})
               .select_related("contract").order_by("pk").first())
    if payment is not None:
        out["interest_sheet"] = _render(("interest_sheet", "pdf"), payment.contract, payment, repeat)
    return out


def computed(contract, repeat: int = 5) -> dict:
    """What the pages' cache spares (``itaku.core.generations``): わたしの仕事's items and counts, and the
    contract hub's tabs and next steps, computed as on a person's first visit after a change, in ms (the
    median of ``repeat``)."""
    import datetime as dt
    from functools import partial

    from django.contrib.auth import get_user_model
    from django.test import RequestFactory
    from django.utils import timezone

    from itaku.contracts.selectors import contract_get
    from itaku.contracts.views import _tabs_and_items
    from itaku.obligations.selectors import DASHBOARD_ROWS, SOON_DAYS
    from itaku.obligations.work import summary_for

    today = timezone.localdate()
    result = {}
    for username in ("officer", "rep"):
        user = get_user_model().objects.get(username=username)
        request = RequestFactory().get(contract.get_absolute_url())
        request.user = user
        work = partial(summary_for, user, today=today, horizon=today + dt.timedelta(days=SOON_DAYS),
                       limit=DASHBOARD_ROWS)

        def hub(user=user, request=request):
            _tabs_and_items(request, contract_get(user, contract.pk))

        for what, func in (("work", work), ("hub", hub)):
            times = []
            for _ in range(repeat):
                start = time.perf_counter()
                func()
                times.append(time.perf_counter() - start)
            result[f"{what}_{username}_ms"] = round(statistics.median(times) * 1000, 1)
    return result
