"""Form F-S, 外部委託先調査シート 兼 情報セキュリティ対策実施状況報告書 (annex 2), filled from a version of the
contract's sheet, in the seed's layout: the label 「（様式）」, the title, the opening sentence, the date,
the contractor's address, name and representative; 1 委託内容 (eight rows); 2 the table 評価項目 · 内容 ·
結果 · 備考 with the categories spanning their items; 3 the five measures.

The PDF is A4 with the Mincho font embedded (through the documents app); a long remark or measure is
wrapped and continues on the next page, never cut off; the table's header repeats on each page. The XLSX
lays out the same in cells, A4 portrait, fitted to the page width, with the header row repeated.
"""

import io

from django.utils.translation import gettext_lazy

from itaku.core.wareki import to_wareki
from itaku.documents.renderers import register
from itaku.documents.renderers.content import Para
from itaku.documents.renderers.forms import draw_measures_header, draw_sender, measures_columns, widen_blanks
from itaku.documents.renderers.pdf import BODY_SIZE, SIZES, OfficialPDF, line_height

from .models import SheetVersion
from .questionnaire_choices import CLAUSE, FORM, Result, SheetState
from .questionnaire_contents import rows_with_values

PDF_MIMETYPE = "application/pdf"
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SMALL = SIZES["small"]
TITLE = gettext_lazy("外部委託先調査シート 兼 情報セキュリティ対策実施状況報告書")
LABEL = "（様式）"
MIN_ROW = 8.0


def _answers(version):
    return list(version.answers.select_related("item__category").order_by("item__category__position",
                                                                            "item__number"))


def _result(answer) -> str:
    return {Result.YES: "はい", Result.NO: "いいえ", Result.NOT_APPLICABLE: "該当なし"}.get(answer.result, "")


def _remark(answer) -> str:
    text = answer.remark
    if answer.target_on:
        day = to_wareki(answer.target_on)
        text = f"{text}\n（完了予定日：{day}）" if text else f"完了予定日：{day}"
    return text


def default_version(contract) -> SheetVersion | None:
    """What ``itaku render F-S --contract ID`` prints: the newest accepted version, else the newest one."""
    versions = SheetVersion.objects.filter(sheet__contract=contract)
    return versions.filter(state=SheetState.ACCEPTED).order_by("-number").first() or versions.order_by(
        "-number").first()


def _filename(version, ext) -> str:
    return f"F-S-{version.sheet.contract_id}-v{version.number}.{ext}"


def _contents(version):
    from .questionnaire_contents import contract_contents

    contents = version.contents if version.state != SheetState.DRAFT else contract_contents(version.sheet.contract)
    return rows_with_values(version.template, contents)


def _sender(contract) -> list[str]:
    org = contract.contractor
    return [org.address, org.name, f"{org.representative_title}　{org.representative_name}"]


# -- PDF ------------------------------------------------------------------------------------------

def _lines_height(n: int, size: float = SMALL, pad: float = 1.5) -> float:
    return n * line_height(size) * 0.85 + 2 * pad


def _draw_rows(pdf: OfficialPDF, version, columns: list[str], widths: list[float]):
    """Section 2: a category's name spans its items on a page; a row taller than what is left of the page
    continues on the next one (its remark's remaining lines)."""
    groups: list[tuple] = []
    for answer in _answers(version):
        cat = answer.item.category
        if not groups or groups[-1][0].pk != cat.pk:
            groups.append((cat, []))
        groups[-1][1].append(answer)
    for category, answers in groups:
        name = category.name + (f"\n{category.note}" if category.note else "")
        pieces = []
        for a in answers:
            pdf.set_font("mincho", size=SMALL)
            pieces.append({"text": pdf.wrap(f"{a.item.number}. {a.item.text}", widths[1] - 3),
                           "result": _result(a), "remark": pdf.wrap(_remark(a), widths[3] - 3)})
            pdf.set_font("mincho", size=BODY_SIZE)
        top = pdf.y
        drawn_name = False

        def label(name=name, category=category):
            return name if not drawn_name else f"{category.name}（続き）"  # noqa: B023  (read when called)

        for piece in pieces:
            while True:
                lines = max(len(piece["text"]), len(piece["remark"]), 1)
                height = max(MIN_ROW, _lines_height(lines))
                room = pdf.page_break_trigger - pdf.y
                take = lines
                if height > room:
                    take = int((room - 3) // (line_height(SMALL) * 0.85))
                    if take < 2:
                        # The rest goes on a new page under the header; the category's name repeats there.
                        if pdf.y > top:
                            _name_cell(pdf, widths, top, pdf.y - top, label())
                            drawn_name = True
                        pdf.add_page()
                        draw_measures_header(pdf, columns, widths)
                        top = pdf.y
                        continue
                    height = _lines_height(take)
                x, y = pdf.l_margin + widths[0], pdf.y
                pdf.box(x, y, widths[1], height, "\n".join(piece["text"][:take]), size=SMALL, valign="T")
                pdf.box(x + widths[1], y, widths[2], height, piece["result"], size=SMALL, align="C")
                pdf.box(x + widths[1] + widths[2], y, widths[3], height, "\n".join(piece["remark"][:take]),
                        size=SMALL, valign="T")
                pdf.set_xy(pdf.l_margin, y + height)
                piece["text"], piece["remark"] = piece["text"][take:], piece["remark"][take:]
                piece["result"] = ""
                if not piece["text"] and not piece["remark"]:
                    break
        _name_cell(pdf, widths, top, pdf.y - top, label())


def _name_cell(pdf, widths, top, height, name):
    if height <= 0:
        return
    y = pdf.y
    pdf.box(pdf.l_margin, top, widths[0], height, name, size=SMALL)
    pdf.set_xy(pdf.l_margin, y)


def render_pdf(version: SheetVersion, journal_head: str) -> bytes:
    template = version.template
    contract = version.sheet.contract
    pdf = OfficialPDF(title=template.title, journal_head=journal_head)
    pdf.add_page()
    lh = line_height(BODY_SIZE)
    pdf.paragraph(Para(LABEL))
    pdf.paragraph(Para(template.title, align="C", style="heading", space_before=0.5))
    pdf.paragraph(Para(template.intro, first=1, space_before=1))
    date = to_wareki(version.submitted_on) if version.submitted_on else widen_blanks(template.date_line)
    pdf.paragraph(Para(date, align="R", space_before=0.5))
    pdf.ln(lh * 0.5)
    labels = template.sender_labels
    draw_sender(pdf, labels, template.seal, spacing=lh * 1.3)
    # The sender's values, right of the labels drawn above.
    sender = _sender(contract)
    em = pdf.em(BODY_SIZE)
    x_value = pdf.l_margin + pdf.epw * 0.42 + 4 * em + max(pdf.get_string_width(x) for x in labels[1:]) + em
    y_end = pdf.y
    for index, value in enumerate(sender):
        y = y_end - lh * 1.3 * (len(sender) - index)
        pdf.set_font("mincho", size=SMALL)
        for n, line in enumerate(pdf.wrap(value, pdf.w - pdf.r_margin - 2 * em - x_value)[:2]):
            pdf.set_xy(x_value, y + n * line_height(SMALL) * 0.8)
            pdf.cell(text=line)
        pdf.set_font("mincho", size=BODY_SIZE)
    pdf.set_xy(pdf.l_margin, y_end)

    pdf.paragraph(Para(template.section1_title, space_before=0.5))
    label_w = 60.0
    for row in _contents(version):
        value_h = pdf.text_height(row["value"], pdf.epw - label_w, BODY_SIZE)
        height = max(8.5, value_h)
        pdf.ensure_room(height)
        y = pdf.y
        pdf.box(pdf.l_margin, y, label_w, height, row["label"])
        pdf.box(pdf.l_margin + label_w, y, pdf.epw - label_w, height, row["value"])
        pdf.set_xy(pdf.l_margin, y + height)

    pdf.paragraph(Para(template.section2_title, space_before=1, keep_with_next=True))
    widths = measures_columns(pdf)
    pdf.ensure_room(30)
    draw_measures_header(pdf, template.columns, widths)
    _draw_rows(pdf, version, template.columns, widths)

    pdf.paragraph(Para(template.section3_title, space_before=1, keep_with_next=True))
    for measure in template.measures:
        pdf.paragraph(Para(f"{measure['no']}　{measure['text']}", first=1, rest=2.5, keep_with_next=True))
        text = version.measures.get(measure["key"], "")
        for part in (text.splitlines() or [""]):
            if part:
                pdf.paragraph(Para(part, first=2.5, rest=2.5))
        pdf.ln(lh * 0.5)
    return bytes(pdf.output())


def _version(contract, source) -> SheetVersion:
    from django.utils.translation import gettext as _

    from itaku.core.exceptions import ClauseViolation

    version = source if source is not None else default_version(contract)
    if version is None or version.sheet.contract_id != contract.pk:
        raise ClauseViolation(_("この契約には外部委託先調査シートがありません。"), code="no_sheet", clause=CLAUSE)
    return version


@register(FORM, "pdf", clause=CLAUSE, source="security.SheetVersion", title=TITLE, default_source=default_version,
          contract_field="sheet__contract")
def fs_pdf(contract, *, journal_head: str, source=None) -> tuple[str, str, bytes]:
    version = _version(contract, source)
    return _filename(version, "pdf"), PDF_MIMETYPE, render_pdf(version, journal_head)


# -- XLSX -----------------------------------------------------------------------------------------

def _sheet_setup(ws, widths):
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    for index, width in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + index)].width = width


def _styles():
    from openpyxl.styles import Alignment, Border, Font, Side

    thin = Side(style="thin")
    return {"font": Font(name="MS Mincho", size=10.5), "title": Font(name="MS Mincho", size=14, bold=True),
            "box": Border(left=thin, right=thin, top=thin, bottom=thin),
            "wrap": Alignment(wrap_text=True, vertical="top"),
            "center": Alignment(wrap_text=True, vertical="center", horizontal="center")}


def _height(text: str, chars_per_line: int) -> float:
    lines = sum(max(1, -(-len(part) // chars_per_line)) for part in (text or "").split("\n"))
    return max(15.0, 14.0 * lines)


def render_xlsx(version: SheetVersion, journal_head: str) -> bytes:
    from openpyxl import Workbook

    st = _styles()
    template = version.template
    contract = version.sheet.contract
    wb = Workbook()
    ws = wb.active
    ws.title = "F-S"
    _sheet_setup(ws, (16, 44, 10, 34))

    def put(row, col, value, *, merge_to=None, border=False, align="wrap", font="font"):
        cell = ws.cell(row=row, column=col, value=value)
        cell.font = st[font]
        cell.alignment = st[align]
        if merge_to:
            ws.merge_cells(start_row=row, start_column=col, end_row=row, end_column=merge_to)
        if border:
            for c in range(col, (merge_to or col) + 1):
                ws.cell(row=row, column=c).border = st["box"]
        return cell

    put(1, 1, LABEL)
    put(2, 1, template.title, merge_to=4, align="center", font="title")
    put(3, 1, template.intro, merge_to=4)
    date = to_wareki(version.submitted_on) if version.submitted_on else template.date_line
    put(4, 4, date)
    row = 5
    for label, value in zip(template.sender_labels[1:], _sender(contract), strict=False):
        put(row, 2, f"{template.sender_labels[0]}　{label}" if row == 5 else label)
        put(row, 3, value, merge_to=4)
        row += 1
    row += 1
    put(row, 1, template.section1_title, merge_to=4)
    row += 1
    for item in _contents(version):
        put(row, 1, item["label"], merge_to=2, border=True)
        put(row, 3, item["value"], merge_to=4, border=True)
        ws.row_dimensions[row].height = _height(item["value"], 40)
        row += 1
    row += 1
    put(row, 1, template.section2_title, merge_to=4)
    row += 1
    header = row
    for col, text in enumerate(template.columns, start=1):
        put(row, col, text, border=True, align="center")
    row += 1
    current = None
    for answer in _answers(version):
        category = answer.item.category
        name = ""
        if current != category.pk:
            name = category.name + (f"\n{category.note}" if category.note else "")
            current = category.pk
        put(row, 1, name, border=True)
        put(row, 2, f"{answer.item.number}. {answer.item.text}", border=True)
        put(row, 3, _result(answer), border=True, align="center")
        remark = _remark(answer)
        put(row, 4, remark, border=True)
        ws.row_dimensions[row].height = max(_height(answer.item.text, 24), _height(remark, 18))
        row += 1
    row += 1
    put(row, 1, template.section3_title, merge_to=4)
    row += 1
    for measure in template.measures:
        put(row, 1, f"{measure['no']}　{measure['text']}", merge_to=4)
        row += 1
        text = version.measures.get(measure["key"], "")
        put(row, 1, text, merge_to=4, border=True)
        ws.row_dimensions[row].height = _height(text, 60)
        row += 1
    put(row + 1, 1, f"ジャーナル先頭ハッシュ: {journal_head}", merge_to=4)
    ws.print_area = f"A1:D{row + 1}"
    ws.print_title_rows = f"{header}:{header}"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@register(FORM, "xlsx", clause=CLAUSE, source="security.SheetVersion", title=TITLE,
          default_source=default_version, contract_field="sheet__contract")
def fs_xlsx(contract, *, journal_head: str, source=None) -> tuple[str, str, bytes]:
    version = _version(contract, source)
    return _filename(version, "xlsx"), XLSX_MIMETYPE, render_xlsx(version, journal_head)


# -- the client's view across contractors -----------------------------------------------------------

def overview_xlsx(data) -> bytes:
    """The side-by-side answers, the items answered いいえ most often, and the open remedies, as three sheets."""
    from openpyxl import Workbook

    st = _styles()
    wb = Workbook()
    ws = wb.active
    ws.title = "回答"
    _sheet_setup(ws, (50,) + (18,) * min(len(data.rows), 20))
    ws.page_setup.orientation = "landscape"

    def put(sheet, row, col, value, align="wrap"):
        cell = sheet.cell(row=row, column=col, value=value)
        cell.font, cell.alignment, cell.border = st["font"], st[align], st["box"]
        return cell

    put(ws, 1, 1, "項目")
    for col, r in enumerate(data.rows, start=2):
        version = r.accepted or r.latest
        state = f"第{version.number}版 {version.get_state_display()}" if version else "未提出"
        put(ws, 1, col, f"{r.contract.contractor.name}\n{r.contract.title}\n"
                        f"{r.contract.fiscal_year}年度 {r.department}\n{state}")
    labels = {Result.YES: "はい", Result.NO: "いいえ", Result.NOT_APPLICABLE: "該当なし"}
    for index, item in enumerate(data.items, start=2):
        put(ws, index, 1, f"{item['number']}. {item['text']}")
        for col, result in enumerate(item["cells"], start=2):
            put(ws, index, col, labels.get(result, "—"), align="center")
    ws.print_title_rows = "1:1"
    most = wb.create_sheet("いいえが多い項目")
    _sheet_setup(most, (8, 60, 10))
    for col, text in enumerate(("番号", "内容", "社数"), start=1):
        put(most, 1, col, text, align="center")
    for index, m in enumerate(data.most_no, start=2):
        put(most, index, 1, m["number"])
        put(most, index, 2, m["text"])
        put(most, index, 3, m["count"])
    open_ = wb.create_sheet("未了の対策")
    _sheet_setup(open_, (30, 60, 16))
    for col, text in enumerate(("委託先", "内容", "完了予定日"), start=1):
        put(open_, 1, col, text, align="center")
    for index, o in enumerate(data.remedies, start=2):
        put(open_, index, 1, f"{o.contract.contractor.name}\n{o.contract.title}")
        put(open_, index, 2, o.title)
        put(open_, index, 3, to_wareki(o.due_on))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
