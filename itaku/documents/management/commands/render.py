"""``itaku render KIND --contract ID [--source ID] --format pdf|docx --output FILE``.

KIND is ``contract`` (the contract itself) or a document about one of its records, named by
``--source``: ``consent_letter`` (a consent request), ``interest_sheet`` (a payment),
``penalty_sheet`` (a late-completion penalty), ``F-P`` (a version of the responsibility report; without
``--source``, the contractor's current version: ``itaku render F-P --contract 1 --format xlsx``).

Generates through :func:`document_generate` as the system (no actor), so the document is stored with
its SHA-256 and the generation is journaled, then writes a copy to FILE.
"""

from pathlib import Path

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError

from itaku.contracts.models import Contract
from itaku.core.exceptions import ClauseViolation
from itaku.documents.renderers import registry
from itaku.documents.services import document_generate


class Command(BaseCommand):
    help = "Render a document of a contract (stored and journaled) and write it to a file."

    def add_arguments(self, parser):
        kinds = sorted({kind for kind, _ in registry.kinds()})
        formats = sorted({fmt for _, fmt in registry.kinds()})
        parser.add_argument("kind", choices=kinds, help="the document to render")
        parser.add_argument("--contract", type=int, required=True, help="the contract's id")
        parser.add_argument("--source", type=int,
                            help="the id of the record the document is about (consent_letter, *_sheet, F-P)")
        parser.add_argument("--format", dest="fmt", choices=formats, default="pdf")
        parser.add_argument("--output", type=Path, help="where to write the file (default: its own name)")

    def handle(self, *args, kind: str, contract: int, fmt: str, output: Path | None, source: int | None = None,
               **options):
        if (kind, fmt) not in registry.kinds():
            available = ", ".join(f for k, f in registry.kinds() if k == kind)
            raise CommandError(f"{kind} cannot be rendered as {fmt} (available: {available})")
        record = Contract.objects.select_related("template", "client", "contractor").filter(pk=contract).first()
        if record is None:
            raise CommandError(f"contract {contract} does not exist")
        label = registry.source_of(kind)
        if label and source is None and not registry.has_default_source(kind):
            raise CommandError(f"{kind} is about a record of the contract: name it with --source ID ({label})")
        if not label and source is not None:
            raise CommandError(f"{kind} is the contract itself: --source does not apply")
        record_source = None
        if label and source is None:
            record_source = registry.default_source(kind, record)
            if record_source is None:
                raise CommandError(f"contract {contract} has no {label} for {kind}")
        elif label:
            record_source = apps.get_model(label).objects.filter(
                pk=source, **{registry.contract_field(kind): record}).first()
            if record_source is None:
                raise CommandError(f"{label} {source} does not exist on contract {contract}")
        try:
            document = document_generate(actor=None, contract=record, kind=kind, fmt=fmt, source=record_source)
        except ClauseViolation as exc:
            raise CommandError(str(exc)) from exc
        path = output or Path(document.filename)
        try:
            path.write_bytes(document.content)
        except OSError as exc:
            raise CommandError(f"cannot write {path}: {exc}") from exc
        self.stdout.write(f"{path}")
        self.stdout.write(f"sha256 {document.sha256}")
