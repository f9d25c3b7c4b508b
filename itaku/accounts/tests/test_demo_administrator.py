"""The demo's system administrator (山梨県): manages users, organisations and the rate tables in the admin
site, and nothing more; the rates page names whom an officer asks."""

import pytest
from django.urls import reverse

from itaku.contracts.demo import load_demo

pytestmark = pytest.mark.django_db


def test_the_administrator_is_staff_of_the_client_but_no_superuser(demo):
    admin = demo["admin"]
    assert admin.is_staff and not admin.is_superuser and admin.is_active
    assert admin.organisation.name == "山梨県"
    assert admin.check_password("itaku-demo")
    for perm in ("accounts.change_user", "accounts.add_user", "accounts.change_organisation",
                 "accounts.add_organisation", "rates.change_rate", "rates.add_rate"):
        assert admin.has_perm(perm), perm
    # Not the contracts: registering one is the officers' (K-0), and no role is held on any.
    assert not admin.has_perm("contracts.add_contract")
    assert not admin.memberships.exists()


def test_loading_the_demo_again_keeps_one_administrator(demo):
    from itaku.accounts.models import User

    load_demo()
    assert User.objects.filter(username="admin").count() == 1
    assert demo["admin"].groups.get().permissions.count() == User.objects.get(username="admin").groups.get() \
        .permissions.count()


@pytest.mark.parametrize("name", ["admin:accounts_user_changelist", "admin:accounts_organisation_changelist",
                                  "admin:rates_rate_changelist", "admin:accounts_user_add",
                                  "admin:rates_rate_add"])
def test_the_administrator_reaches_users_organisations_and_rates_in_the_admin(client, demo, name):
    client.force_login(demo["admin"])
    assert client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", ["admin:contracts_contract_add", "admin:auth_group_add"])
def test_the_administrator_cannot_add_contracts_or_groups_in_the_admin(client, demo, name):
    client.force_login(demo["admin"])
    assert client.get(reverse(name)).status_code == 403


def test_the_administrator_registers_a_rate_through_the_admin(client, demo):
    from itaku.journal.models import Event
    from itaku.rates.models import Rate

    client.force_login(demo["admin"])
    response = client.post(reverse("admin:rates_rate_add"), {
        "kind": "statutory", "effective_from": "2035-04-01", "percent": "3.5", "confirmed": "on",
        "source": "民法404条（令和17年の見直し・テスト）", "note": "",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    rate = Rate.objects.get(effective_from="2035-04-01")
    assert Event.objects.filter(action="rates.rate.saved", actor=demo["admin"], object_id=str(rate.pk)).exists()


def test_the_rates_page_tells_an_officer_whom_to_ask(client, demo):
    client.force_login(demo["officer"])
    body = client.get(reverse("rates:list")).content.decode()
    assert "次のシステム管理者に依頼してください" in body
    assert "管理 五郎（サンプル）" in body and "総務部 情報政策課 システム管理者" in body
    assert reverse("admin:rates_rate_changelist") not in body


def test_the_rates_page_links_the_administrator_to_the_admin(client, demo):
    client.force_login(demo["admin"])
    body = client.get(reverse("rates:list")).content.decode()
    assert reverse("admin:rates_rate_changelist") in body
    assert "次のシステム管理者に依頼してください" not in body


def test_the_rates_page_sends_a_contractor_to_the_officer(client, demo):
    client.force_login(demo["rep"])
    body = client.get(reverse("rates:list")).content.decode()
    assert "管理 五郎" not in body and "契約担当者にお問い合わせください" in body


def test_an_inactive_administrator_is_not_named(client, demo):
    demo["admin"].is_active = False
    demo["admin"].save()
    client.force_login(demo["officer"])
    body = client.get(reverse("rates:list")).content.decode()
    assert "管理 五郎" not in body and "システム管理者がまだいません" in body


def test_the_user_menu_links_staff_to_the_admin_site(client, demo):
    client.force_login(demo["admin"])
    assert f'href="{reverse("admin:index")}"' in client.get(reverse("home")).content.decode()
    client.force_login(demo["officer"])
    assert f'href="{reverse("admin:index")}"' not in client.get(reverse("home")).content.decode()
