"""Load the seed contract (Yamanashi Prefecture, with annexes 1 and 2 and their forms) as a template."""

from django.db import migrations


def load(apps, schema_editor):
    from itaku.contracts.template_data import install

    install("yamanashi-itaku-2023", apps.get_model("contracts", "ContractTemplate"),
            apps.get_model("contracts", "TemplateClause"))


class Migration(migrations.Migration):
    dependencies = [("contracts", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
