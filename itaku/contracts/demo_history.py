"""The demo's completion, inspection, invoice, payment and penalty history (K-11, K-12, K-13), through
the services. Loading twice changes nothing.

- "seed": completion reported 令和6年3月25日, failed 3月29日 (rework due 4月8日), rework reported 4月5日,
  passed 4月10日, invoice received 4月12日, paid 5月10日 (on time, no interest).
- "other": completion reported 2025-01-08 (12 days after the end date), passed 2025-01-15; the penalty on
  the contract amount (880,000 × 3% × 12/365 → 867 yen) is set off against the payment.
- a fourth contract of the sample contractor, reported three days ago, so that the inspector has an
  open inspection on the dashboard.
"""

import datetime as dt

from django.core.files.base import ContentFile

from .demo import ROLES, TEMPLATE_CODE
from .lifecycle.services import (
    completion_report,
    inspection_record,
    invoice_register,
    payment_record,
    penalty_assess,
    penalty_settle,
    rework_report,
)
from .models import Contract, ContractTemplate
from .models.lifecycle import CompletionReport, PenaltyBase, Settlement
from .services import MemberSpec, contract_create

LEAFLET_TITLE = "ひきこもり支援リーフレット改訂業務（サンプル）"
D = dt.date


def _file(name: str, text: str) -> ContentFile:
    return ContentFile(f"{text}\n（デモ用の架空のサンプルです。）\n".encode(), name=name)


def _seed(users, contract) -> None:
    if CompletionReport.objects.filter(contract=contract).exists():
        return
    rep, inspector, accountant = users["rep"], users["inspector"], users["accountant"]
    report = completion_report(
        actor=rep, contract=contract, reported_on=D(2024, 3, 25),
        summary="検索連動型広告及びSNS広告の運用を終了し、最終報告書を提出します。",
        files=[_file("final-report-sample.txt", "ひきこもり支援Web広告業務 最終報告書（サンプル）")],
    )
    failed = inspection_record(
        actor=inspector, report=report, inspected_on=D(2024, 3, 29), result="failed",
        findings="最終報告書に2月分の広告効果測定（表示回数・クリック数）の記載がない。仕様書4の成果物に適合しない。",
        rework_due_on=D(2024, 4, 8),
    )
    rework = rework_report(
        actor=rep, inspection=failed, reported_on=D(2024, 4, 5),
        summary="2月分の効果測定を追記した最終報告書を再提出します。",
        files=[_file("final-report-rev1-sample.txt", "最終報告書（2月分の効果測定を追記・サンプル）")],
    )
    inspection_record(actor=inspector, report=rework, inspected_on=D(2024, 4, 10), result="passed",
                      findings="指摘事項の手直しを確認した。")
    invoice = invoice_register(actor=accountant, contract=contract, received_on=D(2024, 4, 12))
    payment_record(actor=accountant, invoice=invoice, paid_on=D(2024, 5, 10), amount=invoice.amount)


def _other(users, contract) -> None:
    if CompletionReport.objects.filter(contract=contract).exists():
        return
    report = completion_report(
        actor=users["outsider"], contract=contract, reported_on=D(2025, 1, 8),
        summary="相談窓口周知チラシ（A4両面・5,000部）を納品しました。",
        files=[_file("flyer-delivery-sample.txt", "チラシ納品書・版下データ一覧（サンプル）")],
    )
    inspection_record(actor=users["inspector"], report=report, inspected_on=D(2025, 1, 15), result="passed",
                      findings="部数・仕様とも適合。")
    penalty = penalty_assess(actor=users["officer"], contract=contract, decided_on=D(2025, 1, 16),
                             base_kind=PenaltyBase.AMOUNT)
    penalty_settle(actor=users["officer"], penalty=penalty, settlement=Settlement.SET_OFF, settled_on=D(2025, 1, 17))


def _leaflet(users, today) -> None:
    if Contract.objects.filter(title=LEAFLET_TITLE).exists():
        return
    seed_contractor = users["rep"].organisation
    contract = contract_create(
        actor=users["officer"], template=ContractTemplate.objects.get(code=TEMPLATE_CODE), title=LEAFLET_TITLE,
        contractor=seed_contractor, signed_on=today - dt.timedelta(days=90), ends_on=today - dt.timedelta(days=2),
        amount=990_000, deposit_exempt=True, deposit_exemption_basis="財務規則第109条の2第7号",
        premises_address=seed_contractor.address,
        members=[MemberSpec(users[name], role) for name, roles in ROLES.items() for role in roles],
    )
    completion_report(
        actor=users["rep"], contract=contract, reported_on=today - dt.timedelta(days=3),
        summary="改訂したリーフレットの版下データと校正記録を提出します。",
        files=[_file("leaflet-revision-sample.txt", "リーフレット改訂版 版下データ一覧・校正記録（サンプル）")],
    )


def load(users, contracts, today) -> None:
    _seed(users, contracts["seed"])
    _other(users, contracts["other"])
    _leaflet(users, today)
