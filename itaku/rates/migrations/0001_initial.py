from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Rate",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(choices=[("late_payment", "遅延利息の率（支払遅延防止法8条・昭和24年大蔵省告示第991号）"), ("statutory", "法定利率（民法404条）")], max_length=16, verbose_name="種類")),
                ("effective_from", models.DateField(verbose_name="適用開始日")),
                ("percent", models.DecimalField(blank=True, decimal_places=3, max_digits=6, null=True, verbose_name="年利（%）")),
                ("source", models.CharField(max_length=200, verbose_name="根拠（告示等）")),
                ("confirmed", models.BooleanField(default=False, verbose_name="確認済み")),
                ("note", models.CharField(blank=True, max_length=300, verbose_name="備考")),
            ],
            options={
                "verbose_name": "利率",
                "verbose_name_plural": "利率",
                "ordering": ["kind", "effective_from"],
                "constraints": [
                    models.UniqueConstraint(fields=("kind", "effective_from"), name="rate_unique_start"),
                    models.CheckConstraint(condition=models.Q(("percent__isnull", True), ("percent__gte", 0), _connector="OR"), name="rate_percent_not_negative"),
                ],
            },
        ),
    ]
