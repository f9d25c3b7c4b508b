"""Two-factor sign-in: enrolment, the second step, recovery codes, removal, and enrolment enforced
for the roles that must use it."""

import datetime as dt
import os
import subprocess
import sys

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from itaku.accounts.selectors import mfa_required_for
from itaku.accounts.signin import mfa_enrol
from itaku.journal.chain import verify
from itaku.journal.models import Event


def code(device, drift=0) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, drift):06d}"


def enrol(user) -> tuple[TOTPDevice, list[str]]:
    key = "3132333435363738393031323334353637383930"
    device, codes = mfa_enrol(actor=user, key=key, code=code(TOTPDevice(key=key)))
    device.last_t = -1  # the tests use the current code again to sign in
    device.save()
    return device, codes


def password_login(client, username):
    response = client.post(reverse("login"), {"username": username, "password": "itaku-demo"})
    assert response.status_code == 302
    return response


def test_enrolment_shows_a_qr_code_and_gives_recovery_codes_once(client, demo):
    client.force_login(demo["rep"])
    page = client.get(reverse("mfa_setup"))
    assert page.status_code == 200
    html = page.content.decode()
    assert '<svg role="img"' in html and "otpauth" not in html and "style=" not in html
    key = client.session["itaku_mfa_setup_key"]
    wrong = client.post(reverse("mfa_setup"), {"code": "000000" if code(TOTPDevice(key=key)) != "000000" else "111111"})
    assert wrong.status_code == 200 and not TOTPDevice.objects.filter(user=demo["rep"]).exists()
    response = client.post(reverse("mfa_setup"), {"code": code(TOTPDevice(key=key))})
    assert response.status_code == 302 and response["Location"] == reverse("mfa")
    device = TOTPDevice.objects.get(user=demo["rep"])
    assert device.confirmed and device.key == key
    codes = list(StaticToken.objects.filter(device__user=demo["rep"]).values_list("token", flat=True))
    assert len(codes) == 10
    shown = client.get(reverse("mfa")).content.decode()
    assert all(c in shown for c in codes)
    assert not any(c in client.get(reverse("mfa")).content.decode() for c in codes)  # once only
    event = Event.objects.filter(action="accounts.mfa.enrolled").get()
    assert event.actor == demo["rep"] and not any(c in str(event.data) for c in codes) and key not in str(event.data)
    # Enrolling signs this session's second factor in: the user goes on working.
    assert client.get(reverse("contracts:list")).status_code == 200
    assert verify().ok


def test_full_width_digits_are_read_as_digits(client, demo):
    client.force_login(demo["rep"])
    client.get(reverse("mfa_setup"))
    key = client.session["itaku_mfa_setup_key"]
    wide = code(TOTPDevice(key=key)).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert client.post(reverse("mfa_setup"), {"code": f"{wide[:3]} {wide[3:]}"}).status_code == 302


def test_totp_sign_in(client, demo):
    device, _ = enrol(demo["rep"])
    password_login(client, "rep")
    gated = client.get(reverse("contracts:list"))
    assert gated.status_code == 302
    assert gated["Location"] == reverse("mfa_verify") + "?next=%2Fcontracts%2F"
    assert client.get(reverse("api:contract-list")).status_code == 403
    assert client.get(reverse("api:contract-list")).json()["code"] == "mfa_verification_required"
    wrong = f"{(int(code(device)) + 1) % 1_000_000:06d}"
    assert client.post(reverse("mfa_verify"), {"code": wrong}).status_code == 200
    assert client.get(reverse("contracts:list")).status_code == 302
    # A wrong code slows the next tries down: even the right code waits (django-otp's throttling).
    assert client.post(reverse("mfa_verify"), {"code": code(device)}).status_code == 200
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=device.throttling_failure_timestamp - dt.timedelta(minutes=1))
    response = client.post(reverse("mfa_verify"), {"code": code(device), "next": "/contracts/"})
    assert response.status_code == 302 and response["Location"] == "/contracts/"
    assert client.get(reverse("contracts:list")).status_code == 200
    # The code just used cannot be used again (another session).
    other = type(client)()
    password_login(other, "rep")
    assert other.post(reverse("mfa_verify"), {"code": code(device)}).status_code == 200
    assert other.get(reverse("contracts:list")).status_code == 302


def test_the_admin_also_asks_for_the_second_factor(client, demo, admin_user):
    device, _ = enrol(admin_user)
    response = client.post(reverse("admin:login"), {"username": admin_user.username, "password": "password",
                                                    "next": "/admin/"})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 302
    client.post(reverse("mfa_verify"), {"code": code(device)})
    assert client.get("/admin/").status_code == 200


def test_a_recovery_code_signs_in_once_and_is_journaled(client, demo):
    _, codes = enrol(demo["officer"])
    password_login(client, "officer")
    response = client.post(reverse("mfa_verify"), {"code": codes[0].upper()})
    assert response.status_code == 302
    assert client.get(reverse("contracts:list")).status_code == 200
    event = Event.objects.order_by("-seq").first()
    assert event.action == "accounts.mfa.recovery_code_used" and event.actor == demo["officer"]
    assert event.data["recovery_codes_left"] == 9 and codes[0] not in str(event.data)
    again = type(client)()
    password_login(again, "officer")
    assert again.post(reverse("mfa_verify"), {"code": codes[0]}).status_code == 200
    assert again.get(reverse("contracts:list")).status_code == 302


def test_new_recovery_codes_replace_the_old_ones(client, demo):
    device, codes = enrol(demo["rep"])
    client.force_login(demo["rep"])
    client.post(reverse("mfa_verify"), {"code": code(device)})
    assert client.post(reverse("mfa_recovery")).status_code == 302
    new = set(StaticToken.objects.filter(device__user=demo["rep"]).values_list("token", flat=True))
    assert len(new) == 10 and not new & set(codes)
    assert Event.objects.order_by("-seq").first().action == "accounts.mfa.recovery_codes_renewed"


def test_removal_needs_a_current_code_and_is_journaled(client, demo):
    device, codes = enrol(demo["rep"])
    client.force_login(demo["rep"])
    client.post(reverse("mfa_verify"), {"code": codes[0]})
    refused = client.post(reverse("mfa_remove"), {"remove-code": "not-a-code"})
    assert refused.status_code == 200 and TOTPDevice.objects.filter(user=demo["rep"]).exists()
    assert client.post(reverse("mfa_remove"), {"remove-code": code(device)}).status_code == 302
    assert not TOTPDevice.objects.filter(user=demo["rep"]).exists()
    assert not StaticDevice.objects.filter(user=demo["rep"]).exists()
    event = Event.objects.order_by("-seq").first()
    assert event.action == "accounts.mfa.removed" and event.data["by_self"] is True
    assert verify().ok


def test_an_administrator_removes_a_lost_second_factor(demo, admin_client):
    enrol(demo["rep"])
    response = admin_client.post(reverse("admin:accounts_user_changelist"),
                                 {"action": "remove_second_factor", "_selected_action": [demo["rep"].pk]})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=demo["rep"]).exists()
    event = Event.objects.order_by("-seq").first()
    assert event.action == "accounts.mfa.removed" and event.data == {"username": "rep", "by_self": False}


@pytest.mark.parametrize("username, required", [
    ("officer", True), ("auditor", True), ("rep", True), ("privacy", True), ("security", True),
    ("worker1", False), ("worker2", False), ("outsider", True),
])
def test_who_must_use_a_second_factor(demo, settings, username, required):
    settings.ITAKU_MFA_REQUIRED = True
    assert mfa_required_for(demo[username]) is required
    settings.ITAKU_MFA_REQUIRED = False
    assert mfa_required_for(demo[username]) is False


def test_a_user_who_must_enrol_can_do_nothing_else(client, demo, settings):
    settings.ITAKU_MFA_REQUIRED = True
    password_login(client, "security")
    for url in [reverse("home"), reverse("contracts:list"), reverse("mfa"), reverse("password_change")]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("mfa_setup")), url
    assert client.post(reverse("api_token")).status_code == 302
    assert not Event.objects.filter(action__startswith="accounts.api_token").exists()
    api = client.get(reverse("api:contract-list"))
    assert api.status_code == 403 and api.json()["code"] == "mfa_enrolment_required"
    page = client.get(reverse("mfa_setup"))
    assert page.status_code == 200 and "必須" in page.content.decode()
    key = client.session["itaku_mfa_setup_key"]
    assert client.post(reverse("mfa_setup"), {"code": code(TOTPDevice(key=key))}).status_code == 302
    assert client.get(reverse("contracts:list")).status_code == 200


def test_a_worker_is_not_asked_to_enrol(client, demo, settings):
    settings.ITAKU_MFA_REQUIRED = True
    password_login(client, "worker1")
    assert client.get(reverse("contracts:list")).status_code == 200


def test_the_demo_signs_in_with_the_password_only(client, demo):
    password_login(client, "officer")
    assert client.get(reverse("contracts:list")).status_code == 200


def test_the_token_endpoint_asks_for_the_second_factor(client, demo, settings):
    device, _ = enrol(demo["rep"])
    without = client.post(reverse("api:token"), {"username": "rep", "password": "itaku-demo"})
    assert without.status_code == 400 and without.json()["code"] == "mfa_invalid_code"
    ok = client.post(reverse("api:token"), {"username": "rep", "password": "itaku-demo", "otp": code(device)})
    assert ok.status_code == 200 and ok.json()["token"]
    settings.ITAKU_MFA_REQUIRED = True
    refused = client.post(reverse("api:token"), {"username": "privacy", "password": "itaku-demo"})
    assert refused.status_code == 403 and refused.json()["code"] == "mfa_enrolment_required"


@pytest.mark.parametrize("env, expected", [({}, "True"), ({"ITAKU_MFA_REQUIRED": "false"}, "False")])
def test_production_settings_require_the_second_factor(env, expected):
    environment = {k: v for k, v in os.environ.items() if k != "ITAKU_MFA_REQUIRED"}
    environment.update(env, ITAKU_MASTER_KEY="dGVzdC1vbmx5LW1hc3Rlci1rZXktMzItYnl0ZXMhISE=",
                       SECRET_KEY="p" * 30 + "roduction-secret-key-0123456789")
    result = subprocess.run(
        [sys.executable, "-c", "import config.settings.production as s; print(s.ITAKU_MFA_REQUIRED)"],
        capture_output=True, text=True, env=environment, check=True,
    )
    assert result.stdout.strip() == expected


@pytest.mark.parametrize("required", [False, True])
def test_the_second_factor_check_costs_no_query_of_its_own(client, demo, settings, required):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.ITAKU_MFA_REQUIRED = required
    client.force_login(demo["worker1"])  # never asked for a second factor
    url = reverse("api:rate-list")
    client.get(url)
    with CaptureQueriesContext(connection) as gated:
        assert client.get(url).status_code == 200
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != "itaku.accounts.middleware.SecondFactorMiddleware"]
    with CaptureQueriesContext(connection) as plain:
        assert client.get(url).status_code == 200
    assert len(gated) == len(plain)
