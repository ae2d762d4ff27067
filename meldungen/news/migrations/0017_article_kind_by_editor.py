import json

from django.db import migrations, models

KIND_LABEL = "Art"  # the kind's label in the admin's change form (the change log names it)
CHANGE = 2  # django.contrib.admin.models.CHANGE


def changed_fields(message: str) -> set[str]:
    """The fields of the article itself a change log message names (not an inline's rows)."""
    try:
        parts = json.loads(message)
    except ValueError:
        return set()
    fields: set[str] = set()
    for part in parts if isinstance(parts, list) else ():
        changed = part.get("changed") if isinstance(part, dict) else None
        if isinstance(changed, dict) and "object" not in changed:
            fields.update(f for f in changed.get("fields") or () if isinstance(f, str))
    return fields


def seed(apps, schema_editor):
    """A kind an editor changed in the admin before the field existed was found in the admin's
    change log (news/rejudge.py read it): those articles are marked as chosen by an editor."""
    article = apps.get_model("news", "Article")
    content_type = apps.get_model("contenttypes", "ContentType")
    log = apps.get_model("admin", "LogEntry")
    types = content_type.objects.filter(app_label="news", model="article")
    entries = log.objects.filter(
        content_type__in=types,
        action_flag=CHANGE,
        change_message__contains=json.dumps(KIND_LABEL),  # as the log stores it
    ).values_list("object_id", "change_message")
    chosen = sorted(
        {int(pk) for pk, message in entries if pk.isdigit() and KIND_LABEL in changed_fields(message)}
    )
    for start in range(0, len(chosen), 500):
        article.objects.filter(pk__in=chosen[start : start + 500]).update(kind_by_editor=True)


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0016_news_copies_of_service_traffic"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="kind_by_editor",
            field=models.BooleanField(
                default=False,
                help_text="Neue Versionen und die Neu-Anreicherung lassen die Art stehen; ohne "
                "Haken bestimmen wieder die Regeln (Genre, Dienstmeldungs-Merkmale) die Art",
                verbose_name="Art von der Redaktion gewählt",
            ),
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
