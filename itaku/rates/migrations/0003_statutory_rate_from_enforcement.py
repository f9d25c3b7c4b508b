from django.db import migrations


def forwards(apps, schema_editor):
    """The first statutory rate runs from the day the Civil Code took effect (1898-07-16), not from its
    promulgation; a row an administrator has changed is left alone."""
    Rate = apps.get_model("rates", "Rate")
    Rate.objects.filter(kind="statutory", effective_from="1896-04-27",
                        source="民法（明治29年法律第89号）404条（平成29年改正前）").update(effective_from="1898-07-16")


def backwards(apps, schema_editor):
    Rate = apps.get_model("rates", "Rate")
    Rate.objects.filter(kind="statutory", effective_from="1898-07-16",
                        source="民法（明治29年法律第89号）404条（平成29年改正前）").update(effective_from="1896-04-27")


class Migration(migrations.Migration):

    dependencies = [("rates", "0002_rate_history")]

    operations = [migrations.RunPython(forwards, backwards)]
