"""The editors' desk: sources with their errors, articles (withdraw, re-enrich), entities
(rename, merge, block) and the record of rejected input."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.template.defaultfilters import truncatechars
from django.utils import timezone
from django.utils.html import format_html

from meldungen.ingest.sanitize import clean_html
from meldungen.tasks import poll_source_task, re_enrich_task, schedule_related

from .admin_forms import ArticleForm, EntityForm
from .families import settle
from .models import (
    Article,
    ArticleEntity,
    ArticleVersion,
    Entity,
    EntitySplit,
    FetchLog,
    Rejection,
    Source,
    TopicSlug,
)
from .signals import content_changed
from .sourceurls import check_source_url
from .topics import merge, resolve

# An action on more than this many sources or articles goes to the background worker (the one
# `meldungen serve` starts, or `meldungen worker`): a poll may take its fetch's deadline and
# an enrichment a tenth of a second, and a proxy ends a request after a minute.
INLINE_POLLS = 1
INLINE_ENRICHMENTS = 100
ENRICH_CHUNK = 100  # articles a background task enriches
BACKGROUND = "vom Hintergrund-Worker, den `meldungen serve` startet"

admin.site.site_header = "Meldungen – Redaktion"
admin.site.site_title = "Meldungen – Redaktion"
admin.site.index_title = "Redaktion"
admin.site.index_template = "admin/meldungen_index.html"  # links the ingest-health page


def short(field: str, label: str, length: int = 60):
    """A list column with a long text cut to ``length`` characters (the full text on hover
    in the change form), so the lists fit 1,366 pixels."""

    @admin.display(description=label, ordering=field)
    def column(obj) -> str:
        return truncatechars(getattr(obj, field) or "", length)

    column.__name__ = f"short_{field}"
    return column


def german(message: str, detail: str, length: int = 60) -> str:
    """An error for editors: the German message (short and fixed, never cut), the technical
    detail as a small second line cut to ``length`` (whole on hover); an error without a code
    shows its text cut to ``length`` as before."""
    if not detail or detail == message:
        return truncatechars(message, length)
    return format_html(
        '{}<br><small title="{}">{}</small>', message, detail, truncatechars(detail, length)
    )


class SourceForm(forms.ModelForm):
    """Refuses loopback and private URLs when the source is saved, not at its first poll."""

    class Meta:
        model = Source
        fields = "__all__"

    def clean_url(self):
        url = self.cleaned_data["url"].strip()
        check = check_source_url(url)
        if check.error:
            raise forms.ValidationError(check.error)
        return url


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    form = SourceForm
    list_display = (
        "name",
        "kind",
        "ressort",
        "last_fetch_at",
        "last_status",
        "error_count",
        "error_column",
    )
    list_filter = ("kind", "active", "ressort")
    search_fields = ("name", "url")
    readonly_fields = (
        "etag",
        "last_modified",
        "last_fetch_at",
        "last_status",
        "error_column",
        "last_error",
        "last_error_code",
        "error_count",
        "next_fetch_at",
        "created_at",
    )
    actions = ["poll_now"]

    @admin.display(description="letzter Fehler", ordering="last_error")
    def error_column(self, source: Source) -> str:
        return german(source.last_error_message, source.last_error, 70)

    @admin.action(description="Jetzt abrufen")
    def poll_now(self, request, queryset):
        from .polling import poll_source

        sources = list(queryset[: INLINE_POLLS + 1])
        if len(sources) > INLINE_POLLS:  # each fetch may take its deadline: the worker polls
            ids = list(queryset.values_list("pk", flat=True))
            for pk in ids:
                poll_source_task.enqueue(pk)
            self.message_user(request, f"{len(ids)} Quellen werden im Hintergrund abgerufen "
                              f"({BACKGROUND}); ihr Stand erscheint hier danach.")  # fmt: skip
            return
        for source in sources:
            poll_source(source)
            level = messages.WARNING if source.last_error else messages.SUCCESS
            self.message_user(request, f"{source.name}: {source.last_error_message or 'ok'}", level)


class ArticleEntityInline(admin.TabularInline):
    model = ArticleEntity
    extra = 0
    autocomplete_fields = ("entity",)
    fields = ("entity", "is_tag", "rank", "salience", "mentions")


class ArticleVersionInline(admin.TabularInline):
    model = ArticleVersion
    extra = 0
    can_delete = False
    readonly_fields = ("version", "received_at")
    fields = ("version", "received_at")


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleForm
    list_display = (
        short("headline", "Überschrift", 70),
        "ressort",
        short("source_name", "Quelle", 20),
        "published",
        "pubstatus",
        "is_correction",
    )
    list_filter = (
        "kind", "language", "ressort", "pubstatus", "format", "is_correction", "full_text",
    )  # fmt: skip
    search_fields = ("headline", "guid", "teaser")
    date_hierarchy = "published"
    raw_id_fields = ("source", "duplicate_of")
    inlines = [ArticleEntityInline, ArticleVersionInline]
    actions = ["withdraw", "mark_correction", "re_enrich"]

    def save_model(self, request, obj, form, change):
        # Pages serve the stored body as is, so an editor's HTML is sanitized like ingest's.
        obj.body = clean_html(obj.body or "")
        kind_changed = "kind" in getattr(form, "changed_data", ())
        if kind_changed:  # the editor's choice: new versions and enrich leave it (rejudge.py)
            obj.kind_by_editor = True
        super().save_model(request, obj, form, change)
        if change and kind_changed:  # its copies follow (``families``)
            settle([obj.pk])

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)  # its entities, from the inline
        schedule_related(form.instance.pk)  # its "Weitere Meldungen" and its neighbours'

    @admin.action(description="Zurückziehen (Seite antwortet 410)")
    def withdraw(self, request, queryset):
        n = queryset.update(pubstatus="withdrawn", modified_at=timezone.now())
        content_changed.send(sender=Article)
        self.message_user(request, f"{n} Meldungen zurückgezogen")

    @admin.action(description="Als Korrektur markieren")
    def mark_correction(self, request, queryset):
        n = queryset.update(is_correction=True, modified_at=timezone.now())
        content_changed.send(sender=Article)
        self.message_user(request, f"{n} Meldungen als Korrektur markiert")

    @admin.action(description="Neu anreichern (Tags, Ressort, Korrekturen, Art)")
    def re_enrich(self, request, queryset):
        ids = list(queryset.order_by("pk").values_list("pk", flat=True))
        if len(ids) > INLINE_ENRICHMENTS:  # thousands would hold the request for minutes
            for start in range(0, len(ids), ENRICH_CHUNK):
                re_enrich_task.enqueue(ids[start : start + ENRICH_CHUNK])
            self.message_user(request, f"{len(ids)} Meldungen werden im Hintergrund neu "
                              f"angereichert ({BACKGROUND}).")  # fmt: skip
            return
        done = re_enrich_task.call(ids)
        self.message_user(request, f"{done} Meldungen neu angereichert")


@admin.register(Entity)
class EntityAdmin(admin.ModelAdmin):
    form = EntityForm
    list_display = ("display", "name", "type", "article_count", "blocked", "merged_into")
    list_filter = ("type", "blocked")
    search_fields = ("display", "name", "key")
    list_editable = ("blocked",)
    raw_id_fields = ("merged_into",)
    actions = ["block", "unblock", "merge_into_first"]

    def save_model(self, request, obj, form, change):
        # An edited display is an editor's choice: later enrichment keeps it.
        if change and "display" in form.changed_data:
            obj.renamed = True
        if change and "slug" in form.changed_data and form.initial.get("slug"):
            TopicSlug.objects.filter(slug=obj.slug).delete()  # the entity takes a slug back
            TopicSlug.objects.get_or_create(slug=form.initial["slug"], defaults={"entity": obj})
        super().save_model(request, obj, form, change)
        if "merged_into" in form.changed_data and obj.merged_into_id is not None:
            # merged by hand: its articles move as with the merge action, not only its page
            merge(resolve(obj.merged_into), [obj])

    @admin.action(description="Sperren (nie als Tag zeigen)")
    def block(self, request, queryset):
        queryset.update(blocked=True)
        content_changed.send(sender=Entity)  # tag lines and "Weitere Meldungen" change

    @admin.action(description="Entsperren")
    def unblock(self, request, queryset):
        queryset.update(blocked=False)
        content_changed.send(sender=Entity)

    @admin.action(description="Zusammenführen (in die meistgenutzte)")
    def merge_into_first(self, request, queryset):
        # An entity merged before stands for the topic it was merged into: merging into it,
        # or its topic into it, would make a circle.
        roots = {root.pk: root for root in map(resolve, queryset.select_related("merged_into"))}
        entities = sorted(roots.values(), key=lambda e: (-e.article_count, e.pk))
        if len(entities) < 2:
            self.message_user(
                request, "Mindestens zwei verschiedene Themen auswählen", messages.WARNING
            )
            return
        target, others = entities[0], entities[1:]
        merge(target, others)
        self.message_user(request, f"{len(others)} in {target.display} zusammengeführt")


@admin.register(Rejection)
class RejectionAdmin(admin.ModelAdmin):
    list_display = (
        "created_at",
        "source",
        short("origin", "Herkunft", 40),
        "reason_column",
    )
    list_filter = ("source", "code")
    search_fields = ("origin", "reason", "guid")

    @admin.display(description="Grund", ordering="reason")
    def reason_column(self, rejection: Rejection) -> str:
        return german(rejection.message, rejection.reason, 70)


@admin.register(FetchLog)
class FetchLogAdmin(admin.ModelAdmin):
    list_display = (
        "at",
        "source",
        "status",
        "new",
        "updated",
        "rejected",
        "duration_ms",
        "error_column",
    )
    list_filter = ("source",)

    @admin.display(description="Fehler", ordering="error")
    def error_column(self, entry: FetchLog) -> str:
        return german(entry.error_message, entry.error, 60)


@admin.register(EntitySplit)
class EntitySplitAdmin(admin.ModelAdmin):
    """Two people with one name: articles containing a cue word go to the target entity."""

    list_display = ("entity", "target", "cues")
    raw_id_fields = ("entity", "target")
