"""What a list says about an article's story: how many visible reports and sources it has."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.utils import timezone

from .models import Article
from .visibility import HIDDEN_STATUSES, listed_languages


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
        # a plain query, the visibility checked here: building the ORM's exclusions cost more
        # than the query itself on every list
        rows = (
            Article.objects.filter(story_id__in=story_ids)
            .order_by()
            .values_list(
                "story_id", "source_name", "credit", "pubstatus", "embargo", "kind", "language"
            )
        )
        languages = set(listed_languages())
        for story_id, name, credit, status, embargo, kind, language in rows:
            if status in HIDDEN_STATUSES or (embargo is not None and embargo > now):
                continue
            if kind != "news" or language not in languages:  # no report of the story for readers
                continue
            members.setdefault(story_id, []).append((name or credit or "?").strip().casefold())
    for a in items:
        found = members.get(a.story_id, []) if a.story_id else []
        a.story_reports = max(1, len(found))
        a.story_sources = max(1, len(set(found)))
        a.story_label = story_label(a.story_reports, a.story_sources)
    return items


def first_report(story_id: str, now: datetime | None = None) -> Article | None:
    """The story's first report readers can see (``Article.objects.visible``), which names the
    story in its feed and a reader's follows; None when it has none. Not ``Story.first_article``:
    the clustering keeps the first item it put into the story, which may be a service note (or
    become one when ``meldungen enrich`` judges it again), a withdrawn or a foreign one."""
    reports = Article.objects.visible(now).filter(story_id=story_id)
    return reports.order_by("published", "id").first()
