"""The blank forms F-P and F-S as Word paragraphs and tables, in the layout of the PDF (:mod:`.forms`)."""

from docx.shared import Mm

from .content import Form, Para
from .forms import NOTE_PREFIX, PRESET_VALUES, ROLE, SEAL, SMALL, WRITING_SPACE, survey_heading, widen_blanks
from .pdf import BODY_SIZE
from .word import TEXT_WIDTH, WordWriter, em_width

SENDER_LEFT = TEXT_WIDTH * 0.42  # mm, where the sender's role (受託者) begins
EM_MM = BODY_SIZE * 25.4 / 72


def write_sender(w: WordWriter, labels: list[str], seal: str):
    label_left = SENDER_LEFT + (len(ROLE) + 1) * EM_MM
    for index, label in enumerate(labels):
        last_seal = seal if index == len(labels) - 1 else ""
        if label == ROLE:
            w.labelled_line(label, left=SENDER_LEFT, seal=last_seal)
        elif label.startswith(ROLE):
            w.labelled_line(f"{ROLE}　{label[len(ROLE):].strip('　 ')}", left=label_left,
                            hang=len(ROLE) + 1, seal=last_seal)
        else:
            w.labelled_line(label, left=label_left, seal=last_seal)


def write_notes(w: WordWriter, notes: list[str]):
    lead = 0.0
    for note in notes:
        match = NOTE_PREFIX.match(note)
        if match is None:
            w.paragraph(Para(note, first=lead, rest=lead))
            continue
        if match.group(1):
            lead = em_width(match.group(1))
        first = 0 if match.group(1) else lead
        w.paragraph(Para(note, first=first, rest=lead + em_width(match.group(2))))


# -- F-P ----------------------------------------------------------------------------------------


def write_personal_info_report(w: WordWriter, form: dict):
    w.paragraph(Para(form["title"], align="C", style="heading"))
    w.paragraph(Para(widen_blanks(form["date_line"]), align="R", space_before=1.5))
    addressee = f"{form['addressee']}　　"
    w.paragraph(Para(f"{addressee}{form.get('addressee_note', '')}", first=1, space_before=1))
    note_at = 1 + em_width(addressee)
    w.paragraph(Para(form.get("addressee_subnote", ""), first=note_at, rest=note_at))
    write_sender(w, form["sender_labels"], form.get("seal", SEAL))
    w.paragraph(Para(form["intro"], first=1, space_before=1.5))
    w.spacer(1)
    write_officer_table(w, form)
    write_notes(w, form.get("notes", []))
    w.paragraph(Para(form["purpose"], first=1, space_before=1))


def write_officer_table(w: WordWriter, form: dict):
    responsible, workers = form["responsible"], form["workers"]
    post, name, *contact = responsible["fields"]
    worker_count = int(workers.get("rows", 5))
    label_w = 40.0
    post_w = (TEXT_WIDTH - label_w) * 0.55
    table = w.table(2 + worker_count, [label_w, post_w, TEXT_WIDTH - label_w - post_w])
    for row in table.rows:
        w.row_height(row, 11)
    rows = table.rows
    label = rows[0].cells[0].merge(rows[1].cells[0])
    w.cell_text(label, responsible["label"], align="C")
    w.cell_text(rows[0].cells[1], post, size=SMALL, valign="T")
    w.cell_text(rows[0].cells[2], name, size=SMALL, valign="T")
    contact_cell = rows[1].cells[1].merge(rows[1].cells[2])
    w.cell_text(contact_cell, contact[0] if contact else "", size=SMALL, valign="T")
    label = rows[2].cells[0].merge(rows[-1].cells[0])
    w.cell_text(label, workers["label"], align="C")
    for row in rows[2:]:
        for cell, text in zip(row.cells[1:], workers["fields"][:2], strict=True):
            w.cell_text(cell, text, size=SMALL, valign="T")


# -- F-S ----------------------------------------------------------------------------------------


def write_security_survey(w: WordWriter, form: dict):
    for para in survey_heading(form):
        w.paragraph(para)
    write_sender(w, form["sender_labels"], form.get("seal", SEAL))

    section1 = form["section1"]
    w.paragraph(Para(section1["title"], space_before=1, keep_with_next=True))
    table = w.table(len(section1["rows"]), [60.0, TEXT_WIDTH - 60.0])
    for row, spec in zip(table.rows, section1["rows"], strict=True):
        w.row_height(row, 8.5)
        w.cell_text(row.cells[0], spec["label"])
        w.cell_text(row.cells[1], PRESET_VALUES.get(spec.get("key"), ""), align="C")

    section2 = form["section2"]
    w.paragraph(Para(section2["title"], space_before=1, keep_with_next=True))
    write_measures_table(w, section2)

    section3 = form["section3"]
    w.paragraph(Para(section3["title"], space_before=1, keep_with_next=True))
    for measure in section3["measures"]:
        p = w.paragraph(Para(f"{measure['no']}　{measure['text']}", first=1, rest=2.5))
        p.paragraph_format.space_after = Mm(WRITING_SPACE)


def write_measures_table(w: WordWriter, section: dict):
    widths = [30.0, 0.0, 25.0, 34.0]
    widths[1] = TEXT_WIDTH - sum(widths)
    items = [(category, item) for category in section["categories"] for item in category["items"]]
    table = w.table(1 + len(items), widths)
    header = table.rows[0]
    w.row_height(header, 8, header=True)
    for cell, column in zip(header.cells, section["columns"], strict=True):
        w.cell_text(cell, column.replace(" (", "\n("), size=SMALL, align="C")
    index = 1
    for category in section["categories"]:
        rows = table.rows[index:index + len(category["items"])]
        for row, item in zip(rows, category["items"], strict=True):
            w.row_height(row, 8)
            w.cell_text(row.cells[1], item["text"], size=SMALL)
        name = category["name"] + (f"\n{category['note']}" if category.get("note") else "")
        cell = rows[0].cells[0].merge(rows[-1].cells[0]) if len(rows) > 1 else rows[0].cells[0]
        w.cell_text(cell, name, size=SMALL)
        index += len(rows)


def write_form(w: WordWriter, form: Form):
    writers = {"F-P": write_personal_info_report, "F-S": write_security_survey}
    writer = writers.get(form.form_id)
    if writer is not None:
        w.break_before = True
        writer(w, form.data)
