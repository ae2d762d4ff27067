from django.db import migrations

from meldungen.news.visibility import HIDDEN_STATUSES
from meldungen.news.withdrawals import pass_on_copies


def pass_on(apps, schema_editor):
    """Copies of a withdrawn original were hidden with it (another sender's report lost with
    the withdrawal of the first to arrive): the first copy that is not withdrawn itself becomes
    the original, as a withdrawal now does when it arrives (news/withdrawals.py)."""
    article = apps.get_model("news", "Article")
    record = apps.get_model("news", "StoryArticle")
    withdrawn = (
        article.objects.filter(pubstatus__in=HIDDEN_STATUSES, duplicates__isnull=False)
        .values_list("pk", flat=True)
        .distinct()
    )
    pass_on_copies(list(withdrawn), article, record)


class Migration(migrations.Migration):
    dependencies = [("news", "0014_repair_far_dates")]

    operations = [migrations.RunPython(pass_on, migrations.RunPython.noop)]
