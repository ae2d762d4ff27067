from django.db import migrations

from meldungen.news.families import settle
from meldungen.news.visibility import HIDDEN_STATUSES


def take_over(apps, schema_editor):
    """News stored as a copy of an item readers never see for its kind (a wire's service note
    or test item with the same text, or an original `meldungen enrich` judged service traffic
    since) was hidden with it: the first news copy of each such original takes over as the
    original of its text, as a news item with that text now does when it arrives
    (news/families.py). Cached pages are renewed when anything changed."""
    article = apps.get_model("news", "Article")
    record = apps.get_model("news", "StoryArticle")
    copies = (
        article.objects.filter(kind="news", duplicate_of__isnull=False)
        .exclude(pubstatus__in=HIDDEN_STATUSES)
        .exclude(duplicate_of__kind="news")
        .exclude(duplicate_of__pubstatus__in=HIDDEN_STATUSES)
        .order_by("published", "id")
    )
    if settle(list(copies.values_list("pk", flat=True)), article, record):
        from meldungen.news.signals import content_changed

        content_changed.send(sender=None)


class Migration(migrations.Migration):
    dependencies = [("news", "0015_pass_on_copies_of_withdrawn")]

    operations = [migrations.RunPython(take_over, migrations.RunPython.noop)]
