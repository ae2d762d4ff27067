from django.db import migrations

from meldungen.news.daterepair import repair_dates


def repair(apps, schema_editor):
    """Rows stored before the boundary refused times near year 1 or 9999 (pages answered 500
    for them): moved into the range every time zone can show (news/daterepair.py)."""
    repair_dates(apps.get_app_config("news").get_models())


class Migration(migrations.Migration):
    dependencies = [("news", "0013_entity_lowered_name_indexes")]

    operations = [migrations.RunPython(repair, migrations.RunPython.noop)]
