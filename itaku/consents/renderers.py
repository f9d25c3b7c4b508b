"""The consent letter (承諾書) the client issues for an approved request (K-5, K-6 and the annexes' kinds).

Drawn from the decision's frozen snapshot, so a letter generated again later says the same words:
A4, the date in 和暦, the addressee (乙 and its representative), the issuer (甲 and its
representative), the title, the body, 記 with the contract, what was consented, the conditions and the
clause, and the journal head in the footer.
"""

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from itaku.core.exceptions import ClauseViolation
from itaku.core.wareki import to_wareki
from itaku.documents.renderers import register
from itaku.documents.renderers.content import GAP, SIGNATURE_INDENT, Para
from itaku.documents.renderers.pdf import OfficialPDF

PDF_MIMETYPE = "application/pdf"
TITLE = "承諾書"


def _date(iso: str | None) -> str:
    return to_wareki(dt.date.fromisoformat(iso)) if iso else ""


def _representative(party: dict) -> str:
    return f"{party.get('representative_title', '')}　{party.get('representative_name', '')}".strip()


def letter_paragraphs(snapshot: dict) -> list[Para]:
    """The letter's paragraphs, in order, from a decision's snapshot."""
    parties = snapshot["contract"]["parties"]
    client, contractor = parties["client"], parties["contractor"]
    clause_ref = f"契約書{snapshot.get('clause_title') or ''}（{snapshot['clause']}）"
    paras = [
        Para(_date(snapshot["decided_on"]), align="R"),
        Para(contractor["name"], space_before=1),
        Para(f"{_representative(contractor)}　様", first=1, rest=1),
        Para(client["name"], first=SIGNATURE_INDENT, rest=SIGNATURE_INDENT, space_before=1),
        Para(_representative(client), first=SIGNATURE_INDENT + 1, rest=SIGNATURE_INDENT + 1),
        Para(TITLE, align="C", style="title", space_before=1.5),
        Para(f"{_date(snapshot['submitted_on'])}付けで申請のあった{snapshot['kind_label']}について、"
             "下記のとおり承諾します。", first=1, rest=0, space_before=1.5),
        Para("記", align="C", space_before=1),
        Para(f"1{GAP}契約名{GAP}{snapshot['contract']['title']}", first=0, rest=1, space_before=1),
        Para(f"2{GAP}契約締結日{GAP}{_date(snapshot['contract']['signed_on'])}", first=0, rest=1),
        Para(f"3{GAP}承諾事項{GAP}{snapshot['kind_label']}", first=0, rest=1),
    ]
    for index, (label, text) in enumerate(snapshot.get("statement_text") or [], start=1):
        paras.append(Para(f"({index}){GAP}{label}：{text}", first=1, rest=2))
    paras += [
        Para(f"4{GAP}条件{GAP}{snapshot.get('conditions') or 'なし'}", first=0, rest=1),
        Para(f"5{GAP}根拠条項{GAP}{clause_ref}", first=0, rest=1),
        Para("以上", align="R", space_before=1),
        Para(f"承諾番号 {snapshot['consent']}　決定内容のSHA-256：{snapshot['sha256']}", style="small",
             space_before=2),
    ]
    return paras


@register("consent_letter", "pdf", clause="K-6", source="consents.ConsentRequest", title=gettext_lazy("承諾書"))
def consent_letter_pdf(contract, *, journal_head: str, source=None) -> tuple[str, str, bytes]:
    consent = source
    if consent is None or not consent.snapshot or consent.state != "approved" or consent.contract_id != contract.pk:
        raise ClauseViolation(_("承諾書は承諾した申請についてだけ作成できます。"), code="no_letter",
                              clause=consent.clause if consent is not None else "K-6")
    snapshot = {**consent.snapshot, "sha256": consent.snapshot_sha256}
    pdf = OfficialPDF(title=TITLE, journal_head=journal_head)
    pdf.add_page()
    for para in letter_paragraphs(snapshot):
        pdf.paragraph(para)
    return f"consent-letter-{consent.pk}.pdf", PDF_MIMETYPE, bytes(pdf.output())
