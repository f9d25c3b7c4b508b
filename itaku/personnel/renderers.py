"""Form F-P, 個人情報保護に係る責任体制報告書 (annex 1, P-3; P-9-4 for a subcontractor's), filled from a version
of a responsibility report, in the seed's layout: the date, 「山梨県知事 殿」 with the section's name, the
reporting organisation's address, name and representative, the table of the responsible person (所属・役職,
氏名, 連絡先) and the workers (所属・役職, 氏名), the notes (注) 1–2 and the purpose statement.

The PDF is A4 with the Mincho font embedded; the form has five rows for workers, and more workers continue
on a second page (「作業従事者（続き）」), never cut off. The XLSX lays out the same text in cells.
"""

import io

from django.utils.translation import gettext_lazy

from itaku.core.wareki import to_wareki
from itaku.documents.renderers import register
from itaku.documents.renderers.content import Para, contract_field_values, fill_all
from itaku.documents.renderers.forms import draw_notes, widen_blanks
from itaku.documents.renderers.pdf import BODY_SIZE, SIZES, OfficialPDF, line_height

from .choices import EntryRole, VersionState
from .models import ReportVersion

KIND = "F-P"
PDF_MIMETYPE = "application/pdf"
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ROW_H = 11.0
LABEL_W = 40.0
SMALL = SIZES["small"]
CONTINUED = "作業従事者（続き）"
TITLE = gettext_lazy("個人情報保護に係る責任体制報告書")


def form_of(version: ReportVersion) -> dict:
    """The template's F-P with the contract's values filled in, and the version's own values."""
    report = version.report
    contract = report.contract
    form = fill_all(contract.template.forms[KIND], contract_field_values(contract))
    org = report.organisation
    entries = list(version.entries.select_related("user").order_by("role", "position", "id"))
    responsible = next((e for e in entries if e.role == EntryRole.RESPONSIBLE), None)
    return {
        **form,
        "date": to_wareki(version.submitted_on) if version.submitted_on else widen_blanks(form["date_line"]),
        "section_name": version.section_name,
        "sender": [org.address, org.name, org.representative],
        "responsible": responsible,
        "workers": [e for e in entries if e.role == EntryRole.WORKER],
    }


def default_version(contract) -> ReportVersion | None:
    """The version ``itaku render F-P --contract ID`` prints: the contractor's newest accepted version, or its
    newest version when none is accepted yet."""
    versions = ReportVersion.objects.filter(report__contract=contract, report__subcontractor__isnull=True)
    return versions.filter(state=VersionState.ACCEPTED).order_by("-number").first() or versions.order_by(
        "-number").first()


def _filename(version: ReportVersion, ext: str) -> str:
    return f"F-P-{version.report.contract_id}-{version.report_id}-v{version.number}.{ext}"


# -- PDF ------------------------------------------------------------------------------------------

def _cell(pdf: OfficialPDF, x, y, w, label: str, value: str):
    """A cell of the table: the form's small label at the top left, the value below it."""
    pdf.box(x, y, w, ROW_H, label, size=SMALL, valign="T", pad=1)
    if value:
        pdf.box(x, y + 3.2, w, ROW_H - 3.2, value, border=False, pad=2)


def _worker_rows(pdf: OfficialPDF, form: dict, label: str, workers: list, rows: int):
    x0 = pdf.l_margin
    post_w = (pdf.epw - LABEL_W) * 0.55
    name_w = pdf.epw - LABEL_W - post_w
    post, name = form["workers"]["fields"][:2] if isinstance(form["workers"], dict) else ("(所属・役職)", "(氏名)")
    y = pdf.y
    pdf.box(x0, y, LABEL_W, ROW_H * rows, label, align="C")
    for index in range(rows):
        worker = workers[index] if index < len(workers) else None
        top = y + index * ROW_H
        _cell(pdf, x0 + LABEL_W, top, post_w, post, worker.affiliation if worker else "")
        _cell(pdf, x0 + LABEL_W + post_w, top, name_w, name, worker.name if worker else "")
    pdf.set_xy(pdf.l_margin, y + ROW_H * rows)


def _table(pdf: OfficialPDF, template: dict, form: dict, workers: list):
    x0 = pdf.l_margin
    post_w = (pdf.epw - LABEL_W) * 0.55
    name_w = pdf.epw - LABEL_W - post_w
    post, name, contact = template["responsible"]["fields"]
    person = form["responsible"]
    y = pdf.y
    pdf.box(x0, y, LABEL_W, ROW_H * 2, template["responsible"]["label"], align="C")
    _cell(pdf, x0 + LABEL_W, y, post_w, post, person.affiliation if person else "")
    _cell(pdf, x0 + LABEL_W + post_w, y, name_w, name, person.name if person else "")
    _cell(pdf, x0 + LABEL_W, y + ROW_H, post_w + name_w, contact, person.contact if person else "")
    pdf.set_xy(pdf.l_margin, y + ROW_H * 2)
    _worker_rows(pdf, template, template["workers"]["label"], workers, int(template["workers"].get("rows", 5)))


def _head(pdf: OfficialPDF, form: dict):
    em, lh = pdf.em(BODY_SIZE), line_height(BODY_SIZE)
    pdf.paragraph(Para(form["title"], align="C", style="heading"))
    pdf.paragraph(Para(form["date"], align="R", space_before=1.5))
    pdf.ln(lh)
    y = pdf.y
    pdf.set_x(pdf.l_margin + em)
    pdf.cell(text=f"{form['addressee']}　")
    note_x = pdf.get_x() + em
    pdf.set_x(note_x)
    note = f"（所属名：{form['section_name']}）" if form["section_name"] else form.get("addressee_note", "")
    pdf.cell(text=note)
    pdf.set_xy(note_x, y + lh)
    pdf.cell(text=form.get("addressee_subnote", ""))
    pdf.set_xy(pdf.l_margin, y + 2.5 * lh)
    role = "受託者"
    x_role = pdf.l_margin + pdf.epw * 0.3
    x_label = x_role + (len(role) + 1) * em
    labels = [label.removeprefix(role).strip("　 ") for label in form["sender_labels"]]
    x_value = x_label + max(pdf.get_string_width(label) for label in labels) + em
    room = pdf.w - pdf.r_margin - 3 * em - x_value
    for index, (label, value) in enumerate(zip(labels, form["sender"], strict=False)):
        y = pdf.y
        if form["sender_labels"][index].startswith(role):
            pdf.set_xy(x_role, y)
            pdf.cell(text=role)
        pdf.set_xy(x_label, y)
        pdf.cell(text=label)
        pdf.set_font("mincho", size=SMALL if pdf.get_string_width(value) > room else BODY_SIZE)
        pdf.set_xy(x_value, y)
        pdf.cell(text=value)
        pdf.set_font("mincho", size=BODY_SIZE)
        if index == len(labels) - 1 and form.get("seal"):
            pdf.set_xy(pdf.w - pdf.r_margin - 2 * em, y)
            pdf.cell(w=em, text=form["seal"], align="C")
        pdf.set_xy(pdf.l_margin, y + lh * 1.5)


def render_pdf(version: ReportVersion, journal_head: str) -> bytes:
    form = form_of(version)
    template = version.report.contract.template.forms[KIND]
    rows = int(template["workers"].get("rows", 5))
    workers = form["workers"]
    pdf = OfficialPDF(title=form["title"], journal_head=journal_head)
    pdf.add_page()
    _head(pdf, form)
    lh = line_height(BODY_SIZE)
    pdf.paragraph(Para(form["intro"], first=1, space_before=0.8))
    pdf.ln(lh * 0.5)
    _table(pdf, template, form, workers[:rows])
    if len(workers) > rows:
        pdf.paragraph(Para(f"（作業従事者{len(workers)}名のうち{rows + 1}人目以降は次ページに記載）", style="small",
                           align="R"))
    pdf.ln(lh * 0.5)
    draw_notes(pdf, form.get("notes", []))
    pdf.paragraph(Para(form["purpose"], first=1, space_before=1))
    rest = workers[rows:]
    if rest:
        pdf.add_page()
        pdf.paragraph(Para(f"{form['title']}（{CONTINUED}）", align="C", style="heading"))
        pdf.ln(lh)
        while rest:
            fit = max(1, int((pdf.page_break_trigger - pdf.y) // ROW_H))
            _worker_rows(pdf, template, CONTINUED, rest[:fit], min(fit, len(rest)))
            rest = rest[fit:]
            if rest:
                pdf.add_page()
    return bytes(pdf.output())


@register(KIND, "pdf", clause="P-3", source="personnel.ReportVersion", title=TITLE,
          default_source=default_version, contract_field="report__contract")
def fp_pdf(contract, *, journal_head: str, source=None) -> tuple[str, str, bytes]:
    version = _version(contract, source)
    return _filename(version, "pdf"), PDF_MIMETYPE, render_pdf(version, journal_head)


# -- XLSX -----------------------------------------------------------------------------------------

def render_xlsx(version: ReportVersion, journal_head: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    form = form_of(version)
    template = version.report.contract.template.forms[KIND]
    wb = Workbook()
    ws = wb.active
    ws.title = "F-P"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToHeight = 0
    for col, width in zip("ABCD", (22, 34, 26, 12), strict=True):
        ws.column_dimensions[col].width = width
    font = Font(name="MS Mincho", size=10.5)
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")

    def put(row, col, value, *, bold=False, align=None, border=False, merge_to=None):
        cell = ws.cell(row=row, column=col, value=value)
        cell.font = Font(name="MS Mincho", size=14 if bold else 10.5, bold=bold)
        cell.alignment = Alignment(horizontal=align, wrap_text=True, vertical="top")
        if merge_to:
            ws.merge_cells(start_row=row, start_column=col, end_row=row, end_column=merge_to)
        if border:
            for c in range(col, (merge_to or col) + 1):
                ws.cell(row=row, column=c).border = box
        return cell

    put(1, 1, form["title"], bold=True, align="center", merge_to=4)
    put(3, 3, form["date"], align="right", merge_to=4)
    put(5, 1, f"{form['addressee']}　（所属名：{form['section_name']}）", merge_to=4)
    put(6, 1, form.get("addressee_subnote", ""), merge_to=4)
    row = 8
    for label, value in zip(form["sender_labels"], form["sender"], strict=False):
        put(row, 2, label, align="right")
        put(row, 3, value, merge_to=4)
        row += 1
    row += 1
    put(row, 1, form["intro"], merge_to=4)
    row += 2
    header = ["区分", "所属・役職", "氏名", "連絡先"]
    for col, text in enumerate(header, start=1):
        put(row, col, text, border=True, align="center")
    row += 1
    person = form["responsible"]
    values = [template["responsible"]["label"], person.affiliation if person else "", person.name if person else "",
              person.contact if person else ""]
    for col, text in enumerate(values, start=1):
        put(row, col, text, border=True)
    row += 1
    workers = form["workers"] or [None]
    rows = max(len(workers), int(template["workers"].get("rows", 5)))
    for index in range(rows):
        worker = workers[index] if index < len(workers) else None
        values = [template["workers"]["label"] if index == 0 else "", worker.affiliation if worker else "",
                  worker.name if worker else "", ""]
        for col, text in enumerate(values, start=1):
            put(row, col, text, border=True)
        row += 1
    row += 1
    for note in form.get("notes", []) + ["", form["purpose"]]:
        put(row, 1, note, merge_to=4).alignment = wrap
        ws.row_dimensions[row].height = 15 * max(1, len(note) // 48 + 1)
        row += 1
    put(row + 1, 1, f"ジャーナル先頭ハッシュ: {journal_head}", merge_to=4).font = Font(name=font.name, size=7)
    ws.print_area = f"A1:D{row + 1}"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@register(KIND, "xlsx", clause="P-3", source="personnel.ReportVersion", title=TITLE,
          default_source=default_version, contract_field="report__contract")
def fp_xlsx(contract, *, journal_head: str, source=None) -> tuple[str, str, bytes]:
    version = _version(contract, source)
    return _filename(version, "xlsx"), XLSX_MIMETYPE, render_xlsx(version, journal_head)


def _version(contract, source) -> ReportVersion:
    from django.utils.translation import gettext as _

    from itaku.core.exceptions import ClauseViolation

    version = source if source is not None else default_version(contract)
    if version is None or version.report.contract_id != contract.pk:
        raise ClauseViolation(_("この契約には責任体制報告書がありません。"), code="no_report", clause="P-3")
    return version
