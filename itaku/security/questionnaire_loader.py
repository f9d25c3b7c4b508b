"""The question set of F-S as data: a form description (the ``forms["F-S"]`` of a contract template's JSON,
in the seed's wording) turned into a :class:`~itaku.security.models.QuestionnaireTemplate` with its 10
categories and 24 items.

:func:`build_template` takes the model classes, so the data migration (historical models) and the service
that issues a revised sheet (:func:`itaku.security.questionnaire_services.template_issue`) share it.
"""

import datetime as dt

from itaku.contracts import template_data

SEED_TEMPLATE = "yamanashi-itaku-2023"
SEED_ISSUED_ON = dt.date(2023, 4, 1)


def seed_form() -> dict:
    """The F-S of the seed's contract template, word for word."""
    return template_data.read(SEED_TEMPLATE)["forms"]["F-S"]


def check_form(form: dict) -> list[str]:
    """What is missing from a form description (empty when it can be issued)."""
    problems = []
    for key in ("title", "intro", "date_line", "section1", "section2", "section3"):
        if not form.get(key):
            problems.append(key)
    categories = (form.get("section2") or {}).get("categories") or []
    if not categories or any(not c.get("name") or not c.get("items") for c in categories):
        problems.append("section2.categories")
    numbers = [item.get("no") for c in categories for item in c.get("items", [])]
    if len(set(numbers)) != len(numbers) or any(not isinstance(n, int) for n in numbers):
        problems.append("section2.items.no")
    if any(not (item.get("text") or "").strip() for c in categories for item in c.get("items", [])):
        problems.append("section2.items.text")
    return problems


def build_template(form: dict, *, version: int, issued_on: dt.date, issued_at, issued_by=None,
                   Template, Category, Item):  # noqa: N803  (model classes, historical ones in a migration)
    template = Template.objects.create(
        code=form.get("id", "F-S"), version=version, title=form["title"], intro=form["intro"],
        date_line=form["date_line"], sender_labels=form.get("sender_labels", []), seal=form.get("seal", ""),
        section1_title=form["section1"]["title"], section1_rows=form["section1"]["rows"],
        section2_title=form["section2"]["title"], columns=form["section2"]["columns"],
        section3_title=form["section3"]["title"], measures=form["section3"]["measures"],
        due_days=int(form.get("due_days", 14)), issued_on=issued_on, issued_at=issued_at,
        issued_by_id=getattr(issued_by, "pk", None))
    items = []
    for position, spec in enumerate(form["section2"]["categories"], start=1):
        category = Category.objects.create(template=template, position=position, name=spec["name"],
                                           note=spec.get("note", ""),
                                           only_if_subcontracting=bool(spec.get("only_if_subcontracting")))
        items += [Item(template=template, category=category, number=item["no"], text=item["text"])
                  for item in spec["items"]]
    Item.objects.bulk_create(items)
    return template


def template_as_form(template) -> dict:
    """A template back as a form description (what a revised sheet starts from)."""
    categories = []
    for category in template.categories.prefetch_related("items").order_by("position"):
        spec = {"name": category.name, "only_if_subcontracting": category.only_if_subcontracting,
                "items": [{"no": i.number, "text": i.text} for i in category.items.all()]}
        if category.note:
            spec["note"] = category.note
        categories.append(spec)
    return {
        "id": template.code, "title": template.title, "intro": template.intro, "date_line": template.date_line,
        "sender_labels": template.sender_labels, "seal": template.seal, "due_days": template.due_days,
        "section1": {"title": template.section1_title, "rows": template.section1_rows},
        "section2": {"title": template.section2_title, "columns": template.columns, "categories": categories},
        "section3": {"title": template.section3_title, "measures": template.measures},
    }
