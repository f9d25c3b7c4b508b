import pytest
from django.urls import reverse

from itaku.journal.chain import verify
from itaku.journal.models import Event


def test_own_password_change_is_journaled_without_the_password(client, demo):
    client.force_login(demo["rep"])
    new = "a-much-longer-secret-42"
    response = client.post(reverse("password_change"),
                           {"old_password": "itaku-demo", "new_password1": new, "new_password2": new})
    assert response.status_code == 302 and response["Location"] == reverse("password_change_done")
    event = Event.objects.order_by("-seq").first()
    assert event.action == "accounts.user.password_changed" and event.actor == demo["rep"]
    assert "a-much-longer-secret-42" not in str(event.data) and event.data["by_self"] is True
    demo["rep"].refresh_from_db()
    assert demo["rep"].check_password("a-much-longer-secret-42")
    assert client.get(reverse("contracts:list")).status_code == 200  # still logged in
    assert verify().ok


def test_wrong_old_password_changes_nothing(client, demo):
    client.force_login(demo["rep"])
    before = Event.objects.count()
    response = client.post(reverse("password_change"), {
        "old_password": "wrong", "new_password1": "a-much-longer-secret-42", "new_password2": "a-much-longer-secret-42",
    })
    assert response.status_code == 200 and Event.objects.count() == before


@pytest.mark.django_db
def test_admin_password_form_is_journaled(admin_client, django_user_model):
    from itaku.accounts.models import User

    user = User.objects.create_user("someone", password="x")
    response = admin_client.post(reverse("admin:auth_user_password_change", args=[user.pk]),
                                 {"password1": "another-long-secret-42", "password2": "another-long-secret-42"})
    assert response.status_code == 302
    assert Event.objects.order_by("-seq").first().action == "accounts.user.password_changed"
