"""PostgreSQL indexes the stems search/text.py gives (as SQLite does), no longer its `german`
configuration's: every stored article is indexed anew there. SQLite's index is unchanged."""

import importlib

from django.db import migrations

initial = importlib.import_module("meldungen.search.migrations.0001_initial")


def reindex(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        initial.create_index(apps, schema_editor)  # CREATE ... IF NOT EXISTS, then index all


class Migration(migrations.Migration):
    dependencies = [("search", "0002_compound_parts")]

    operations = [migrations.RunPython(reindex, migrations.RunPython.noop)]
