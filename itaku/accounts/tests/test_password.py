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


class TTY:
    def isatty(self):
        return True


def test_own_password_change_applies_the_validators(client, demo):
    client.force_login(demo["rep"])
    response = client.post(reverse("password_change"),
                           {"old_password": "itaku-demo", "new_password1": "12345678", "new_password2": "12345678"})
    assert response.status_code == 200
    demo["rep"].refresh_from_db()
    assert demo["rep"].check_password("itaku-demo")


@pytest.mark.django_db
def test_services_apply_the_validators():
    from django.core.exceptions import ValidationError

    from itaku.accounts.models import User
    from itaku.accounts.services import user_password_change, user_save

    with pytest.raises(ValidationError):
        user_save(actor=None, user=User(username="someone"), password="password")
    assert not User.objects.filter(username="someone").exists()
    user = user_save(actor=None, user=User(username="someone"), password="a-much-longer-secret-42")
    with pytest.raises(ValidationError):
        user_password_change(actor=None, user=user, password="123")
    user.refresh_from_db()
    assert user.check_password("a-much-longer-secret-42")


@pytest.mark.django_db
def test_admin_forms_apply_the_validators(admin_client):
    from itaku.accounts.models import User

    response = admin_client.post(reverse("admin:accounts_user_add"),
                                 {"username": "newcomer", "usable_password": "true",
                                  "password1": "password", "password2": "password"})
    assert response.status_code == 200 and not User.objects.filter(username="newcomer").exists()
    user = User.objects.create_user("someone", password="a-much-longer-secret-42")
    response = admin_client.post(reverse("admin:auth_user_password_change", args=[user.pk]),
                                 {"password1": "12345678", "password2": "12345678"})
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.check_password("a-much-longer-secret-42")


@pytest.mark.django_db
def test_createsuperuser_checks_the_password_from_the_environment(monkeypatch):
    from django.core.management import CommandError, call_command

    from itaku.accounts.models import User

    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "password")
    with pytest.raises(CommandError):
        call_command("createsuperuser", interactive=False, username="root", email="root@example.invalid")
    assert not User.objects.filter(username="root").exists()
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-much-longer-secret-42")
    call_command("createsuperuser", interactive=False, username="root", email="root@example.invalid")
    assert User.objects.get(username="root").check_password("a-much-longer-secret-42")


@pytest.mark.django_db
def test_createsuperuser_offers_no_bypass(monkeypatch, capsys):
    from django.core.management import call_command

    from itaku.accounts.models import User

    typed = iter(["password", "password", "a-much-longer-secret-42", "a-much-longer-secret-42"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(typed))
    monkeypatch.setattr("builtins.input", lambda prompt="": "y")  # would bypass in Django's own command
    call_command("createsuperuser", interactive=True, username="root", email="root@example.invalid", stdin=TTY())
    assert User.objects.get(username="root").check_password("a-much-longer-secret-42")
    assert "cannot be bypassed" in capsys.readouterr().err


@pytest.mark.django_db
def test_changepassword_applies_the_validators(monkeypatch):
    from django.core.management import CommandError, call_command

    from itaku.accounts.models import User

    user = User.objects.create_user("someone", password="a-much-longer-secret-42")
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "password")
    with pytest.raises(CommandError):
        call_command("changepassword", "someone")
    user.refresh_from_db()
    assert user.check_password("a-much-longer-secret-42")
