"""Which articles readers may see, in one place so every page applies the same rule."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from meldungen.news.models import Article

HIDDEN_STATUSES = ("withdrawn", "canceled")


def listed_languages() -> list[str]:
    """The languages lists and feeds show (setting MELDUNGEN_LANGUAGES, German by default)."""
    return settings.MELDUNGEN.get("LANGUAGES") or ["de"]


def visible_articles(now: datetime | None = None) -> QuerySet[Article]:
    """Not withdrawn/canceled, embargo passed, not a copy of another article, news (not service
    traffic, ingest/kind.py) in one of the portal's languages; newest first."""
    now = now or timezone.now()
    return (
        Article.objects.filter(duplicate_of__isnull=True, kind="news")
        .filter(language__in=listed_languages())
        .exclude(pubstatus__in=HIDDEN_STATUSES)
        .filter(Q(embargo__isnull=True) | Q(embargo__lte=now))
        .select_related("source")
        .order_by("-published", "-id")
    )


def story_leads(qs: QuerySet[Article]) -> QuerySet[Article]:
    """One entry per story of the list ``qs``: the story's newest article in ``qs`` (ties: the
    higher id). An article without a story is its own. A NOT EXISTS over the story's other
    members in the same list, so ordering, slicing and pagination stay those of ``qs`` and it
    runs as one query on SQLite and PostgreSQL (story_id is indexed)."""
    newer = (
        qs.order_by()
        .filter(story_id=OuterRef("story_id"))
        .filter(
            Q(published__gt=OuterRef("published"))
            | Q(published=OuterRef("published"), pk__gt=OuterRef("pk"))
        )
    )
    return qs.filter(~Exists(newer.values("pk")))


def story_label(reports: int, sources: int) -> str:
    """What a list says about a story with more than one report: "3 Quellen" or "2 Meldungen"."""
    if sources > 1:
        return f"{sources} Quellen"
    return f"{reports} Meldungen" if reports > 1 else ""


def with_story_info(items: Iterable[Article], now: datetime | None = None) -> list[Article]:
    """Each article gets ``story_reports`` and ``story_sources`` (visible reports of its story,
    copies included, and their distinct sources) and ``story_label``; one query for all."""
    items = list(items)
    now = now or timezone.now()
    story_ids = {a.story_id for a in items if a.story_id}
    members: dict[str, list[str]] = {}
    if story_ids:
        rows = (
            Article.objects.filter(story_id__in=story_ids)
            .exclude(pubstatus__in=HIDDEN_STATUSES)
            .filter(Q(embargo__isnull=True) | Q(embargo__lte=now))
            .values_list("story_id", "source_name", "credit")
        )
        for story_id, name, credit in rows:
            members.setdefault(story_id, []).append((name or credit or "?").strip().casefold())
    for a in items:
        found = members.get(a.story_id, []) if a.story_id else []
        a.story_reports = max(1, len(found))
        a.story_sources = max(1, len(set(found)))
        a.story_label = story_label(a.story_reports, a.story_sources)
    return items
