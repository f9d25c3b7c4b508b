"""The contract itself (K-end: 「この契約の成立を証するため、契約書を2通作成し…」) as PDF and Word.

Both formats draw the same blocks (:mod:`.content`): the seed's order, wording and layout, with the
contract's values filled in and the journal head printed in the footer of every page.
"""

from django.utils.translation import gettext_lazy

from . import register
from .content import Form, Keep, PageBreak, contract_blocks, document_title
from .forms import draw_form
from .pdf import OfficialPDF
from .word import WordWriter
from .word_forms import write_form

PDF_MIMETYPE = "application/pdf"
DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def render_pdf(blocks, *, title: str, journal_head: str) -> bytes:
    pdf = OfficialPDF(title=title, journal_head=journal_head)
    pdf.add_page()
    for block in blocks:
        if isinstance(block, PageBreak):
            pdf.new_page()
        elif isinstance(block, Keep):
            pdf.keep_together(block.paras)
        elif isinstance(block, Form):
            draw_form(pdf, block)
        else:
            pdf.paragraph(block)
    return bytes(pdf.output())


def render_docx(blocks, *, title: str, journal_head: str) -> bytes:
    writer = WordWriter(title=title, journal_head=journal_head)
    for block in blocks:
        if isinstance(block, PageBreak):
            writer.break_before = True
        elif isinstance(block, Keep):
            writer.keep(block.paras)
        elif isinstance(block, Form):
            write_form(writer, block)
        else:
            writer.paragraph(block)
    return writer.save()


@register("contract", "pdf", clause="K-end", title=gettext_lazy("契約書"))
def contract_pdf(contract, *, journal_head: str) -> tuple[str, str, bytes]:
    content = render_pdf(contract_blocks(contract), title=document_title(contract), journal_head=journal_head)
    return f"contract-{contract.pk}.pdf", PDF_MIMETYPE, content


@register("contract", "docx", clause="K-end", title=gettext_lazy("契約書"))
def contract_docx(contract, *, journal_head: str) -> tuple[str, str, bytes]:
    content = render_docx(contract_blocks(contract), title=document_title(contract), journal_head=journal_head)
    return f"contract-{contract.pk}.docx", DOCX_MIMETYPE, content
