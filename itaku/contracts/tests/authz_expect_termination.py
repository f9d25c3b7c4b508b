"""Who may reach each termination URL (see itaku/api/tests/authz.py).

``prepare`` leaves the "seed" and "other" contracts as they are (other apps' expectations need them so): on
each it records a damage (K-15). Their work has passed inspection, so they take no force-majeure request
(K-16) and cannot be terminated (K-14): those are visited on twins of each contract — same parties, same
members — one still in progress with a submitted force-majeure request and its document, one that
``prepare`` terminates, so every role sees them as it would see the original.
"""

import datetime as dt

from django.core.files.base import ContentFile

from itaku.api.tests.authz import api, by_role, logged_in, page, section
from itaku.contracts.models import Contract
from itaku.contracts.services import MemberSpec, contract_create
from itaku.contracts.termination.services import (
    contract_terminate,
    damage_event_record,
    force_majeure_request_submit,
)

# which -> {"twin", "termination", "evidence", "damage", "request", "document"}, filled by ``prepare``.
OBJECTS: dict[str, dict] = {}
REPRESENTATIVE = {"seed": "rep", "other": "outsider"}


def twin(demo, contract: Contract, title: str) -> Contract:
    """A new contract with the parties, term, amount and members of ``contract``."""
    return contract_create(
        actor=demo["officer"], template=contract.template, title=title, contractor=contract.contractor,
        signed_on=contract.signed_on, ends_on=contract.ends_on, amount=contract.amount, deposit_exempt=True,
        deposit_exemption_basis="財務規則第109条の2第7号",
        members=[MemberSpec(m.user, m.role) for m in contract.memberships.select_related("user")],
    )


def terminate(demo, contract: Contract):
    day = contract.signed_on + dt.timedelta(days=30)
    return contract_terminate(
        actor=demo["officer"], contract=contract, grounds=["K-14-1-2"], facts="仕様書に反する請求（確認用）",
        terminated_on=day, penalty_due_on=day + dt.timedelta(days=30),
        evidence=[ContentFile(b"evidence", name="shouko.txt")])


def prepare(demo, contracts):
    for which, contract in contracts.items():
        rep = demo[REPRESENTATIVE[which]]
        damage = damage_event_record(actor=demo["officer"], contract=contract, occurred_on=contract.signed_on,
                                     description="確認用の損害", cost=1000, borne_by="contractor")
        in_progress = twin(demo, contract, f"{contract.title}（解除請求の確認用）")
        request = force_majeure_request_submit(
            actor=rep, contract=in_progress, event_on=contract.signed_on, description="確認用の解除請求",
            submitted_on=contract.signed_on, documents=[ContentFile(b"report", name="houkoku.txt")])
        copy = twin(demo, contract, f"{contract.title}（解除の確認用）")
        termination = terminate(demo, copy)
        OBJECTS[which] = {"twin": copy, "termination": termination, "evidence": termination.evidence.get(),
                          "damage": damage, "request": request, "document": request.documents.get(),
                          "in_progress": in_progress}


def _on(key):
    """URL arguments of the object ``key`` prepared on the contract ``which`` (or its terminated twin)."""
    def args(contract, which):
        obj = OBJECTS[which]
        owner = (obj["twin"] if key in ("twin", "termination", "evidence")
                 else obj["in_progress"] if key in ("request", "document") else contract)
        kwargs = {"contract_pk": owner.pk}
        if key not in ("twin", "contract"):
            kwargs["pk"] = obj[key].pk
        return kwargs
    return args


def _pk(key):
    return lambda contract, which: {"pk": OBJECTS[which][key].pk}


def _contract(contract, which):
    return {"contract_pk": contract.pk}


EXPECT = {
    # The contract hub's section (panels.py): everyone who sees the contract.
    "contracts:section[termination]": (section("termination"), {"get": page(), "post": logged_in(405)}),
    "contracts:termination-create": (_contract, {"get": by_role(200, "officer"), "post": by_role(200, "officer")}),
    "contracts:termination-settle": (_on("twin"), {"get": by_role(200, "officer", "accountant"),
                                                   "post": by_role(200, "officer", "accountant")}),
    "contracts:termination-evidence": (_on("evidence"), {"get": page(), "post": logged_in(405)}),
    "contracts:force-majeure-create": (_contract, {"get": by_role(200, "representative"),
                                                   "post": by_role(200, "representative")}),
    "contracts:force-majeure-investigate": (_on("request"), {"get": by_role(200, "officer"),
                                                             "post": by_role(200, "officer")}),
    "contracts:force-majeure-decide": (_on("request"), {"get": by_role(200, "officer"),
                                                        "post": by_role(200, "officer")}),
    "contracts:force-majeure-document": (_on("document"), {"get": page(), "post": logged_in(405)}),
    "contracts:damage-create": (_contract, {"get": by_role(200, "officer", "representative"),
                                            "post": by_role(200, "officer", "representative")}),
    "api:termination-list": (None, {"get": api(), "post": logged_in(400, anon=403)}),
    "api:termination-detail": (_pk("termination"), {"get": api(), "post": logged_in(405, anon=403)}),
    "api:termination-settle": (_pk("termination"), {"get": logged_in(405, anon=403),
                                                    "post": by_role(400, "officer", "accountant", anon=403)}),
    "api:force-majeure-request-list": (None, {"get": api(), "post": logged_in(400, anon=403)}),
    "api:force-majeure-request-detail": (_pk("request"), {"get": api(), "post": logged_in(405, anon=403)}),
    "api:force-majeure-request-investigate": (_pk("request"), {"get": logged_in(405, anon=403),
                                                               "post": by_role(400, "officer", anon=403)}),
    "api:force-majeure-request-decide": (_pk("request"), {"get": logged_in(405, anon=403),
                                                          "post": by_role(400, "officer", anon=403)}),
    "api:damage-event-list": (None, {"get": api(), "post": logged_in(400, anon=403)}),
    "api:damage-event-detail": (_pk("damage"), {"get": api(), "post": logged_in(405, anon=403)}),
}
