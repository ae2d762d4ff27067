"""Index the parts of German compounds: every stored article is indexed anew."""

import importlib

from django.db import migrations

initial = importlib.import_module("meldungen.search.migrations.0001_initial")


def reindex(apps, schema_editor):
    """SQLite's table gains a column (parts): drop and build it anew; PostgreSQL's documents
    are rewritten in place."""
    if schema_editor.connection.vendor == "sqlite":
        from meldungen.search.backends import sqlite

        schema_editor.execute(sqlite.DROP)
    initial.create_index(apps, schema_editor)  # CREATE ... IF NOT EXISTS, then index all


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(reindex, migrations.RunPython.noop)]
