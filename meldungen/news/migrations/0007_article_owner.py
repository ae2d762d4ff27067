"""An article's identity is its guid within its owner (source, token provider or file), no
longer the guid alone: existing rows belong to their source; rows without one (files or API
pushes, which were not told apart) become "legacy", adopted by the first file ingest or token
push of the same guid (never by a source: news.services.LEGACY_OWNER)."""

from django.db import migrations, models


def set_owners(apps, schema_editor):
    Article = apps.get_model("news", "Article")
    Article.objects.filter(source_id=None).update(owner="legacy")
    source_ids = (
        Article.objects.exclude(source_id=None).values_list("source_id", flat=True).distinct()
    )
    for source_id in list(source_ids):
        Article.objects.filter(source_id=source_id).update(owner=f"source:{source_id}")


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0006_topic_slugs"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="owner",
            field=models.CharField(default="file", max_length=200, verbose_name="Eigentümer"),
        ),
        migrations.RunPython(set_owners, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="article",
            name="guid",
            field=models.CharField(db_index=True, max_length=500, verbose_name="GUID"),
        ),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.UniqueConstraint(
                fields=("owner", "guid"), name="unique_article_owner_guid"
            ),
        ),
    ]
