"""The blank forms of the template drawn on a PDF, laid out as in the seed:

* F-P 個人情報保護に係る責任体制報告書 (別記1 第3条): the report of the personal-information officer and workers;
* F-S 外部委託先調査シート 兼 情報セキュリティ対策実施状況報告書 (別記2): the security survey sheet.
"""

import re

from .content import Form, Para
from .pdf import BODY_SIZE, SIZES, OfficialPDF, line_height

ROLE = "受託者"  # the sender's role, set to the left of the sender's labels
SEAL = "印"
SMALL = SIZES["small"]
FORM_LABEL = {"F-S": "（様式）"}  # the seed's label above F-S
PRESET_VALUES = {"period": "～"}  # what F-S section 1 prints in an otherwise blank cell
WRITING_SPACE = 30.0  # mm left blank under each measure of F-S section 3
NOTE_PREFIX = re.compile(r"^(\(注\)\s*)?(\d+\s*)")


def widen_blanks(date_line: str) -> str:
    """「年　月　日」 with room to write the numbers in."""
    return date_line.replace("　", "　　　")


def draw_sender(pdf: OfficialPDF, labels: list[str], seal: str, *, spacing: float):
    """The sender's labels in a column right of the centre, the seal at the end of the last line."""
    em = pdf.em(BODY_SIZE)
    x_role = pdf.l_margin + pdf.epw * 0.42
    x_label = x_role + (len(ROLE) + 1) * em
    for index, label in enumerate(labels):
        pdf.ensure_room(spacing)
        y = pdf.y
        if label == ROLE:
            pdf.set_xy(x_role, y)
            pdf.cell(text=ROLE)
        elif label.startswith(ROLE):
            pdf.set_xy(x_role, y)
            pdf.cell(text=ROLE)
            pdf.set_xy(x_label, y)
            pdf.cell(text=label[len(ROLE):].strip("　 "))
        else:
            pdf.set_xy(x_label, y)
            pdf.cell(text=label)
        if index == len(labels) - 1 and seal:
            pdf.set_xy(pdf.w - pdf.r_margin - 2 * em, y)
            pdf.cell(w=em, text=seal, align="C")
        pdf.set_xy(pdf.l_margin, y + spacing)


def draw_notes(pdf: OfficialPDF, notes: list[str]):
    """「(注) 1 …」 and 「2 …」, the numbers aligned and each note's text hanging after its number."""
    em = pdf.em(BODY_SIZE)
    lead = 0.0
    for note in notes:
        match = NOTE_PREFIX.match(note)
        if match is None:
            pdf.paragraph(Para(note, first=lead / em, rest=lead / em))
            continue
        if match.group(1):
            lead = pdf.get_string_width(match.group(1))
        first = 0 if match.group(1) else lead
        rest = lead + pdf.get_string_width(match.group(2))
        pdf.paragraph(Para(note, first=first / em, rest=rest / em))


# -- F-P ----------------------------------------------------------------------------------------


def draw_personal_info_report(pdf: OfficialPDF, form: dict):
    em, lh = pdf.em(BODY_SIZE), line_height(BODY_SIZE)
    pdf.paragraph(Para(form["title"], align="C", style="heading"))
    pdf.paragraph(Para(widen_blanks(form["date_line"]), align="R", space_before=1.5))
    pdf.ln(lh)

    addressee = f"{form['addressee']}　"
    y = pdf.y
    pdf.set_x(pdf.l_margin + em)
    pdf.cell(text=addressee)
    note_x = pdf.get_x() + em
    pdf.set_x(note_x)
    pdf.cell(text=form.get("addressee_note", ""))
    pdf.set_xy(note_x, y + lh)
    pdf.cell(text=form.get("addressee_subnote", ""))
    pdf.set_xy(pdf.l_margin, y + 2.5 * lh)

    draw_sender(pdf, form["sender_labels"], form.get("seal", SEAL), spacing=lh * 1.5)
    pdf.paragraph(Para(form["intro"], first=1, space_before=0.8))
    pdf.ln(lh * 0.5)
    draw_officer_table(pdf, form)
    pdf.ln(lh * 0.5)
    draw_notes(pdf, form.get("notes", []))
    pdf.paragraph(Para(form["purpose"], first=1, space_before=1))


def draw_officer_table(pdf: OfficialPDF, form: dict):
    """個人情報保護責任者 (two rows: post and name, then contact) and 作業従事者 (one row per worker)."""
    row_h = 11.0
    x0, label_w = pdf.l_margin, 40.0
    post_w = (pdf.epw - label_w) * 0.55
    name_w = pdf.epw - label_w - post_w
    responsible, workers = form["responsible"], form["workers"]
    post, name, *contact = responsible["fields"]
    rows = [(post, name), (contact[0] if contact else "", None)]
    worker_rows = [tuple(workers["fields"][:2])] * int(workers.get("rows", 5))
    pdf.ensure_room(row_h * (len(rows) + len(worker_rows)))
    for label, group in ((responsible["label"], rows), (workers["label"], worker_rows)):
        y = pdf.y
        pdf.box(x0, y, label_w, row_h * len(group), label, align="C")
        for index, (left, right) in enumerate(group):
            top = y + index * row_h
            if right is None:
                pdf.box(x0 + label_w, top, post_w + name_w, row_h, left, size=SMALL, valign="T", pad=1)
            else:
                pdf.box(x0 + label_w, top, post_w, row_h, left, size=SMALL, valign="T", pad=1)
                pdf.box(x0 + label_w + post_w, top, name_w, row_h, right, size=SMALL, valign="T", pad=1)
        pdf.set_xy(pdf.l_margin, y + row_h * len(group))


# -- F-S ----------------------------------------------------------------------------------------


def survey_heading(form: dict) -> list[Para]:
    """F-S above its sender block: the label, the title, the opening sentence and the date line;
    the same words for PDF and Word."""
    label = form.get("label") or FORM_LABEL.get(form.get("id", ""), "")
    return ([Para(label)] if label else []) + [
        Para(form["title"], align="C", style="heading", space_before=0.5),
        Para(form["intro"], first=1, space_before=1),
        Para(widen_blanks(form["date_line"]), align="R", space_before=0.5),
    ]


def draw_security_survey(pdf: OfficialPDF, form: dict):
    lh = line_height(BODY_SIZE)
    for para in survey_heading(form):
        pdf.paragraph(para)
    pdf.ln(lh * 0.5)
    draw_sender(pdf, form["sender_labels"], form.get("seal", SEAL), spacing=lh * 1.3)

    section1 = form["section1"]
    pdf.paragraph(Para(section1["title"], space_before=0.5))
    draw_contents_table(pdf, section1["rows"])
    section2 = form["section2"]
    pdf.paragraph(Para(section2["title"], space_before=1, keep_with_next=True))
    draw_measures_table(pdf, section2)
    section3 = form["section3"]
    pdf.paragraph(Para(section3["title"], space_before=1, keep_with_next=True))
    for measure in section3["measures"]:
        pdf.ensure_room(lh + WRITING_SPACE)
        pdf.paragraph(Para(f"{measure['no']}　{measure['text']}", first=1, rest=2.5))
        pdf.ln(WRITING_SPACE)


def draw_contents_table(pdf: OfficialPDF, rows: list[dict]):
    """1 委託内容: a label column and an empty column to fill in."""
    row_h, label_w = 8.5, 60.0
    pdf.ensure_room(row_h * len(rows))
    for row in rows:
        y = pdf.y
        pdf.box(pdf.l_margin, y, label_w, row_h, row["label"])
        pdf.box(pdf.l_margin + label_w, y, pdf.epw - label_w, row_h, PRESET_VALUES.get(row.get("key"), ""),
                align="C")
        pdf.set_xy(pdf.l_margin, y + row_h)


def measures_columns(pdf: OfficialPDF) -> list[float]:
    widths = [30.0, 0.0, 25.0, 34.0]
    widths[1] = pdf.epw - sum(widths)
    return widths


def draw_measures_header(pdf: OfficialPDF, columns: list[str], widths: list[float]):
    labels = [c.replace(" (", "\n(") for c in columns]
    height = max(pdf.text_height(label, w, SMALL) for label, w in zip(labels, widths, strict=True))
    x, y = pdf.l_margin, pdf.y
    for label, w in zip(labels, widths, strict=True):
        pdf.box(x, y, w, height, label, size=SMALL, align="C")
        x += w
    pdf.set_xy(pdf.l_margin, y + height)


def draw_measures_table(pdf: OfficialPDF, section: dict):
    """2 実施状況: one group of rows per category, its name in a cell spanning the group; the result and
    remarks columns are left empty. A group is never split; the header repeats on a new page."""
    widths = measures_columns(pdf)
    columns = section["columns"]
    min_row = 8.0
    header_h = max(pdf.text_height(c.replace(" (", "\n("), w, SMALL) for c, w in zip(columns, widths, strict=True))
    pdf.ensure_room(header_h + min_row * 3)
    draw_measures_header(pdf, columns, widths)
    for category in section["categories"]:
        name = category["name"] + (f"\n{category['note']}" if category.get("note") else "")
        heights = [max(min_row, pdf.text_height(item["text"], widths[1], SMALL)) for item in category["items"]]
        group_h = max(sum(heights), pdf.text_height(name, widths[0], SMALL))
        heights[-1] += group_h - sum(heights)
        if pdf.y + group_h > pdf.page_break_trigger:
            pdf.add_page()
            draw_measures_header(pdf, columns, widths)
        y = pdf.y
        pdf.box(pdf.l_margin, y, widths[0], group_h, name, size=SMALL)
        top = y
        for item, height in zip(category["items"], heights, strict=True):
            x = pdf.l_margin + widths[0]
            pdf.box(x, top, widths[1], height, item["text"], size=SMALL)
            pdf.box(x + widths[1], top, widths[2], height)
            pdf.box(x + widths[1] + widths[2], top, widths[3], height)
            top += height
        pdf.set_xy(pdf.l_margin, y + group_h)


def draw_form(pdf: OfficialPDF, form: Form):
    drawers = {"F-P": draw_personal_info_report, "F-S": draw_security_survey}
    drawer = drawers.get(form.form_id)
    if drawer is not None:
        pdf.new_page()
        drawer(pdf, form.data)
