"""The draft of a compliance report (遵守状況報告, P-10-1): what Itaku knows of the contract's personal
information in the report's period, as facts (JSON) and as the text the privacy officer completes.

It reads the people who may handle the information now (personnel's ``handlers``: named in the accepted
responsibility report, briefed, dispatch confirmed), the register of datasets, the annex-1 consent
requests decided in the period, the take-outs still open and the copies not yet disposed of, and the
client's P-10 / P-11 requests of the period. Each source is read only if its app is installed.
"""

import datetime as dt

from django.apps import apps
from django.utils import translation

from itaku.core.wareki import to_wareki


def _people(contract) -> list[str] | None:
    if not apps.is_installed("itaku.personnel"):
        return None
    try:
        from itaku.personnel.access import handlers
    except ImportError:
        return None
    return [str(user) for user in handlers(contract)]


def _datasets(contract) -> list[dict] | None:
    if not apps.is_installed("itaku.privacy"):
        return None
    from django.db.models import Count, Q

    from itaku.privacy.models import Dataset

    rows = (Dataset.objects.filter(contract=contract).annotate(n=Count("files", filter=Q(files__erased_at=None)))
            .order_by("id"))
    return [{"name": d.name, "state": d.get_state_display(), "people": d.people_count, "files": d.n,
             "storage_place": d.storage_place} for d in rows]


def _consents(contract, start: dt.date, end: dt.date) -> list[dict]:
    from itaku.consents.models import ConsentRequest

    rows = (ConsentRequest.objects.filter(contract=contract, decided_on__range=(start, end),
                                          kind__startswith="privacy_")
            .order_by("decided_on", "id"))
    return [{"id": c.pk, "kind": c.kind_label, "clause": c.clause, "state": c.get_state_display(),
             "decided_on": c.decided_on.isoformat()} for c in rows]


def _takeouts_and_copies(contract, end: dt.date) -> tuple[list[dict], int]:
    from itaku.consents.models import DatasetCopy, TakeOut, TakeOutState

    takeouts = [{"dataset": t.dataset.name, "place": t.place, "return_by": t.return_by.isoformat(),
                 "overdue": t.return_by < end}
                for t in TakeOut.objects.filter(contract=contract, state=TakeOutState.OPEN).select_related("dataset")
                .order_by("return_by", "id")]
    copies = DatasetCopy.objects.filter(allowance__contract=contract, disposed_on__isnull=True).count()
    return takeouts, copies


def _requests(contract, start: dt.date, end: dt.date) -> list[dict]:
    from .models import OversightRequest

    rows = (OversightRequest.objects.filter(contract=contract, clause_id__in=("P-10", "P-11"),
                                            issued_on__range=(start, end)).order_by("issued_on", "id"))
    return [{"clause": r.clause_id, "kind": r.get_kind_display(), "subject": r.subject, "state": r.get_state_display()}
            for r in rows]


def draft_facts(report) -> dict:
    """What Itaku knows for ``report``'s period, as plain JSON."""
    contract, start, end = report.contract, report.period_start, report.period_end
    with translation.override("ja"):
        takeouts, copies = _takeouts_and_copies(contract, end)
        return {
            "period": [start.isoformat(), end.isoformat()],
            "handlers": _people(contract),
            "datasets": _datasets(contract),
            "consents": _consents(contract, start, end),
            "takeouts_open": takeouts,
            "copies_not_disposed": copies,
            "requests": _requests(contract, start, end),
        }


def draft_text(facts: dict) -> str:
    """The facts as the report's text, in Japanese, for the privacy officer to complete."""
    start, end = (dt.date.fromisoformat(d) for d in facts["period"])
    lines = [f"対象期間：{to_wareki(start)}から{to_wareki(end)}まで", "", "1 責任体制・作業従事者（別記1第3条・第4条）"]
    if facts["handlers"] is None:
        lines.append("　（責任体制報告書の情報はありません）")
    else:
        lines.append("　個人情報を取り扱うことができる者：" + ("、".join(facts["handlers"]) or "なし"))
    lines += ["", "2 保有する個人情報と保管の状況（第6条）"]
    for d in facts["datasets"] or []:
        lines.append(f"　・{d['name']}（{d['state']}、本人{d['people']}人、ファイル{d['files']}件、"
                     f"保管場所：{d['storage_place']}）")
    if not facts["datasets"]:
        lines.append("　なし")
    lines += ["", "3 期間中に決定された承認（第5条・第6条・第8条・第9条）"]
    for c in facts["consents"]:
        decided = to_wareki(dt.date.fromisoformat(c["decided_on"]))
        lines.append(f"　・{c['kind']}（{c['clause']}）：{c['state']}　{decided}")
    if not facts["consents"]:
        lines.append("　なし")
    lines += ["", "4 持出し・複製の状況（第5条・第6条第5号）"]
    for t in facts["takeouts_open"]:
        late = "（返却期限超過）" if t["overdue"] else ""
        lines.append(f"　・持出し中：{t['dataset']} → {t['place']}　返却期限 "
                     f"{to_wareki(dt.date.fromisoformat(t['return_by']))}{late}")
    lines.append(f"　未廃棄の複製物：{facts['copies_not_disposed']}部")
    lines += ["", "5 甲からの検査・指示（第10条・第11条）"]
    for r in facts["requests"]:
        lines.append(f"　・{r['clause']} {r['kind']}：{r['subject']}（{r['state']}）")
    if not facts["requests"]:
        lines.append("　なし")
    lines += ["", "6 事件・事故の有無（第12条）", "　", "", "7 その他特記事項", "　"]
    return "\n".join(lines)
