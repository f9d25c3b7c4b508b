from django.core.management.base import BaseCommand, CommandError

from itaku.journal.chain import verify


class Command(BaseCommand):
    help = "Recompute the hash chain of the journal; exit non-zero at the first event that fails."

    def handle(self, *args, **options):
        result = verify()
        if not result.ok:
            raise CommandError(
                f"journal broken at event #{result.first_bad_seq}: {result.reason} "
                f"({result.count} events verified before it)"
            )
        self.stdout.write(f"journal intact: {result.count} events")
        self.stdout.write(f"head: {result.head_hash}")
