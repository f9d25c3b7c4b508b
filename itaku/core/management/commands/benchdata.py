from django.core.management.base import BaseCommand

from itaku.core.bench.data import SCALES, build


class Command(BaseCommand):
    help = "Build the benchmark's data (the demo, then contracts, obligations and journal events in bulk)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="full")

    def handle(self, *args, scale, **options):
        build(SCALES[scale], log=self.stdout.write)
