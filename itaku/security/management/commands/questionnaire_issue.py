"""``itaku questionnaire_issue FILE.json [--issued-on YYYY-MM-DD]``: issue a revised F-S question set.

FILE holds the form as in a contract template's ``forms["F-S"]`` (title, intro, date_line, sender_labels,
section1.rows, section2.columns and categories with their items, section3.measures; optionally due_days).
``itaku questionnaire_issue --dump FILE.json`` writes the current version as a starting point.
The new version is journaled (``security.questionnaire.issued``); sheets already answered keep theirs.
"""

import datetime as dt
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from itaku.core.exceptions import ClauseViolation
from itaku.security.questionnaire_loader import template_as_form
from itaku.security.questionnaire_services import current_template, template_issue


class Command(BaseCommand):
    help = "Issue a revised F-S question set from a JSON file (or --dump the current one)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--issued-on", type=dt.date.fromisoformat, default=None)
        parser.add_argument("--dump", action="store_true", help="write the current version to FILE instead")

    def handle(self, *args, file: Path, issued_on=None, dump=False, **options):
        if dump:
            file.write_text(json.dumps(template_as_form(current_template()), ensure_ascii=False, indent=1),
                            encoding="utf-8")
            self.stdout.write(str(file))
            return
        try:
            form = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CommandError(f"cannot read {file}: {exc}") from exc
        try:
            template = template_issue(actor=None, form=form, issued_on=issued_on)
        except ClauseViolation as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{template.code} version {template.version}: {template.items.count()} items")
