"""Repeated wrong passwords lock the account and the address out, on the login page, the admin
login and the API's token endpoint alike, with one count kept in the database."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.urls import reverse
from rest_framework.throttling import ScopedRateThrottle

from config.settings.base import cache_settings
from itaku.journal.chain import verify
from itaku.journal.models import Event

LIMIT = settings.AXES_FAILURE_LIMIT


def login_page(client, username, password, ip="10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def admin_login(client, username, password, ip="10.0.0.1"):
    return client.post(reverse("admin:login"), {"username": username, "password": password,
                                                "next": "/admin/"}, REMOTE_ADDR=ip)


def token(client, username, password, ip="10.0.0.1"):
    return client.post(reverse("api:token"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_thirty_wrong_passwords_then_the_right_one_do_not_log_in(client, demo):
    assert LIMIT <= 10
    for _ in range(30):
        login_page(client, "rep", "wrong-password")
    response = login_page(client, "rep", "itaku-demo")
    assert response.status_code == 429
    assert "ログインを停止しています" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("contracts:list")).status_code == 302


def test_the_lockout_starts_at_the_limit(client, demo):
    for _ in range(LIMIT - 1):
        assert login_page(client, "rep", "wrong-password").status_code == 200
    assert login_page(client, "rep", "wrong-password").status_code == 429
    assert login_page(client, "rep", "itaku-demo").status_code == 429


def test_the_three_entry_points_share_one_count(client, demo):
    """Failures on the login page, the admin login and the token endpoint add up."""
    attempts = [login_page, admin_login, token]
    for i in range(LIMIT - 1):
        response = attempts[i % 3](client, "officer", "wrong-password")
        assert response.status_code in (200, 400), response.status_code
    assert token(client, "officer", "wrong-password").status_code == 429
    locked = token(client, "officer", "itaku-demo")
    assert locked.status_code == 429
    assert locked.json()["code"] == "locked_out" and locked.json()["clause"] is None
    assert login_page(client, "officer", "itaku-demo").status_code == 429
    assert admin_login(client, "officer", "itaku-demo").status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_account_is_locked_from_any_address(client, demo):
    for i in range(LIMIT):
        login_page(client, "rep", "wrong-password", ip=f"10.0.1.{i}")
    assert login_page(client, "rep", "itaku-demo", ip="10.0.2.1").status_code == 429
    # Another account from a fresh address is not affected.
    assert login_page(client, "privacy", "itaku-demo", ip="10.0.2.1").status_code == 302


def test_the_address_is_locked_for_every_account(client, demo):
    for i in range(LIMIT):
        login_page(client, f"nobody{i}", "wrong-password", ip="10.0.3.3")
    assert login_page(client, "privacy", "itaku-demo", ip="10.0.3.3").status_code == 429
    assert token(client, "privacy", "itaku-demo", ip="10.0.3.3").status_code == 429
    assert login_page(client, "privacy", "itaku-demo", ip="10.0.3.4").status_code == 302


def test_a_lockout_is_journaled_once(client, demo):
    for _ in range(LIMIT + 5):
        login_page(client, "rep", "wrong-password")
    events = Event.objects.filter(action="accounts.lockout.locked")
    assert events.count() == 1
    event = events.get()
    assert event.data["username"] == "rep" and event.data["ip_address"] == "10.0.0.1"
    assert event.object_id == str(demo["rep"].pk) and event.actor is None
    assert "wrong-password" not in str(event.data)
    assert verify().ok


def test_the_administrator_sees_and_lifts_a_lockout(client, demo, admin_client):
    for _ in range(LIMIT):
        login_page(client, "rep", "wrong-password")
    listing = admin_client.get(reverse("admin:axes_accessattempt_changelist"))
    assert listing.status_code == 200 and "rep" in listing.content.decode()
    attempt = AccessAttempt.objects.get(username="rep")
    response = admin_client.post(reverse("admin:axes_accessattempt_changelist"),
                                 {"action": "lift", "_selected_action": [attempt.pk]})
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    event = Event.objects.order_by("-seq").first()
    assert event.action == "accounts.lockout.lifted"
    assert event.data == {"lifted": [{"username": "rep", "ip_address": "10.0.0.1"}]}
    assert login_page(client, "rep", "itaku-demo").status_code == 302
    assert verify().ok


def test_a_lockout_cannot_be_deleted_around_the_journal(demo, admin_client):
    response = admin_client.get(reverse("admin:axes_accessattempt_changelist"))
    assert "delete_selected" not in response.content.decode()


def test_forwarded_for_is_ignored_without_proxies(client, demo):
    """A client cannot escape the address lockout by sending X-Forwarded-For."""
    for i in range(LIMIT):
        client.post(reverse("login"), {"username": f"nobody{i}", "password": "x"}, REMOTE_ADDR="10.0.4.4",
                    HTTP_X_FORWARDED_FOR=f"192.0.2.{i}")
    assert login_page(client, "privacy", "itaku-demo", ip="10.0.4.4").status_code == 429


def test_the_cache_is_the_database_unless_redis_is_configured():
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert cache_settings("")["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    redis = cache_settings("redis://cache.internal:6379/0")["default"]
    assert redis == {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                     "LOCATION": "redis://cache.internal:6379/0"}


@pytest.mark.django_db
def test_the_token_throttle_counts_in_the_shared_cache(client, monkeypatch):
    """The token endpoint's throttle keeps its count in the database cache, which every server
    process reads: the count survives a fresh cache handle."""
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"token": "3/min"})
    for _ in range(3):
        assert client.post(reverse("api:token"), {}).status_code == 400
    assert client.post(reverse("api:token"), {}).status_code == 429
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM itaku_cache WHERE cache_key LIKE %s", ["%throttle_token%"])
        assert cursor.fetchone()[0] == 1
    # Another process has its own cache object: it reads the same count.
    monkeypatch.setattr(ScopedRateThrottle, "cache", caches.create_connection("default"))
    assert ScopedRateThrottle.cache is not caches["default"]
    assert client.post(reverse("api:token"), {}).status_code == 429


def test_sign_in_actions_have_labels_in_both_languages():
    from django.utils import translation

    from itaku.accounts.actions import LABELS
    from itaku.journal.actions import action_label

    for code in LABELS:
        with translation.override("ja"):
            japanese = action_label(code)
        with translation.override("en"):
            english = action_label(code)
        assert japanese != code and english != code and english != japanese
