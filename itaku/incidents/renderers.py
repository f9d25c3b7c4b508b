"""The incident report (事故報告書, P-12, S-13): the incident, the timeline with each deadline met or missed,
the emergency measures, the detailed report (every version) and the plan, the client's instructions, the
publication and the report to the Commission. PDF (A4, Mincho embedded) and Word, the journal head in the
footer, ready to attach."""

from django.utils import timezone
from django.utils.translation import gettext_lazy

from itaku.core.wareki import to_wareki
from itaku.documents.renderers import register
from itaku.documents.renderers.content import GAP, Para
from itaku.documents.renderers.pdf import OfficialPDF
from itaku.documents.renderers.word import WordWriter

from .models import Incident

TITLE = "事故報告書"


def _when(value) -> str:
    if value is None:
        return "—"
    if hasattr(value, "hour"):
        local = timezone.localtime(value)
        return f"{to_wareki(local.date())} {local:%H:%M}"
    return to_wareki(value)


def _person(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.username


def report_paragraphs(incident: Incident) -> list[Para]:
    from .selectors import incident_get_for_document, timeline

    incident = incident_get_for_document(incident.pk)
    contract = incident.contract
    parties = contract.parties or {}
    contractor = (parties.get("contractor") or {}).get("name") or contract.contractor.name
    client = (parties.get("client") or {}).get("name") or contract.client.name
    clauses = "・".join(incident.clauses)
    paras = [
        Para(to_wareki(timezone.localdate()), align="R"),
        Para(TITLE, align="C", style="title", space_before=1.5),
        Para(f"契約名{GAP}{contract.title}", space_before=1.5),
        Para(f"発注者{GAP}{client}"),
        Para(f"受注者{GAP}{contractor}"),
        Para(f"根拠{GAP}{clauses}（帰責にかかわらず報告するもの）"),
        Para("1　事故の概要", style="heading", space_before=1, keep_with_next=True),
        Para(f"件名：{incident.title}", first=1, rest=2),
        Para(f"対象：{incident.get_scope_display()}　種類：{incident.get_nature_display()}"
             f"{'（発生のおそれ）' if incident.suspected else ''}", first=1, rest=2),
        Para(f"発見日時：{_when(incident.discovered_at)}　"
             f"起票：{_when(incident.opened_at)}（{_person(incident.opened_by)}）",
             first=1, rest=2),
        Para(f"概要：{incident.summary}", first=1, rest=2),
        Para("2　経過と期限", style="heading", space_before=1, keep_with_next=True),
    ]
    for step in timeline(incident):
        due = f"（期限 {to_wareki(step.due_on)}・{step.status_label}）" if step.due_on else ""
        who = f"　{_person(step.who)}" if step.who else ""
        paras.append(Para(f"{_when(step.at)}　{step.label}{due}{who}", first=1, rest=3))
        if step.text:
            paras.append(Para(step.text, first=3, rest=3, style="small"))
    paras.append(Para("3　応急措置", style="heading", space_before=1, keep_with_next=True))
    measures = list(incident.measures.all())
    for m in measures:
        paras.append(Para(f"{_when(m.taken_at)}　{m.description}", first=1, rest=3))
    if not measures:
        paras.append(Para("記録なし", first=1))
    paras.append(Para("4　詳細報告・今後の対処方針", style="heading", space_before=1, keep_with_next=True))
    reports = list(incident.reports.all())
    for r in reports:
        paras.append(Para(f"第{r.version}版　{_when(r.submitted_at)} 提出（{_person(r.submitted_by)}）　"
                          f"期限 {to_wareki(r.due_on)}　{r.get_state_display()}", first=1, rest=2,
                          keep_with_next=True))
        rows = [("個人情報の項目", r.items), ("個人情報の内容", r.content),
                ("件数", "" if r.record_count is None else f"{r.record_count}件"),
                ("本人の数", "" if r.people_count is None else f"{r.people_count}人"),
                ("発生場所", r.place), ("発生状況", r.circumstances),
                ("関係する個人情報", "、".join(d.name for d in r.datasets.all())),
                ("関係する情報資産（台帳）", "、".join(a.name for a in r.assets.all())),
                ("関係する情報資産", r.other_assets), ("原因", r.cause), ("再発防止策・今後の対処方針", r.prevention)]
        if r.reviewed_at:
            rows.append(("甲の確認", f"{_when(r.reviewed_at)} {r.get_state_display()} {r.review_note}".strip()))
        for label, value in rows:
            if value:
                paras.append(Para(f"{label}：{value}", first=2, rest=3))
    if not reports:
        paras.append(Para("未提出", first=1))
    paras.append(Para("5　甲の指示と乙の回答", style="heading", space_before=1, keep_with_next=True))
    links = list(incident.instructions.all())
    for link in links:
        req = link.request
        paras.append(Para(f"{to_wareki(req.issued_on)}　{req.subject}（回答期限 {to_wareki(req.due_on)}）：{req.body}",
                          first=1, rest=3))
        for resp in req.responses.all():
            paras.append(Para(f"回答 {to_wareki(resp.responded_on)}：{resp.body}", first=2, rest=3))
    if not links:
        paras.append(Para("指示なし", first=1))
    paras.append(Para("6　公表", style="heading", space_before=1, keep_with_next=True))
    if incident.publication:
        text = incident.get_publication_display()
        if incident.published_on:
            text += f"（{to_wareki(incident.published_on)}）：{incident.publication_text}"
        paras.append(Para(text, first=1, rest=2))
    else:
        paras.append(Para("未判断", first=1))
    if incident.scope != "security":
        paras.append(Para("7　個人情報保護委員会への報告", style="heading", space_before=1, keep_with_next=True))
        if incident.ppc_assessed_at:
            yes = {True: "はい", False: "いいえ", None: "—"}
            paras.append(Para(f"要配慮個人情報：{yes[incident.ppc_sensitive]}　財産的被害のおそれ："
                              f"{yes[incident.ppc_financial_harm]}　"
                              f"不正の目的のおそれ：{yes[incident.ppc_wrongful_purpose]}"
                              f"　100人超：{yes[incident.ppc_over_threshold]}", first=1, rest=2))
            if incident.ppc_reportable:
                paras.append(Para(f"報告を要する。甲が知った日時 {_when(incident.ppc_learned_at)}　速報期限 "
                                  f"{to_wareki(incident.ppc_preliminary_due_on)}"
                                  f"（報告 {_when(incident.ppc_preliminary_on)}）"
                                  f"　確報期限 {to_wareki(incident.ppc_final_due_on)}"
                                  f"（報告 {_when(incident.ppc_final_on)}）",
                                  first=1, rest=2))
            else:
                paras.append(Para("報告を要しない。", first=1))
        else:
            paras.append(Para("未判断", first=1))
    paras.append(Para("以上", align="R", space_before=1))
    return paras


@register("incident_report", "pdf", clause="P-12", source="incidents.Incident", title=gettext_lazy("事故報告書"))
def incident_report_pdf(contract, *, journal_head: str, source=None) -> tuple[str, str, bytes]:
    pdf = OfficialPDF(title=TITLE, journal_head=journal_head)
    pdf.add_page()
    for para in report_paragraphs(source):
        pdf.paragraph(para)
    return f"incident-{source.pk}.pdf", "application/pdf", bytes(pdf.output())


@register("incident_report", "docx", clause="P-12", source="incidents.Incident", title=gettext_lazy("事故報告書"))
def incident_report_docx(contract, *, journal_head: str, source=None) -> tuple[str, str, bytes]:
    doc = WordWriter(title=TITLE, journal_head=journal_head)
    for para in report_paragraphs(source):
        doc.paragraph(para)
    return (f"incident-{source.pk}.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document", doc.save())
