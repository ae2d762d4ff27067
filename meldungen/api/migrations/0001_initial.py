import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel(
            name="ApiToken",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                           verbose_name="ID")),
                ("name", models.CharField(help_text="Who uses it, e.g. the wire feed's name",
                                          max_length=200)),
                ("token_hash", models.CharField(editable=False, max_length=64, unique=True)),
                ("prefix", models.CharField(editable=False, help_text="First characters",
                                            max_length=12)),
                ("created", models.DateTimeField(default=django.utils.timezone.now,
                                                 editable=False)),
                ("last_used", models.DateTimeField(blank=True, editable=False, null=True)),
                ("active", models.BooleanField(default=True)),
            ],
            options={"ordering": ["name"], "verbose_name": "API token"},
        ),
    ]
