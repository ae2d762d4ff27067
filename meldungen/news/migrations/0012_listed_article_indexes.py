"""Partial covering indexes over the articles lists may show, on PostgreSQL only.

Every list starts from the same rule (news/visibility.py: not a copy, news, not withdrawn or
canceled; then language and embargo). On a big archive, the home, Ressort and topic pages and
"one entry per story" (web/queries.story_leads) read the article row of every candidate just to
test that rule; with these indexes PostgreSQL answers them from the index alone (index-only
scans; the rule's remaining columns are included). SQLite gets none of them: there the article
rows are read as cheaply, and every index costs ingest time.
"""

from django.db import migrations

LISTED = (
    "WHERE duplicate_of_id IS NULL AND kind = 'news'"
    " AND NOT (pubstatus IN ('withdrawn', 'canceled'))"
)
INDEXES = {
    # lists newest first (home, Ressort, source, the capped page count)
    "news_art_listed_pub_idx": "(published DESC, id DESC)"
    " INCLUDE (story_id, ressort, language, embargo)",
    # "is there a newer visible report of this story?" (story_leads)
    "news_art_listed_story_idx": "(story_id, published, id) INCLUDE (language, embargo)",
    # a topic's articles, reached through its entity links
    "news_art_listed_id_idx": "(id) INCLUDE (published, story_id, language, embargo)",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, columns in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON news_article {columns} {LISTED}"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("news", "0011_stored_related_lists")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
