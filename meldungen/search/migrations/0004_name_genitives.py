"""A name's genitive -s that Snowball keeps ("Trumps", "Europas") and an apostrophe's -s
("Trump's") are indexed as the name (search/genitive.py): every stored article is indexed
anew, on SQLite (each row deleted and written again) as on PostgreSQL (each document
rewritten), and cached pages, which showed the old index's results, are renewed."""

import importlib

from django.db import migrations

initial = importlib.import_module("meldungen.search.migrations.0001_initial")


def reindex(apps, schema_editor):
    initial.create_index(apps, schema_editor)  # CREATE ... IF NOT EXISTS, then index all
    if apps.get_model("news", "Article").objects.exists():
        from meldungen.news.signals import content_changed

        content_changed.send(sender=None)  # as `meldungen search_reindex` does


class Migration(migrations.Migration):
    dependencies = [("search", "0003_postgres_own_stems")]

    operations = [migrations.RunPython(reindex, migrations.RunPython.noop)]
