import json

from django.core.management.base import BaseCommand

from itaku.contracts.demo import SEED_TITLE
from itaku.contracts.models import Contract
from itaku.core.bench import inprocess
from itaku.privacy.bench import vault_throughput


class Command(BaseCommand):
    help = "Measure in one process (journal verification, the PDFs, the vault) and print JSON."

    def handle(self, *args, **options):
        contract = Contract.objects.get(title=SEED_TITLE)
        result = {"journal": inprocess.journal(), "contract_pdf": inprocess.contract_pdf(contract),
                  "short_pdfs": inprocess.short_pdfs(),
                  "remind": inprocess.remind(), "vault": vault_throughput(),
                  "computed": inprocess.computed(contract)}
        self.stdout.write(json.dumps(result))
