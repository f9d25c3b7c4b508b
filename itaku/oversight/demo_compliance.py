"""Compliance reports (P-10) and the privacy declaration (P-14) in the demo, on the seed contract: a monthly
schedule, every report submitted by the privacy officer from Itaku's draft, all acknowledged but the last
(awaiting the officer); the sample contractor's declaration. Through the services; loading twice changes
nothing."""

import datetime as dt

from .compliance import (
    compliance_report_review,
    compliance_report_submit,
    compliance_schedule_set,
    privacy_declaration_record,
)
from .compliance_draft import draft_facts, draft_text
from .models import ComplianceReport, ComplianceSchedule, PrivacyDeclaration

CLOSING = "6 事件・事故の有無（第12条）\n　なし"


def load(users, contracts, today):
    seed = contracts["seed"]
    if not PrivacyDeclaration.objects.filter(organisation_id=seed.contractor_id).exists():
        privacy_declaration_record(actor=users["rep"], contract=seed, published_on=dt.date(2019, 4, 1),
                                   where="https://www.example.jp/privacy/（サンプル：自社Webサイト）")
    if ComplianceSchedule.objects.filter(contract=seed).exists():
        return
    compliance_schedule_set(actor=users["officer"], contract=seed)
    reports = list(ComplianceReport.objects.filter(contract=seed).order_by("period_start"))
    for index, report in enumerate(reports):
        on = min(report.period_end + dt.timedelta(days=5), today)
        body = draft_text(draft_facts(report)).replace("6 事件・事故の有無（第12条）\n　", CLOSING)
        report = compliance_report_submit(actor=users["privacy"], report=report, body=body, on=on)
        if index < len(reports) - 1:
            compliance_report_review(actor=users["officer"], report=report, acknowledge=True,
                                     on=min(on + dt.timedelta(days=3), today))
