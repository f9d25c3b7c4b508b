import datetime as dt

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError

from itaku.core.storage import pending_name, verify


class Command(BaseCommand):
    help = ("Compare the stored files with the rows that name them: files without a row, rows without a file, "
            "files whose SHA-256 differs from the row's (or rows that record none). Exit non-zero on any. "
            "--repair first finishes the moves a stopped process left in the pending area and removes pending "
            "copies no row names once older than --grace seconds.")

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true",
                            help="finish interrupted moves and remove stale pending copies first")
        parser.add_argument("--grace", type=int, default=3600,
                            help="age in seconds after which a pending copy no row names is removed (--repair)")

    def handle(self, *args, repair=False, grace=3600, **options):
        report = verify(default_storage, do_repair=repair, grace=dt.timedelta(seconds=grace))
        for line in report.repaired:
            self.stdout.write(f"repaired: {line}")
        for name in report.orphans:
            self.stdout.write(f"file without a row: {name}")
        for row in report.missing:
            waiting = default_storage.exists(pending_name(row.name))
            self.stdout.write(f"row without a file: {row.label} {row.name}"
                              + (" (its content waits in the pending area: --repair moves it)" if waiting else ""))
        for row, actual in report.mismatched:
            self.stdout.write(f"SHA-256 differs: {row.label} {row.name} recorded {row.sha256} stored {actual}")
        for row in report.unhashed:
            self.stdout.write(f"no SHA-256 recorded: {row.label} {row.name}")
        if report.pending:
            self.stdout.write(f"pending area: {len(report.pending)} file(s) awaiting their commit or --repair")
        faults = len(report.orphans) + len(report.missing) + len(report.mismatched) + len(report.unhashed)
        if faults:
            raise CommandError(f"{faults} fault(s) in {report.checked} stored file(s)")
        self.stdout.write(f"files intact: {report.checked} stored file(s) match their rows")
