"""PostgreSQL indexes the stems search/text.py gives (as SQLite does), no longer its `german`
configuration's. The next migration (0004) indexes every stored article anew on both databases
with these stems and the genitive rule: this one no longer does it too, so that an upgrade
indexes a PostgreSQL archive once (about 2 ms per article), not twice."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("search", "0002_compound_parts")]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
