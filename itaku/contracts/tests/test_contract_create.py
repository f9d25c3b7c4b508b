import datetime as dt

import pytest

from itaku.accounts.choices import Role
from itaku.contracts.models import Contract, ContractTemplate
from itaku.contracts.services import MemberSpec, contract_create
from itaku.core.exceptions import ClauseViolation, PermissionRefused
from itaku.journal.chain import verify
from itaku.journal.models import Event


def _kwargs(demo, **overrides):
    contractor = demo["rep"].organisation
    values = dict(
        actor=demo["officer"], template=ContractTemplate.objects.get(), title="テスト業務",
        contractor=contractor, signed_on=dt.date(2024, 4, 1), ends_on=dt.date(2025, 3, 31),
        amount=1_234_000, deposit_exempt=True, deposit_exemption_basis="財務規則第109条の2第7号",
        members=[MemberSpec(demo["rep"], Role.REPRESENTATIVE), MemberSpec(demo["inspector"], Role.INSPECTOR)],
    )
    values.update(overrides)
    return values


@pytest.mark.clause("K-0")
def test_officer_creates_a_contract_with_one_journal_event(demo):
    before = Event.objects.count()
    contract = contract_create(**_kwargs(demo))
    assert contract.client == demo["officer"].organisation
    assert contract.fiscal_year == 2024
    assert contract.tax == 112_181
    roles = set(contract.memberships.values_list("user__username", "role"))
    assert roles == {("officer", "officer"), ("rep", "representative"), ("inspector", "inspector")}
    assert Event.objects.count() == before + 1
    event = Event.objects.order_by("-seq").first()
    assert event.action == "contracts.contract.created" and event.contract == contract
    assert event.clause_id == "K-0"
    assert verify().ok


@pytest.mark.clause("K-2")
def test_end_before_signing_is_refused(demo):
    with pytest.raises(ClauseViolation) as exc:
        contract_create(**_kwargs(demo, ends_on=dt.date(2024, 3, 31)))
    assert exc.value.clause == "K-2" and exc.value.field == "ends_on"


@pytest.mark.clause("K-3")
@pytest.mark.parametrize("amount", [-1, 0, 1000.5, "1000"])
def test_amount_must_be_positive_whole_yen(demo, amount):
    with pytest.raises(ClauseViolation) as exc:
        contract_create(**_kwargs(demo, amount=amount))
    assert exc.value.clause == "K-3" and exc.value.field == "amount"


@pytest.mark.clause("K-4")
def test_deposit_needs_amount_or_exemption_with_basis(demo):
    with pytest.raises(ClauseViolation) as exc:
        contract_create(**_kwargs(demo, deposit_exemption_basis=" "))
    assert exc.value.clause == "K-4"
    with pytest.raises(ClauseViolation) as exc:
        contract_create(**_kwargs(demo, deposit_exempt=False, deposit_exemption_basis=""))
    assert exc.value.clause == "K-4"
    contract = contract_create(**_kwargs(demo, deposit_exempt=False, deposit_amount=123_400))
    assert contract.deposit_amount == 123_400 and not contract.deposit_exempt


@pytest.mark.clause("K-0")
def test_contractor_must_be_a_contractor_organisation(demo):
    with pytest.raises(ClauseViolation) as exc:
        contract_create(**_kwargs(demo, contractor=demo["officer"].organisation))
    assert exc.value.field == "contractor" and exc.value.clause == "K-0"


@pytest.mark.clause("K-0")
def test_member_of_another_organisation_is_refused(demo):
    with pytest.raises(ClauseViolation) as exc:
        contract_create(**_kwargs(demo, members=[MemberSpec(demo["outsider"], Role.REPRESENTATIVE)]))
    assert exc.value.field == "members"
    assert "outsider" in str(exc.value) or "例示" in str(exc.value)


@pytest.mark.clause("K-0")
def test_role_of_the_wrong_side_is_refused(demo):
    with pytest.raises(ClauseViolation) as exc:
        contract_create(**_kwargs(demo, members=[MemberSpec(demo["rep"], Role.INSPECTOR)]))
    assert exc.value.code == "role_wrong_side"


@pytest.mark.parametrize("username", ["inspector", "accountant", "auditor", "rep", "outsider"])
def test_only_a_client_officer_may_create(demo, username):
    with pytest.raises(PermissionRefused):
        contract_create(**_kwargs(demo, actor=demo[username]))


def test_refused_creation_leaves_nothing_behind(demo):
    contracts, events = Contract.objects.count(), Event.objects.count()
    with pytest.raises(ClauseViolation):
        contract_create(**_kwargs(demo, members=[MemberSpec(demo["outsider"], Role.WORKER)]))
    assert Contract.objects.count() == contracts and Event.objects.count() == events


@pytest.mark.clause("K-1")
def test_specification_must_be_a_document_within_the_limit(demo, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ClauseViolation) as exc:
        contract_create(**_kwargs(demo, specification=SimpleUploadedFile("spec.exe", b"MZ")))
    assert exc.value.clause == "K-1" and exc.value.field == "specification"
    settings.ITAKU_MAX_UPLOAD_BYTES = 10
    with pytest.raises(ClauseViolation) as exc:
        contract_create(**_kwargs(demo, specification=SimpleUploadedFile("spec.pdf", b"%PDF-1.4 " * 5)))
    assert exc.value.code == "specification_too_large"


def test_a_failed_registration_leaves_no_specification_file_behind(demo, monkeypatch, settings):
    from pathlib import Path

    from django.core.files.uploadedfile import SimpleUploadedFile

    import itaku.contracts.services as services

    def broken_journal(**kwargs):
        raise RuntimeError("journal unavailable")

    monkeypatch.setattr(services, "journal_append", broken_journal)
    before = {p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()}
    with pytest.raises(RuntimeError):
        contract_create(**_kwargs(demo, specification=SimpleUploadedFile("spec.pdf", b"%PDF-1.4 spec")))
    after = {p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()}
    assert after == before
