"""rate_save (the administrator's tables) and contract_rate_set (K-12: the rate a contract states)."""

import datetime as dt
from decimal import Decimal

import pytest

from itaku.accounts.models import User
from itaku.contracts.models import Contract
from itaku.core.exceptions import ClauseViolation, PermissionRefused
from itaku.journal.models import Event
from itaku.rates.models import Rate, RateKind
from itaku.rates.selectors import contract_late_payment_rate
from itaku.rates.services import contract_rate_set, rate_save

SEED = "ひきこもり支援Web広告業務"


@pytest.fixture
def admin_user(db):
    return User.objects.create_user("rateadmin", password="x", is_staff=True, is_superuser=True)


@pytest.fixture
def seed(demo):
    return Contract.objects.get(title=SEED)


@pytest.mark.clause("K-12")
def test_rate_save_journals_and_confirms(admin_user):
    row = Rate.objects.get(kind=RateKind.LATE_PAYMENT, effective_from=dt.date(2014, 4, 1))
    row.percent, row.confirmed, row.source = Decimal("2.9"), True, "財務省告示第54号（平成26年）"
    rate_save(actor=admin_user, rate=row)
    event = Event.objects.get(action="rates.rate.saved")
    assert event.clause_id == "K-12" and event.data["percent"] == "2.9" and event.data["confirmed"] is True
    assert event.data["previous"] == {"percent": None, "confirmed": False, "source": "財務省告示第54号（平成26年）"}


@pytest.mark.clause("K-12")
@pytest.mark.parametrize(("changes", "code"), [
    ({"source": " "}, "rate_source_missing"),
    ({"confirmed": True, "percent": None}, "rate_percent_missing"),
    ({"percent": Decimal("-1")}, "rate_percent_range"),
])
def test_rate_save_refuses_without_the_reference_or_the_rate(admin_user, changes, code):
    row = Rate(kind=RateKind.LATE_PAYMENT, effective_from=dt.date(2030, 4, 1), percent=Decimal("2.4"),
               confirmed=True, source="財務省告示（令和12年）")
    for key, value in changes.items():
        setattr(row, key, value)
    with pytest.raises(ClauseViolation) as exc:
        rate_save(actor=admin_user, rate=row)
    assert exc.value.code == code and exc.value.clause == "K-12"
    assert not Event.objects.filter(action="rates.rate.saved").exists()


def test_rate_save_is_for_administrators_only(demo):
    row = Rate(kind=RateKind.STATUTORY, effective_from=dt.date(2029, 4, 1), percent=Decimal("3"), confirmed=True,
               source="法務省告示")
    with pytest.raises(PermissionRefused):
        rate_save(actor=demo["officer"], rate=row)


@pytest.mark.clause("K-12")
def test_officer_sets_and_clears_the_contracts_rate(seed, demo):
    assert contract_late_payment_rate(seed).percent == Decimal("2.5")
    contract_rate_set(actor=demo["officer"], contract=seed, percent=Decimal("2.7"), basis="契約書第12条第2項")
    seed.refresh_from_db()
    rate = contract_late_payment_rate(seed)
    assert rate.percent == Decimal("2.7") and rate.reason == "契約で定めた率" and rate.source == "契約書第12条第2項"
    event = Event.objects.filter(action="rates.contract_rate.set").get()
    assert event.clause_id == "K-12" and event.contract_id == seed.pk and event.data["percent"] == "2.7"
    contract_rate_set(actor=demo["officer"], contract=seed, percent=None, basis="")
    seed.refresh_from_db()
    assert seed.late_payment_percent is None and contract_late_payment_rate(seed).percent == Decimal("2.5")
    assert Event.objects.filter(action="rates.contract_rate.set").count() == 2


@pytest.mark.clause("K-12")
@pytest.mark.parametrize("user", ["inspector", "accountant", "auditor", "rep", "worker1"])
def test_only_the_contracts_officers_set_its_rate(seed, demo, user):
    with pytest.raises(PermissionRefused):
        contract_rate_set(actor=demo[user], contract=seed, percent=Decimal("2"), basis="契約書")
    seed.refresh_from_db()
    assert seed.late_payment_percent is None


@pytest.mark.clause("K-12")
@pytest.mark.parametrize(("percent", "basis", "code"), [
    (Decimal("14.61"), "契約書", "invalid_rate"),
    (Decimal("-0.1"), "契約書", "invalid_rate"),
    (Decimal("2.0001"), "契約書", "invalid_rate"),
    (Decimal("2"), "  ", "rate_basis_missing"),
    (None, "契約書", "rate_basis_without_percent"),
    (Decimal("2"), "x" * 201, "rate_basis_too_long"),
])
def test_contract_rate_limits(seed, demo, percent, basis, code):
    with pytest.raises(ClauseViolation) as exc:
        contract_rate_set(actor=demo["officer"], contract=seed, percent=percent, basis=basis)
    assert exc.value.code == code and exc.value.clause == "K-12"


@pytest.mark.clause("K-12")
@pytest.mark.parametrize("percent", [Decimal("0"), Decimal("14.6")])
def test_contract_rate_bounds_are_inclusive(seed, demo, percent):
    contract_rate_set(actor=demo["officer"], contract=seed, percent=percent, basis="契約書第12条")
    seed.refresh_from_db()
    assert seed.late_payment_percent == percent


@pytest.mark.clause("K-12")
def test_the_rate_stays_once_interest_was_computed_with_it(demo):
    import datetime as dt

    from itaku.contracts.lifecycle import services as svc
    from itaku.contracts.tests.test_lifecycle import make_contract, passed
    from itaku.core.exceptions import ClauseViolation
    from itaku.rates.services import contract_rate_set

    contract = make_contract(demo, signed_on=dt.date(2023, 6, 1), amount=1_000_000)
    contract_rate_set(actor=demo["officer"], contract=contract, percent="2.5", basis="契約書第12条第2項")
    passed(demo, contract, dt.date(2024, 3, 25), dt.date(2024, 3, 29))
    invoice = svc.invoice_register(actor=demo["accountant"], contract=contract, received_on=dt.date(2024, 3, 31))
    svc.payment_record(actor=demo["accountant"], invoice=invoice, paid_on=dt.date(2024, 5, 10), amount=1_000_000)
    with pytest.raises(ClauseViolation) as refused:
        contract_rate_set(actor=demo["officer"], contract=contract, percent="5", basis="変更")
    assert refused.value.clause == "K-12" and refused.value.code == "rate_in_use"
