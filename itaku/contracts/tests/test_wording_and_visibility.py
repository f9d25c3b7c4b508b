import datetime as dt

import pytest
from django.urls import reverse

from itaku.accounts.choices import OrganisationKind, Role
from itaku.accounts.models import Organisation, User
from itaku.accounts.services import organisation_save, user_save
from itaku.contracts.models import Contract, ContractTemplate
from itaku.contracts.selectors import contract_clauses, contracts_visible_to
from itaku.contracts.services import MemberSpec, contract_create
from itaku.core.exceptions import ClauseViolation
from itaku.journal.models import Event

SEED = "ひきこもり支援Web広告業務"


def _create(demo, **overrides):
    values = dict(
        actor=demo["officer"], template=ContractTemplate.objects.get(), title="文言確認業務",
        contractor=demo["rep"].organisation, signed_on=dt.date(2024, 4, 1), ends_on=dt.date(2025, 3, 31),
        amount=1_100_000, deposit_exempt=True, deposit_exemption_basis="財務規則第109条の2第7号",
        members=[MemberSpec(demo["rep"], Role.REPRESENTATIVE)],
    )
    values.update(overrides)
    return contract_create(**values)


def _k4(contract):
    return dict((c.clause_id, text) for c, text in contract_clauses(contract))["K-4"]


@pytest.mark.clause("K-4")
def test_paid_deposit_is_what_the_page_and_the_document_say(demo):
    contract = _create(demo, deposit_exempt=False, deposit_exemption_basis="", deposit_amount=110_000)
    assert _k4(contract) == "乙は、契約保証金として金110,000円を甲に納付するものとする。"


@pytest.mark.clause("K-4")
@pytest.mark.parametrize(
    "basis", ["財務規則第109条の2第7号", "財務規則 109条の2 第7号", "山梨県財務規則第109条の2第7号"]
)
def test_exemption_under_the_templates_law_cites_its_article(demo, basis):
    text = _k4(_create(demo, deposit_exemption_basis=basis))
    assert "山梨県財務規則（昭和39年山梨県規則第11号。" in text and "第109条の2第7号の規定により" in text


@pytest.mark.clause("K-4")
def test_exemption_under_another_law_names_that_law(demo):
    text = _k4(_create(demo, deposit_exemption_basis="地方自治法施行令第167条の16第2項"))
    assert text == "甲は、地方自治法施行令第167条の16第2項の規定により、乙が納付すべき契約保証金を免除するものとする。"


@pytest.mark.clause("K-0")
def test_contract_keeps_its_parties_as_signed(demo, client):
    contract = Contract.objects.get(title=SEED)
    org = contract.contractor
    org.address = "東京都千代田区移転先1-1（サンプル）"
    before = Event.objects.count()
    organisation_save(actor=None, organisation=org)
    assert Event.objects.count() == before + 1
    assert Event.objects.order_by("-seq").first().action == "accounts.organisation.changed"
    contract.refresh_from_db()
    client.force_login(demo["officer"])
    html = client.get(reverse("contracts:detail", args=[contract.pk])).content.decode()
    assert "山梨県甲府市見本町一丁目2番3号（サンプル）" in html and "移転先" not in html


@pytest.mark.clause("K-2")
@pytest.mark.parametrize("field", ["signed_on", "ends_on"])
def test_dates_outside_the_eras_people_read_are_refused(demo, field):
    with pytest.raises(ClauseViolation) as exc:
        _create(demo, **{field: dt.date(1800, 4, 1)})
    assert exc.value.clause == "K-2" and exc.value.field == field


@pytest.mark.clause("K-3")
def test_amount_beyond_what_any_contract_states_is_refused(demo):
    with pytest.raises(ClauseViolation) as exc:
        _create(demo, amount=2**63)
    assert exc.value.clause == "K-3"


def test_contractor_user_without_a_membership_sees_nothing(demo, client):
    stranger = user_save(actor=None, password="itaku-demo",
                         user=User(username="newcomer", organisation=demo["rep"].organisation))
    assert not contracts_visible_to(stranger).exists()
    client.force_login(stranger)
    seed = Contract.objects.get(title=SEED)
    assert client.get(reverse("contracts:detail", args=[seed.pk])).status_code == 404
    assert SEED not in client.get(reverse("contracts:list")).content.decode()


def test_another_client_sees_none_of_the_first_clients_contracts(demo, client):
    other = organisation_save(actor=None, organisation=Organisation(
        kind=OrganisationKind.CLIENT, name="見本市（サンプル）", address="見本市役所", representative_title="市長",
        representative_name="見本 一", is_sample=True))
    clerk = user_save(actor=None, password="itaku-demo", user=User(username="clerk", organisation=other))
    assert not contracts_visible_to(clerk).exists()
    client.force_login(clerk)
    seed = Contract.objects.get(title=SEED)
    assert client.get(reverse("contracts:detail", args=[seed.pk])).status_code == 404
    assert client.get(reverse("api:contract-detail", args=[seed.pk])).status_code == 404
