"""``itaku render contract --contract ID --format pdf|docx --output FILE``.

Generates through :func:`document_generate` as the system (no actor), so the document is stored with
its SHA-256 and the generation is journaled, then writes a copy to FILE.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from itaku.contracts.models import Contract
from itaku.documents.renderers import registry
from itaku.documents.services import document_generate


class Command(BaseCommand):
    help = "Render a document of a contract (stored and journaled) and write it to a file."

    def add_arguments(self, parser):
        kinds = sorted({kind for kind, _ in registry.kinds()})
        formats = sorted({fmt for _, fmt in registry.kinds()})
        parser.add_argument("kind", choices=kinds, help="the document to render")
        parser.add_argument("--contract", type=int, required=True, help="the contract's id")
        parser.add_argument("--format", dest="fmt", choices=formats, default="pdf")
        parser.add_argument("--output", type=Path, help="where to write the file (default: its own name)")

    def handle(self, *args, kind: str, contract: int, fmt: str, output: Path | None, **options):
        if (kind, fmt) not in registry.kinds():
            available = ", ".join(f for k, f in registry.kinds() if k == kind)
            raise CommandError(f"{kind} cannot be rendered as {fmt} (available: {available})")
        record = Contract.objects.select_related("template", "client", "contractor").filter(pk=contract).first()
        if record is None:
            raise CommandError(f"contract {contract} does not exist")
        document = document_generate(actor=None, contract=record, kind=kind, fmt=fmt)
        path = output or Path(document.filename)
        try:
            path.write_bytes(document.content)
        except OSError as exc:
            raise CommandError(f"cannot write {path}: {exc}") from exc
        self.stdout.write(f"{path}")
        self.stdout.write(f"sha256 {document.sha256}")
