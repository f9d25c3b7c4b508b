import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from itaku.core.backup import BackupError, backup


class Command(BaseCommand):
    help = ("Write a consistent copy of the database and the stored files into a new directory, while the "
            "system is in use, with a manifest (the journal head and every file's SHA-256).")

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="the directory to write (new or empty)")

    def handle(self, *args, output, **options):
        started = time.monotonic()
        try:
            manifest = backup(Path(output))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        journal = manifest["journal"]
        size = manifest["database"]["size"] + sum(f["size"] for f in manifest["files"])
        self.stdout.write(f"backup written to {output} in {time.monotonic() - started:.1f} s")
        self.stdout.write(f"database: {manifest['database']['engine']} ({manifest['database']['file']})")
        self.stdout.write(f"journal head: #{journal['seq']} {journal['hash']} ({journal['events']} events)")
        self.stdout.write(f"files: {len(manifest['files'])} ({size} bytes with the database)")
