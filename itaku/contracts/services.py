"""Writes on contracts. Each service checks the actor's right and the clause's conditions, changes
the models and appends one journal event, in one transaction."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from itaku.accounts.choices import CLIENT_ROLES, CONTRACTOR_ROLES, Role
from itaku.accounts.models import Membership, Organisation, User
from itaku.accounts.selectors import can_create_contracts
from itaku.core.exceptions import ClauseViolation, PermissionRefused
from itaku.core.files import DOCUMENT_EXTENSIONS, check_content, remove_files_on_error
from itaku.core.wareki import fiscal_year
from itaku.journal.services import journal_append

from .choices import ContractState
from .models import Contract, ContractTemplate
from .states import move
from .wording import party_snapshot


@dataclass(frozen=True)
class MemberSpec:
    user: User
    role: str


# The largest amount of yen a contract may state (K-3, K-4): one trillion yen, far above any
# outsourcing contract, and well inside what every database stores exactly.
MAX_YEN = 10**12
# Dates people can read in 和暦 and a contract may plausibly carry (K-2).
EARLIEST_DATE = dt.date(1989, 1, 8)  # 平成元年1月8日
LATEST_DATE = dt.date(2199, 12, 31)


def _check_terms(*, signed_on: dt.date, ends_on: dt.date, amount, deposit_amount, deposit_exempt: bool,
                 deposit_exemption_basis: str) -> None:
    # K-2: the term runs from the signing date to the end date.
    for name, day in (("signed_on", signed_on), ("ends_on", ends_on)):
        if not EARLIEST_DATE <= day <= LATEST_DATE:
            raise ClauseViolation(
                _("日付は平成元年1月8日から2199年12月31日までの間で入力してください。"), code="date_out_of_range",
                clause="K-2", field=name,
            )
    if ends_on < signed_on:
        raise ClauseViolation(
            _("履行期限は契約締結日以後の日付にしてください。"), code="ends_before_signing", clause="K-2",
            field="ends_on",
        )
    # K-3: the price is a whole number of yen, tax included.
    if not isinstance(amount, int) or isinstance(amount, bool) or not 0 < amount <= MAX_YEN:
        raise ClauseViolation(
            _("契約額は1円以上1兆円以下の整数（円）で入力してください。"), code="invalid_amount", clause="K-3",
            field="amount",
        )
    # K-4: a deposit amount, or its exemption with the legal basis.
    if deposit_exempt:
        if deposit_amount:
            raise ClauseViolation(
                _("契約保証金を免除する場合は金額を入力しないでください。"), code="deposit_conflict", clause="K-4",
                field="deposit_amount",
            )
        if not (deposit_exemption_basis or "").strip():
            raise ClauseViolation(
                _("契約保証金を免除する場合は、その根拠（例：財務規則第109条の2第7号）を入力してください。"),
                code="deposit_basis_missing", clause="K-4", field="deposit_exemption_basis",
            )
    else:
        if (deposit_amount is None or not isinstance(deposit_amount, int) or isinstance(deposit_amount, bool)
                or not 0 < deposit_amount <= MAX_YEN):
            raise ClauseViolation(
                _("契約保証金の額（1円以上1兆円以下の整数）を入力するか、免除を選んでください。"),
                code="deposit_missing", clause="K-4", field="deposit_amount",
            )


def _check_members(*, client: Organisation, contractor: Organisation, members: list[MemberSpec]) -> None:
    for member in members:
        org_id = member.user.organisation_id
        if org_id not in (client.pk, contractor.pk):
            raise ClauseViolation(
                _("%(user)s は甲・乙いずれの組織にも属していないため、この契約の関係者にできません。")
                % {"user": member.user},
                code="member_outside_parties", clause="K-0", field="members",
            )
        allowed = CLIENT_ROLES if org_id == client.pk else CONTRACTOR_ROLES
        if member.role not in allowed:
            raise ClauseViolation(
                _("%(user)s の組織では「%(role)s」の役割を持てません。")
                % {"user": member.user, "role": Role(member.role).label},
                code="role_wrong_side", clause="K-0", field="members",
            )


SPEC_EXTENSIONS = DOCUMENT_EXTENSIONS


def _check_specification(specification) -> None:
    """K-1: the specification is a document people can open, within the upload limit."""
    if specification is None:
        return
    if not specification.name.lower().endswith(SPEC_EXTENSIONS):
        raise ClauseViolation(
            _("仕様書はPDF・Word・Excel・OpenDocument・テキストのファイルにしてください。"),
            code="specification_type", clause="K-1", field="specification",
        )
    if specification.size > settings.ITAKU_MAX_UPLOAD_BYTES:
        raise ClauseViolation(
            _("仕様書のファイルが大きすぎます（上限 %(limit)s バイト）。") % {"limit": settings.ITAKU_MAX_UPLOAD_BYTES},
            code="specification_too_large", clause="K-1", field="specification",
        )
    check_content(specification, clause="K-1", field="specification")


@transaction.atomic
def contract_create(
    *,
    actor: User,
    template: ContractTemplate,
    title: str,
    contractor: Organisation,
    signed_on: dt.date,
    ends_on: dt.date,
    amount: int,
    deposit_amount: int | None = None,
    deposit_exempt: bool = False,
    deposit_exemption_basis: str = "",
    premises_address: str = "",
    specification=None,
    members: list[MemberSpec] = (),
    draft: bool = False,
) -> Contract:
    """The client's officer makes a contract from a template (K-0 … K-4, P-5).

    A contract registered as a draft (起案中) is not yet in force: it accepts no work until the officer
    records its signing (:func:`contract_activate`, K-end).
    """
    if not can_create_contracts(actor):
        raise PermissionRefused(_("契約を作成できるのは発注者の契約担当者です。"))
    client = actor.organisation
    title = (title or "").strip()
    if not title:
        raise ClauseViolation(_("業務名を入力してください。"), code="title_missing", clause="K-0", field="title")
    if not contractor.is_contractor:
        raise ClauseViolation(
            _("「%(org)s」は受注者（乙）の組織ではありません。") % {"org": contractor},
            code="contractor_not_contractor", clause="K-0", field="contractor",
        )
    _check_terms(signed_on=signed_on, ends_on=ends_on, amount=amount, deposit_amount=deposit_amount,
                 deposit_exempt=deposit_exempt, deposit_exemption_basis=deposit_exemption_basis)
    _check_specification(specification)
    members = list(members)
    if not any(m.user.pk == actor.pk and m.role == Role.OFFICER for m in members):
        members.insert(0, MemberSpec(actor, Role.OFFICER))
    _check_members(client=client, contractor=contractor, members=members)

    contract = Contract(
        template=template, title=title, client=client, contractor=contractor,
        parties={"client": party_snapshot(client), "contractor": party_snapshot(contractor)}, signed_on=signed_on,
        ends_on=ends_on, fiscal_year=fiscal_year(signed_on), amount=amount,
        deposit_amount=None if deposit_exempt else deposit_amount, deposit_exempt=deposit_exempt,
        deposit_exemption_basis=deposit_exemption_basis.strip() if deposit_exempt else "",
        premises_address=premises_address.strip(), created_by=actor,
        state=ContractState.DRAFT if draft else ContractState.ACTIVE,
    )
    if specification is not None:
        contract.specification = specification
    with remove_files_on_error(lambda: contract.specification):
        contract.save()
        seen = set()
        for m in members:
            if (m.user.pk, m.role) not in seen:
                seen.add((m.user.pk, m.role))
                Membership.objects.create(contract=contract, user=m.user, role=m.role)
        journal_append(
            actor=actor, action="contracts.contract.created", contract=contract, clause="K-0", obj=contract,
            data={
                "title": title, "parties": contract.parties,
                "signed_on": signed_on, "ends_on": ends_on, "amount": amount, "tax": contract.tax,
                "deposit_amount": contract.deposit_amount, "deposit_exempt": deposit_exempt,
                "deposit_exemption_basis": contract.deposit_exemption_basis,
                "premises_address": contract.premises_address,
                "specification": contract.specification.name if contract.specification else "",
                "members": sorted([m.user.username, m.role] for m in members),
                "state": contract.state,
            },
        )
    return contract


@transaction.atomic
def contract_activate(*, actor: User, contract: Contract) -> Contract:
    """K-end: the officer records that both parties have signed a contract registered as a draft."""
    if not Membership.objects.filter(contract=contract, user=actor, role=Role.OFFICER).exists():
        raise PermissionRefused(_("契約の締結を記録できるのはこの契約の契約担当者です。"))
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    move(contract, "activate", clause="K-end")
    contract.save(update_fields=["state"])
    journal_append(actor=actor, action="contracts.contract.activated", contract=contract, clause="K-end",
                   obj=contract, data={"signed_on": contract.signed_on, "state": contract.state})
    return contract
