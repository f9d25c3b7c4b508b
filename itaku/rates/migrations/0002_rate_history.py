from django.db import migrations


def load(apps, schema_editor):
    from itaku.rates.data import load as load_rates

    load_rates(apps.get_model("rates", "Rate"))


class Migration(migrations.Migration):

    dependencies = [("rates", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
