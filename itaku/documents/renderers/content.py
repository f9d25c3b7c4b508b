"""The contract document as a flat sequence of blocks, in the order of the seed's paper original.

The PDF and Word writers only draw these blocks, so both formats say the same words in the same order:
title, preamble, the articles of the contract (K), the closing with the date and the 甲/乙 blocks,
別記1 (P) with its form F-P, 別記2 (S) with its form F-S.
"""

from dataclasses import dataclass, field

from itaku.contracts.choices import ClauseLevel
from itaku.contracts.selectors import template_clauses
from itaku.contracts.template_data import fill
from itaku.contracts.wording import clause_texts
from itaku.contracts.wording import field_values as contract_field_values

# Indents are counted in characters (全角 1 字), as a Japanese typesetter counts them.
SIGNATURE_INDENT = 16  # where the 甲 and 乙 blocks begin
GAP = "　"  # between a number (第1条, 2, (1), ア) and its text

# A part's form follows the part's articles (P-3 asks for F-P; S-3/S-4 are reported on F-S).
FORM_AFTER_PART = {"P": "F-P", "S": "F-S"}


@dataclass(frozen=True)
class Para:
    """One paragraph: ``first`` and ``rest`` are the indents of its first and following lines."""

    text: str
    first: float = 0
    rest: float = 0
    align: str = "L"  # "L", "C" or "R"
    style: str = "body"  # "body", "title" (the document title) or "heading" (a part's title)
    space_before: float = 0  # in lines
    keep_with_next: bool = False


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class Keep:
    """Paragraphs that stay on one page (the closing sentence with the date and the signatures)."""

    paras: tuple[Para, ...]


@dataclass(frozen=True)
class Form:
    """A blank form (様式) of the template, its {{fields}} filled."""

    form_id: str
    data: dict = field(default_factory=dict)


Block = Para | PageBreak | Keep | Form


def fill_all(value, values: dict):
    """``fill`` every string inside a nested structure of dicts and lists."""
    if isinstance(value, str):
        return fill(value, values)
    if isinstance(value, list):
        return [fill_all(v, values) for v in value]
    if isinstance(value, dict):
        return {k: fill_all(v, values) for k, v in value.items()}
    return value


def clause_blocks(clauses, texts: dict[str, str]) -> list[Para]:
    """Articles, paragraphs, items and sub-items with their numbers and hanging indents.

    An article of several paragraphs has no text of its own: its number goes before the text of the
    first (unnumbered) paragraph, as in 「第1条　甲は、…」 followed by 「2　仕様書に…」.
    """
    blocks: list[Para] = []
    pending_number = ""
    for clause in clauses:
        text = texts[clause.clause_id]
        if clause.level == ClauseLevel.ARTICLE:
            if clause.heading:
                blocks.append(Para(f"（{clause.heading}）", first=1, rest=1, space_before=0.4,
                                   keep_with_next=True))
            if text:
                blocks.append(Para(f"{clause.number}{GAP}{text}", first=0, rest=1))
                pending_number = ""
            else:
                pending_number = clause.number
        elif clause.level == ClauseLevel.PARAGRAPH:
            number = clause.number or pending_number
            pending_number = ""
            blocks.append(Para(f"{number}{GAP}{text}" if number else text, first=0, rest=1))
        elif clause.level == ClauseLevel.ITEM:
            blocks.append(Para(f"{clause.number}{GAP}{text}", first=1, rest=2))
        else:
            blocks.append(Para(f"{clause.number}{GAP}{text}", first=2, rest=3))
    return blocks


def signature_block(lines: list[str]) -> list[Para]:
    """甲 or 乙 and the address on the first line; the names aligned under the address."""
    blocks = []
    for index, line in enumerate(lines):
        if index == 0:
            mark, _, rest = line.partition(" ")
            blocks.append(Para(f"{mark}{GAP}{rest.strip()}", first=SIGNATURE_INDENT, rest=SIGNATURE_INDENT + 2,
                               space_before=1))
        else:
            blocks.append(Para(line, first=SIGNATURE_INDENT + 2, rest=SIGNATURE_INDENT + 2))
    return blocks


def document_title(contract) -> str:
    return fill(contract.template.document_title, contract_field_values(contract))


def contract_blocks(contract) -> list[Block]:
    template = contract.template
    values = contract_field_values(contract)
    clauses = list(template_clauses(template))
    texts = clause_texts(contract, clauses)

    blocks: list[Block] = []
    for part in template.parts:
        code = part["part"]
        if part.get("label"):
            blocks += [PageBreak(), Para(part["label"]),
                       Para(fill(part["title"], values), align="C", style="heading", space_before=0.5)]
        else:
            blocks += [Para(document_title(contract), align="C", style="title"),
                       Para(fill(template.preamble, values), first=1, space_before=1.5)]
        blocks += clause_blocks([c for c in clauses if c.part == code], texts)
        if code == "K":
            blocks += closing_blocks(template.closing, values)
        form_id = FORM_AFTER_PART.get(code)
        if form_id and form_id in template.forms:
            blocks += [PageBreak(), Form(form_id, fill_all(template.forms[form_id], values))]
    return blocks


def closing_blocks(closing: dict, values: dict) -> list[Keep]:
    closing = fill_all(closing, values)
    return [Keep((
        Para(closing.get("text", ""), first=1, space_before=1),
        Para(closing.get("date", ""), first=2, space_before=1),
        *signature_block(closing.get("client_block", [])),
        *signature_block(closing.get("contractor_block", [])),
    ))]
