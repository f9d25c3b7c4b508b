import time
from pathlib import Path

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError

from itaku.core.backup import BackupError, restore
from itaku.core.storage import verify as verify_files
from itaku.journal.chain import verify as verify_journal


class Command(BaseCommand):
    help = ("Restore a backup written by `itaku backup` into an empty database and an empty file store, "
            "then verify the journal and the files.")

    def add_arguments(self, parser):
        parser.add_argument("source", help="the backup's directory")

    def handle(self, *args, source, **options):
        started = time.monotonic()
        try:
            restored = restore(Path(source))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        journal = verify_journal()
        files = verify_files(default_storage)
        head = restored.manifest["journal"]
        self.stdout.write(f"restored from {source} in {time.monotonic() - started:.1f} s")
        self.stdout.write(f"journal: {journal.count} events, head #{head['seq']} {journal.head_hash}")
        self.stdout.write(f"files: {restored.files}")
        if not journal.ok:
            raise CommandError(f"the restored journal is broken at event #{journal.first_bad_seq}: {journal.reason}")
        if not files.ok:
            raise CommandError("the restored files do not match their rows (run itaku verifyfiles)")
