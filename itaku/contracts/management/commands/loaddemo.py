from django.core.management.base import BaseCommand

from itaku.contracts.demo import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Load the demo organisations, users and contracts (idempotent: a second run changes nothing)."

    def handle(self, *args, **options):
        result = load_demo()
        for title in result["created"]:
            self.stdout.write(f"created: {title}")
        if not result["created"]:
            self.stdout.write("demo already loaded; nothing changed")
        self.stdout.write(f"demo users: {', '.join(result['users'])} (password: {DEMO_PASSWORD})")
