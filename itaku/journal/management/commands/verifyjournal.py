import re

from django.core.management.base import BaseCommand, CommandError

from itaku.journal.chain import verify


class Command(BaseCommand):
    help = ("Recompute the hash chain of the journal; exit non-zero at the first event that fails. "
            "With --from N --hash H, start after event N whose hash H is known (yesterday's head).")

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="from_seq", type=int, default=0,
                            help="the number of an event whose hash is known; verify the events after it")
        parser.add_argument("--hash", dest="from_hash", default="", help="the known hash of event --from")

    def handle(self, *args, from_seq, from_hash, **options):
        if from_seq < 0:
            raise CommandError("--from must be 0 or more")
        if from_seq and not re.fullmatch(r"[0-9a-f]{64}", from_hash):
            raise CommandError("--from needs --hash: the event's known hash (64 hexadecimal digits)")
        result = verify(from_seq=from_seq, from_hash=from_hash) if from_seq else verify()
        if not result.ok:
            raise CommandError(
                f"journal broken at event #{result.first_bad_seq}: {result.reason} "
                f"({result.count} events verified before it)"
            )
        self.stdout.write(f"journal intact: {result.count} events" + (f" after #{from_seq}" if from_seq else ""))
        self.stdout.write(f"head: {result.head_hash}")
        self.stdout.write(f"next time: itaku verifyjournal --from {result.head_seq} --hash {result.head_hash}")
