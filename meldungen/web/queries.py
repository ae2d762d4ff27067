"""List queries of the portal: the visible articles (the rule is ``Article.objects.visible()``
in news/visibility.py) and one entry per story."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet

from meldungen.news.models import Article
from meldungen.news.storyinfo import story_label, with_story_info
from meldungen.news.visibility import HIDDEN_STATUSES, listed_languages

__all__ = [
    "HIDDEN_STATUSES",
    "listed_languages",
    "story_label",
    "story_leads",
    "visible_articles",
    "with_story_info",
]


def visible_articles(now: datetime | None = None) -> QuerySet[Article]:
    """The articles readers may see (``Article.objects.visible``, news/visibility.py)."""
    return Article.objects.visible(now)


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
