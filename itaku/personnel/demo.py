"""The personnel part of the demo, through the services; loading twice changes nothing.

- "seed": the contractor's responsibility report (F-P), submitted on 令和5年6月1日 and accepted on 6月5日,
  naming ``privacy`` (個人情報保護責任者), ``worker1`` and ``worker2`` (作業従事者). ``privacy`` and ``worker1``
  acknowledged P-4 (1)–(3) and pledged confidentiality; ``worker2`` is named but not briefed yet, so
  only ``privacy`` and ``worker1`` may handle the personal information. A training session in June 2023.
- "current": the report of this year's contract, submitted and awaiting the officer's acceptance.
"""

import datetime as dt

from .choices import EntryRole
from .models import Briefing, Pledge, ReportVersion, TrainingSession
from .services import (
    briefing_acknowledge,
    entry_save,
    pledge_sign,
    report_decide,
    report_draft,
    report_submit,
    training_record,
)

D = dt.date
SECTION = "福祉保健部 健康増進課"
CONTACT = "管理部 電話 055-000-0000（サンプル）"
TRAINING = "個人情報取扱特記事項の内容、問合せ対応で取得する氏名・連絡先の保管と廃棄の手順（サンプル）"


def _people(users):
    return [(users["privacy"], EntryRole.RESPONSIBLE, CONTACT), (users["worker1"], EntryRole.WORKER, ""),
            (users["worker2"], EntryRole.WORKER, "")]


def _report(users, contract, submitted_on, decided_on=None) -> None:
    if ReportVersion.objects.filter(report__contract=contract, report__organisation=contract.contractor).exists():
        return
    rep = users["rep"]
    draft = report_draft(actor=rep, contract=contract, section_name=SECTION)
    for user, role, contact in _people(users):
        entry_save(actor=rep, version=draft, user=user, role=role, affiliation=user.job_title,
                   name=user.display_name, contact=contact)
    version = report_submit(actor=rep, version=draft, on=submitted_on)
    if decided_on is not None:
        report_decide(actor=users["officer"], version=version, accept=True, on=decided_on)


def load(users, contracts, today: dt.date) -> None:
    seed = contracts["seed"]
    _report(users, seed, D(2023, 6, 1), D(2023, 6, 5))
    for name, on in (("privacy", D(2023, 6, 6)), ("worker1", D(2023, 6, 7))):
        if not Briefing.objects.filter(contract=seed, user=users[name]).exists():
            briefing_acknowledge(actor=users[name], contract=seed, on=on)
        if not Pledge.objects.filter(contract=seed, user=users[name]).exists():
            pledge_sign(actor=users[name], contract=seed, on=on)
    if not TrainingSession.objects.filter(contract=seed).exists():
        training_record(actor=users["privacy"], contract=seed, held_on=D(2023, 6, 8), content=TRAINING,
                        attendees=[users["privacy"], users["worker1"]])

    current = contracts["current"]
    submitted_on = min(today, current.signed_on + dt.timedelta(days=3))
    _report(users, current, submitted_on)
