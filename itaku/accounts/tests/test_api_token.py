"""API tokens: one's own page shows when the token was created and last used; reissue; a user who
has lost every role cannot use theirs."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from itaku.accounts.models import ApiTokenUse, Membership
from itaku.accounts.signin import api_token_touch
from itaku.journal.models import Event


def obtain(client, username):
    response = client.post(reverse("api:token"), {"username": username, "password": "itaku-demo"})
    assert response.status_code == 200, response.content
    return response.json()["token"]


def call(client, key):
    return client.get(reverse("api:contract-list"), HTTP_AUTHORIZATION=f"Token {key}")


def test_last_use_is_recorded_and_shown(client, demo):
    key = obtain(client, "rep")
    assert Event.objects.order_by("-seq").first().action == "accounts.api_token.issued"
    assert not ApiTokenUse.objects.exists()
    assert call(client, key).status_code == 200
    use = ApiTokenUse.objects.get(token_id=key)
    assert (timezone.now() - use.last_used_at) < dt.timedelta(minutes=1)
    client.force_login(demo["rep"])
    page = client.get(reverse("mfa")).content.decode()
    created = timezone.localtime(Token.objects.get(key=key).created).strftime("%Y-%m-%d %H:%M")
    last = timezone.localtime(use.last_used_at).strftime("%Y-%m-%d %H:%M")
    assert created in page and last in page
    assert key not in page  # the key itself is shown only once, when reissued


def test_last_use_is_written_at_most_once_a_minute(demo, django_assert_num_queries):
    token = Token.objects.create(user=demo["rep"])
    now = timezone.now()
    api_token_touch(token=token, at=now)
    with django_assert_num_queries(1):
        api_token_touch(token=token, at=now + dt.timedelta(seconds=30))
    api_token_touch(token=token, at=now + dt.timedelta(minutes=2))
    assert ApiTokenUse.objects.get(token=token).last_used_at == now + dt.timedelta(minutes=2)


def test_reissue_replaces_the_token(client, demo):
    old = obtain(client, "officer")
    client.force_login(demo["officer"])
    response = client.post(reverse("api_token"))
    assert response.status_code == 302 and response["Location"] == reverse("mfa")
    new = Token.objects.get(user=demo["officer"]).key
    assert new != old
    assert new in client.get(reverse("mfa")).content.decode()  # shown once
    assert new not in client.get(reverse("mfa")).content.decode()
    client.logout()
    assert call(client, old).status_code == 403
    assert call(client, new).status_code == 200
    event = Event.objects.filter(action="accounts.api_token.reissued").get()
    assert event.actor == demo["officer"] and event.data["replaced"] is True and new not in str(event.data)


def test_a_contractor_user_who_lost_every_role_cannot_use_a_token(client, demo):
    key = obtain(client, "worker1")
    assert call(client, key).status_code == 200
    Membership.objects.filter(user=demo["worker1"]).delete()
    refused = call(client, key)
    assert refused.status_code == 403 and refused.json()["code"] == "authentication_failed"
    denied = client.post(reverse("api:token"), {"username": "worker1", "password": "itaku-demo"})
    assert denied.status_code == 403 and denied.json()["code"] == "token_not_allowed"
    client.force_login(demo["worker1"])
    assert "利用できません" in client.get(reverse("mfa")).content.decode()
    client.post(reverse("api_token"))
    assert not Event.objects.filter(action="accounts.api_token.reissued").exists()


def test_a_client_user_keeps_the_token_without_a_membership(client, demo):
    """Client users see their organisation's contracts whatever their memberships."""
    key = obtain(client, "auditor")
    Membership.objects.filter(user=demo["auditor"]).delete()
    assert call(client, key).status_code == 200


def test_an_inactive_user_or_one_of_no_organisation_cannot_use_a_token(client, demo):
    key = obtain(client, "officer")
    officer = demo["officer"]
    officer.organisation = None
    officer.save()
    assert call(client, key).status_code == 403
    officer.is_active = False
    officer.save()
    assert call(client, key).status_code == 403
