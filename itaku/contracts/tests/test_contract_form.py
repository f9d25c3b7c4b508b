"""The registration form lists, for each role, only the users of the organisation that holds its side,
and explains each field in words."""

import re

import pytest
from django.urls import reverse

from itaku.accounts.choices import OrganisationKind
from itaku.accounts.models import User
from itaku.contracts.models import Contract

from .test_pages import _form


def _checkboxes(html: str, name: str) -> set[str]:
    return set(re.findall(rf'<input type="checkbox" name="{name}" value="(\d+)"', html))


@pytest.mark.clause("K-0")
def test_each_role_lists_only_the_users_of_its_side(client, demo):
    client.force_login(demo["officer"])
    html = client.get(reverse("contracts:create")).content.decode()
    officer_org = demo["officer"].organisation
    client_users = {str(u.pk) for u in User.objects.filter(organisation=officer_org, is_active=True)}
    contractor_users = {str(u.pk) for u in User.objects.filter(organisation__kind=OrganisationKind.CONTRACTOR,
                                                               is_active=True)}
    for name in ("officers", "inspectors", "accountants", "auditors"):
        assert _checkboxes(html, name) == client_users
    for name in ("representatives", "privacy_officers", "security_officers", "workers"):
        assert _checkboxes(html, name) == contractor_users
    # The contractor side is grouped by organisation, so its users are told apart without JavaScript.
    block = html[html.index('id="id_representatives"'):html.index('id="id_privacy_officers"')]
    assert demo["rep"].organisation.name in block and demo["outsider"].organisation.name in block


@pytest.mark.clause("K-0")
def test_a_contractor_role_takes_only_users_of_the_chosen_contractor(client, demo):
    client.force_login(demo["officer"])
    data = _form(demo, representatives=[demo["outsider"].pk], workers=[demo["worker1"].pk])
    html = client.post(reverse("contracts:create"), data).content.decode()
    error = re.search(r'id="id_representatives_error"[^>]*>\s*<p>(.*?)</p>', html).group(1)
    assert error.startswith("[K-0]") and demo["rep"].organisation.name in error and "例示 花子" in error
    assert 'id="id_workers_error"' not in html
    assert not Contract.objects.filter(title="新規業務").exists()
    # A client's user is no choice on the contractor's side, nor a contractor's user on the client's.
    html = client.post(reverse("contracts:create"),
                       _form(demo, workers=[demo["inspector"].pk], auditors=[demo["rep"].pk])).content.decode()
    assert 'id="id_workers_error"' in html and 'id="id_auditors_error"' in html
    assert not Contract.objects.filter(title="新規業務").exists()
    response = client.post(reverse("contracts:create"), _form(demo, representatives=[demo["rep"].pk]))
    assert response.status_code == 302


def test_help_is_in_words_not_bare_clause_ids(client, demo):
    client.force_login(demo["officer"])
    html = client.get(reverse("contracts:create")).content.decode()
    helps = re.findall(r'class="field__help"[^>]*>(.*?)</div>', html, re.S)
    assert len(helps) >= 10
    for text in helps:
        assert not re.fullmatch(r"\s*\(?（?[KPS]-[\w-]+）?\)?\s*", text), text
        assert re.search(r"[ぁ-んァ-ヶ一-龯]{4}", text), text
    assert "完了の報告を受けて業務の検査" in html and "上で選んだ受注者（乙）の利用者だけを選べます" in html
