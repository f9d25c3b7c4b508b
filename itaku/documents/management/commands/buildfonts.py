from django.core.management.base import BaseCommand

from itaku.documents.renderers import truetype


class Command(BaseCommand):
    help = ("Convert the Mincho font to TrueType outlines once (var/fonts), so that each PDF subsets it "
            "in milliseconds; PDFs embed the original font until this has run.")

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="convert again even if the file exists")

    def handle(self, *args, force=False, **options):
        path = truetype.converted_path()
        if path.exists() and not force:
            self.stdout.write(f"already built: {path}")
            return
        truetype.build(log=self.stdout.write)
