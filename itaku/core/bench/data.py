"""Data at a prefecture's scale, written through the project's models in bulk, with a valid journal.

Scales: ``full`` is a prefecture keeping several years of contracts (10,000 contracts with 50
contractors, 500,000 obligations, 1,000,000 journal events); ``small`` a quick run; ``tiny`` what
the test of the benchmark uses. The demo is loaded first, so that its users log in and the demo
officer, inspector and accountant take part in every contract, and the demo contractor in its
share of them.
"""

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from itaku.accounts.choices import OrganisationKind, Role
from itaku.accounts.models import Membership, Organisation, User
from itaku.contracts.choices import ContractState
from itaku.contracts.models import Contract
from itaku.journal.chain import canonical, event_fields
from itaku.journal.models import ChainHead, Event
from itaku.obligations.models import Obligation, ObligationState


@dataclass(frozen=True)
class Scale:
    contracts: int
    contractors: int
    obligations: int
    events: int


SCALES = {
    "full": Scale(contracts=10_000, contractors=50, obligations=500_000, events=1_000_000),
    "small": Scale(contracts=1_000, contractors=20, obligations=50_000, events=100_000),
    "tiny": Scale(contracts=40, contractors=4, obligations=400, events=1_000),
}
BATCH = 5_000
MARK = "（ベンチマーク）"
STATES = [ContractState.ACTIVE, ContractState.ACTIVE, ContractState.COMPLETION_REPORTED, ContractState.PASSED,
          ContractState.INVOICED, ContractState.PAID, ContractState.CLOSED, ContractState.CLOSED]
OBLIGATION_KINDS = [
    ("contracts.completion", "K-11", "業務の完了を報告する", OrganisationKind.CONTRACTOR, Role.REPRESENTATIVE),
    ("contracts.inspection", "K-11", "完了の検査をする", OrganisationKind.CLIENT, Role.INSPECTOR),
    ("contracts.payment", "K-12", "契約代金を支払う", OrganisationKind.CLIENT, Role.ACCOUNTANT),
    ("oversight.response", "K-10", "報告の求めに応じる", OrganisationKind.CONTRACTOR, Role.REPRESENTATIVE),
    ("oversight.review", "K-10", "報告を確認する", OrganisationKind.CLIENT, Role.OFFICER),
]
ACTIONS = ["contracts.completion.reported", "contracts.inspection.passed", "contracts.invoice.received",
           "contracts.payment.recorded", "consents.request.submitted", "oversight.request.created"]


def built(scale: Scale) -> bool:
    return Contract.objects.filter(title__endswith=MARK).count() >= scale.contracts


def build(scale: Scale, *, log=print) -> None:
    """Add ``scale``'s contracts, memberships, obligations and events to a database holding the demo."""
    from itaku.contracts.demo import load_demo

    load_demo()
    if built(scale):
        log("benchmark data already present")
        return
    users = {u.username: u for u in User.objects.filter(username__in=["officer", "inspector", "accountant", "rep"])}
    demo_contract = Contract.objects.exclude(title__endswith=MARK).order_by("id").first()
    contractors = _contractors(scale, users["rep"].organisation, log)
    reps = {org.pk: _rep(org, i) for i, org in enumerate(contractors)}
    reps[users["rep"].organisation_id] = users["rep"]
    today = timezone.localdate()
    contracts = _contracts(scale, demo_contract, contractors, today, log)
    _memberships(contracts, users, reps, log)
    _obligations(scale, contracts, today, log)
    _events(scale, contracts, users, log)


def _contractors(scale, demo_org, log) -> list[Organisation]:
    orgs = [demo_org]
    for i in range(1, scale.contractors):
        org, _ = Organisation.objects.get_or_create(
            name=f"ベンチ株式会社{i:03d}{MARK}",
            defaults=dict(kind=OrganisationKind.CONTRACTOR, address=f"山梨県甲府市見本町{i}番地",
                          representative_title="代表取締役", representative_name=f"代表 {i:03d}", is_sample=True))
        orgs.append(org)
    log(f"contractors: {len(orgs)}")
    return orgs


def _rep(org, i) -> User:
    user, created = User.objects.get_or_create(
        username=f"bench-rep-{i:03d}", defaults=dict(organisation=org, display_name=f"代表 {i:03d}",
                                                     email=f"bench-rep-{i:03d}@example.jp"))
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _contracts(scale, demo, contractors, today, log) -> list[Contract]:
    rows = []
    for i in range(scale.contracts):
        org = contractors[i % len(contractors)]
        signed = today - dt.timedelta(days=(i * 7) % 1800)
        parties = {**demo.parties, "contractor": {**demo.parties.get("contractor", {}), "name": org.name}}
        rows.append(Contract(
            template_id=demo.template_id, title=f"業務委託 第{i + 1:05d}号{MARK}", client_id=demo.client_id,
            contractor=org, parties=parties, signed_on=signed, ends_on=signed + dt.timedelta(days=180),
            fiscal_year=signed.year if signed.month >= 4 else signed.year - 1, amount=1_100_000 + 1_100 * i,
            deposit_exempt=True, deposit_exemption_basis="規則による免除", state=STATES[i % len(STATES)]))
    with transaction.atomic():
        made = Contract.objects.bulk_create(rows, batch_size=BATCH)
    log(f"contracts: {len(made)}")
    return made


def _memberships(contracts, users, reps, log) -> None:
    rows = []
    for c in contracts:
        rows += [Membership(contract=c, user=users["officer"], role=Role.OFFICER),
                 Membership(contract=c, user=users["inspector"], role=Role.INSPECTOR),
                 Membership(contract=c, user=users["accountant"], role=Role.ACCOUNTANT),
                 Membership(contract=c, user=reps[c.contractor_id], role=Role.REPRESENTATIVE)]
    with transaction.atomic():
        Membership.objects.bulk_create(rows, batch_size=BATCH)
    log(f"memberships: {len(rows)}")


def _obligations(scale, contracts, today, log) -> None:
    ct = ContentType.objects.get_for_model(Contract)
    per = max(1, scale.obligations // len(contracts))
    rows = []
    for ci, c in enumerate(contracts):
        for j in range(per):
            kind, clause, title, side, role = OBLIGATION_KINDS[(ci + j) % len(OBLIGATION_KINDS)]
            due = today + dt.timedelta(days=((ci * 31 + j * 17) % 1460) - 1400)
            # Most obligations of past years are met; a few stay open, some overdue, some due soon.
            open_ = (ci + j) % 25 == 0 or due >= today
            rows.append(Obligation(
                contract=c, clause_id=clause, kind=kind, title=title, side=side, role=role, due_on=due,
                source_type=ct, source_id=c.pk, state=ObligationState.OPEN if open_ else ObligationState.MET,
                closed_on=None if open_ else due))
            if len(rows) >= BATCH:
                Obligation.objects.bulk_create(rows)
                rows = []
    Obligation.objects.bulk_create(rows)
    log(f"obligations: {per * len(contracts)}")


def _events(scale, contracts, users, log) -> None:
    """Append ``scale.events`` events after the chain head, each hashed as the journal hashes it."""
    officer = users["officer"]
    with transaction.atomic():
        head, _ = ChainHead.objects.select_for_update().get_or_create(pk=1)
        seq, prev = head.seq, head.hash
        now = timezone.now()
        batch = []
        for i in range(scale.events):
            c = contracts[i % len(contracts)]
            seq += 1
            event = Event(seq=seq, at=now, actor=officer, actor_name=officer.get_username(), contract=c,
                          clause_id="K-11", action=ACTIONS[i % len(ACTIONS)], object_type="contracts.contract",
                          object_id=str(c.pk), data={"i": i, "amount": str(c.amount)}, prev_hash=prev)
            event.hash = hashlib.sha256(canonical(event_fields(event))).hexdigest()
            prev = event.hash
            batch.append(event)
            if len(batch) >= BATCH:
                Event.objects.bulk_create(batch)
                batch = []
        Event.objects.bulk_create(batch)
        head.seq, head.hash = seq, prev
        head.save(update_fields=["seq", "hash"])
    log(f"events: {scale.events} (head #{seq})")
