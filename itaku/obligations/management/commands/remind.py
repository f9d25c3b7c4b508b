import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from itaku.obligations.services import reminders_send


class Command(BaseCommand):
    help = "Mail each user a digest of their overdue and soon-due obligations (once a day; run from cron)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="the day to remind for (YYYY-MM-DD); default today")

    def handle(self, *args, **options):
        today = None
        if options["date"]:
            try:
                today = dt.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError(f"--date: {exc}") from exc
        sent = reminders_send(today=today)
        self.stdout.write(f"reminders sent: {len(sent)}")
