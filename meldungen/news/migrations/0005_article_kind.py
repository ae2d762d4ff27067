from django.db import migrations, models


def mark_textless(apps, schema_editor):
    """Articles stored before kinds existed: those without teaser and body are not news."""
    Article = apps.get_model("news", "Article")
    Article.objects.filter(teaser="", body="").update(kind="empty")


class Migration(migrations.Migration):
    dependencies = [("news", "0004_licences_and_german_names")]

    operations = [
        migrations.AddField(
            model_name="article",
            name="kind",
            field=models.CharField(
                choices=[
                    ("news", "Meldung"),
                    ("service", "Dienstmeldung"),
                    ("test", "Test"),
                    ("media", "Bild/Medien"),
                    ("empty", "ohne Text"),
                ],
                db_index=True,
                default="news",
                max_length=10,
                verbose_name="Art",
            ),
        ),
        migrations.AlterField(
            model_name="article",
            name="language",
            field=models.CharField(
                db_index=True, default="de", max_length=10, verbose_name="Sprache"
            ),
        ),
        migrations.RunPython(mark_textless, migrations.RunPython.noop),
    ]
