"""Load a contract template (its clauses as data) from the JSON files in ``data/``."""

import json
import re
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"
PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")

ARTICLE, PARAGRAPH, ITEM, SUBITEM = 1, 2, 3, 4


def read(code: str) -> dict:
    return json.loads((DATA_DIR / f"{code.replace('-', '_')}.json").read_text(encoding="utf-8"))


def flatten(data: dict) -> list[dict]:
    """The clause rows in document order: articles, then (when an article has several) paragraphs,
    items and sub-items. A single-paragraph article carries its paragraph's text itself."""
    rows: list[dict] = []

    def add(parent, part, level, clause_id, number, heading, text):
        rows.append({
            "parent": parent, "part": part, "level": level, "clause_id": clause_id,
            "number": number or "", "heading": heading or "", "text": text or "",
        })
        return clause_id

    for part in data["parts"]:
        code = part["part"]
        for article in part["articles"]:
            paragraphs = article["paragraphs"]
            single = len(paragraphs) == 1
            art = add(None, code, ARTICLE, article["id"], article["number"], article.get("heading"),
                      paragraphs[0]["text"] if single else "")
            for paragraph in paragraphs:
                parent = art
                if not single:
                    parent = add(art, code, PARAGRAPH, paragraph["id"], paragraph.get("number"), "",
                                 paragraph["text"])
                for item in paragraph.get("items", []):
                    item_id = add(parent, code, ITEM, item["id"], item["number"], "", item["text"])
                    for sub in item.get("subitems", []):
                        add(item_id, code, SUBITEM, sub["id"], sub["number"], "", sub["text"])
    return rows


def install(code: str, ContractTemplate, TemplateClause) -> None:
    """Create or refresh the template ``code``. Takes the model classes so migrations can call it."""
    data = read(code)
    template, _ = ContractTemplate.objects.update_or_create(
        code=data["code"],
        defaults={
            "name": data["name"],
            "document_title": data["document_title"],
            "preamble": data["preamble"],
            "closing": data["closing"],
            "fields": data["fields"],
            "parameters": data["parameters"],
            "forms": data["forms"],
            "parts": [{k: v for k, v in part.items() if k != "articles"} for part in data["parts"]],
        },
    )
    TemplateClause.objects.filter(template=template).delete()
    by_id = {}
    for position, row in enumerate(flatten(data), start=1):
        parent = by_id.get(row.pop("parent"))
        by_id[row["clause_id"]] = TemplateClause.objects.create(
            template=template, parent=parent, position=position, **row
        )


def fill(text: str, values: dict) -> str:
    """Replace each {{field}} with its value; an unknown field is left visible, never dropped."""
    return PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), m.group(0))), text)
