"""Who may reach each contracts URL (see itaku/api/tests/authz.py)."""

import datetime as dt

from itaku.accounts.choices import Role
from itaku.api.tests.authz import api, by_role, logged_in, page, section

# Pages of completion, inspection, invoice, payment, penalty, close, K-17: the form for the role that
# may act (an empty POST shows the form again with its errors), 403 for others who see the contract.
ACTION_ROLES = {
    "completion": ("representative",), "rework": ("representative",), "inspection": ("inspector",),
    "invoice": ("accountant",), "payment": ("accountant",), "penalty": ("officer",),
    "settle": ("officer", "accountant"), "close": ("officer",), "performed": ("officer",),
}

COPY = "（権限確認用）"


def _contract_pk(contract, which):
    return {"contract_pk": contract.pk}


def _on(model, **filters):
    """The newest ``model`` row on the contract visited, or on its copy made by :func:`prepare`."""
    def kwargs(contract, which):
        from itaku.contracts.models import Contract

        contracts = Contract.objects.filter(title__in=[contract.title, contract.title + COPY],
                                            contractor=contract.contractor)
        obj = model().objects.filter(contract__in=contracts, **filters).order_by("-id").first()
        return {"pk": obj.pk}
    return kwargs


def _deliverable(contract, which):
    from itaku.contracts.models import Deliverable

    return {"contract_pk": contract.pk, "pk": Deliverable.objects.filter(report__contract=contract).first().pk}


def _model(name):
    def get():
        from itaku.contracts import models

        return getattr(models, name)
    return get


def prepare(demo, contracts):
    """The demo leaves reports, inspections and deliverables on both contracts, an invoice and payment on
    the seed and a penalty on the other. Here: a penalty on the seed (its rework came after the end date),
    and for each contract a copy with the same members (and an accountant) that was invoiced, paid,
    and one terminated after a passed part, with its K-17 record."""
    from itaku.contracts.lifecycle import services as svc
    from itaku.contracts.models import ContractTemplate
    from itaku.contracts.services import MemberSpec, contract_create
    from itaku.contracts.termination.services import contract_terminate

    svc.penalty_assess(actor=demo["officer"], contract=contracts["seed"], decided_on=dt.date(2024, 5, 1))
    for which, contract in contracts.items():
        members = [MemberSpec(m.user, m.role) for m in contract.memberships.select_related("user")]
        if which == "other":
            members.append(MemberSpec(demo["accountant"], Role.ACCOUNTANT))
        rep = next(m.user for m in members if m.role == Role.REPRESENTATIVE)

        def copy(title, contract=contract, members=members):
            return contract_create(
                actor=demo["officer"], template=ContractTemplate.objects.get(), title=title,
                contractor=contract.contractor, signed_on=dt.date(2024, 4, 1), ends_on=dt.date(2024, 9, 30),
                amount=1_100_000, deposit_exempt=True, deposit_exemption_basis="財務規則第109条の2第7号",
                members=members)

        paid = copy(contract.title + COPY)
        report = svc.completion_report(actor=rep, contract=paid, reported_on=dt.date(2024, 9, 20), summary="完了",
                                       files=[_file()])
        svc.inspection_record(actor=demo["inspector"], report=report, inspected_on=dt.date(2024, 9, 25),
                              result="passed")
        invoice = svc.invoice_register(actor=demo["accountant"], contract=paid, received_on=dt.date(2024, 9, 26))
        svc.payment_record(actor=demo["accountant"], invoice=invoice, paid_on=dt.date(2024, 10, 10),
                           amount=invoice.amount)

        ended = copy(contract.title + COPY + "・解除")
        part = svc.completion_report(actor=rep, contract=ended, reported_on=dt.date(2024, 6, 20), summary="一部完了",
                                     partial=True, part_description="第1期分")
        passed = svc.inspection_record(actor=demo["inspector"], report=part, inspected_on=dt.date(2024, 6, 25),
                                       result="passed")
        contract_terminate(actor=demo["officer"], contract=ended, grounds=["K-14-1-2"], facts="確認用の解除",
                           terminated_on=dt.date(2024, 7, 1), penalty_due_on=dt.date(2024, 7, 31))
        svc.performed_part_record(actor=demo["officer"], contract=ended, amount=300_000, basis="第1期分の契約額",
                                  inspections=[passed], recorded_on=dt.date(2024, 7, 10))


def _file():
    from django.core.files.base import ContentFile

    return ContentFile(b"report", name="report.txt")


def _performed(contract, which):
    from itaku.contracts.models import PerformedPart

    return {"pk": PerformedPart.objects.get(contract__title=contract.title + COPY + "・解除",
                                            contract__contractor=contract.contractor).pk}


API = {
    "completion-report": _model("CompletionReport"), "inspection": _model("Inspection"),
    "invoice": _model("Invoice"), "payment": _model("Payment"), "penalty": _model("LatePenalty"),
}

def _penalty_sheet(contract, which):
    from itaku.contracts.models import LatePenalty

    penalties = LatePenalty.objects.order_by("pk")
    penalty = penalties.filter(contract=contract).first() if which == "other" else penalties.exclude(
        contract=contract).first()
    return {"contract_pk": contract.pk, "what": "penalty", "pk": penalty.pk}


EXPECT = {
    # The contract hub's section (panels.py): everyone who sees the contract.
    "contracts:section[lifecycle]": (section("lifecycle"), {"get": page(), "post": logged_in(405)}),
    # The contract hub's section (panels.py): everyone who sees the contract.
    "contracts:section[timeline]": (section("timeline"), {"get": page(), "post": logged_in(405)}),
    **{f"contracts:lifecycle-{key}": (_contract_pk, {"get": by_role(200, *roles), "post": by_role(200, *roles)})
       for key, roles in ACTION_ROLES.items()},
    "contracts:deliverable": (_deliverable, {"get": page(), "post": logged_in(405)}),
    # The demo's penalty is on the other contract: asked on the seed's page, it is not there (404).
    "contracts:calculation-sheet": (_penalty_sheet, {"get": logged_in(405),
                                                     "post": lambda u, w: 404 if w == "seed" and u else page()(u, w)}),
    **{f"api:{name}-list": (None, {"get": api(), "post": logged_in(400, anon=403)})
       for name in [*API, "performed-part"]},
    **{f"api:{name}-detail": (_on(model), {"get": api(), "post": logged_in(405, anon=403)})
       for name, model in API.items()},
    "api:performed-part-detail": (_performed, {"get": api(), "post": logged_in(405, anon=403)}),
    # Closing (K-12) is refused to the officer on both contracts, so the walk changes neither for the URLs
    # after it: the seed is paid, but prepare() leaves its penalty unsettled (K-13, penalty_unsettled); the
    # other has passed its inspection and is not paid (K-12, state_not_allowed).
    "api:contract-close": ("pk", {"get": logged_in(405, anon=403), "post": by_role(400, "officer", anon=403)}),
    "api:penalty-settle": (_on(_model("LatePenalty")),
                           {"get": logged_in(405, anon=403),
                            "post": by_role(400, "officer", "accountant", anon=403)}),
}
