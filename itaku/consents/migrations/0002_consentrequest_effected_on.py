"""The date on which what an approval unlocks was carried out (K-5, K-6), apart from the time it was
recorded. Existing rows take it from the subcontractor's registration date, or else from the local date
of the recorded time."""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import migrations, models


def backfill(apps, schema_editor):
    ConsentRequest = apps.get_model("consents", "ConsentRequest")
    Subcontractor = apps.get_model("consents", "Subcontractor")
    zone = ZoneInfo(settings.TIME_ZONE)
    attached = dict(Subcontractor.objects.values_list("consent_id", "attached_on"))
    for consent in ConsentRequest.objects.filter(effected_at__isnull=False, effected_on__isnull=True):
        consent.effected_on = attached.get(consent.pk) or consent.effected_at.astimezone(zone).date()
        consent.save(update_fields=["effected_on"])


class Migration(migrations.Migration):

    dependencies = [
        ("consents", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="consentrequest",
            name="effected_on",
            field=models.DateField(blank=True, null=True, verbose_name="承諾に基づく手続の日"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
