import django.utils.timezone
from django.db import migrations, models


def create_index(apps, schema_editor):
    """The full-text table of this database's backend, filled from the stored articles."""
    from meldungen.text import html_to_text as text_of

    conn = schema_editor.connection
    if conn.vendor == "postgresql":
        from meldungen.search.backends import postgres as be

        for sql in be.CREATE:
            schema_editor.execute(sql)
    elif conn.vendor == "sqlite":
        from meldungen.search.backends import sqlite as be

        schema_editor.execute(be.CREATE)
    else:
        return
    Article = apps.get_model("news", "Article")
    fields = ("id", "kicker", "headline", "teaser", "body", "keywords")
    last = 0
    while True:
        chunk = list(Article.objects.filter(pk__gt=last).order_by("pk").only(*fields)[:2000])
        if not chunk:
            break
        be.index([
            (a.pk, f"{a.kicker} {a.headline}".strip(), a.teaser or "",
             f"{text_of(a.body)}\n{' '.join(str(k) for k in a.keywords or [])}")
            for a in chunk
        ])
        last = chunk[-1].pk


def drop_index(apps, schema_editor):
    conn = schema_editor.connection
    if conn.vendor == "postgresql":
        from meldungen.search.backends import postgres as be

        for sql in be.DROP:
            schema_editor.execute(sql)
    elif conn.vendor == "sqlite":
        from meldungen.search.backends import sqlite as be

        schema_editor.execute(be.DROP)


class Migration(migrations.Migration):
    initial = True
    dependencies = [("news", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="ContentVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                           verbose_name="ID")),
                ("version", models.BigIntegerField(default=0)),
                ("changed_at", models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={"verbose_name": "content version"},
        ),
        migrations.RunPython(create_index, drop_index),
    ]
