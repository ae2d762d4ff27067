"""The counts behind "Im Trend", as aggregate queries over tagged articles.

The unit is the distinct story: ``COUNT(DISTINCT story)`` per entity, where an article that
belongs to no story counts as its own. Only tag links (``is_tag``) of entities that are neither
blocked nor merged away count: a topic trends when stories are about it, not when they mention it
in passing. The caller passes the articles readers may see (``web.queries.visible_articles``),
so this module does not decide visibility. Three queries per run: the recent window grouped by
entity, the baseline of the few candidates, and the two windows' totals.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db.models import CharField, Count, QuerySet
from django.db.models.functions import Cast, Coalesce

from meldungen.stories.trends import Trend, TrendParams, candidates, detect_trends

from .models import Article, ArticleEntity


def _story_of(prefix: str = ""):
    """The story an article counts for: its story, else itself."""
    return Coalesce(f"{prefix}story_id", Cast(f"{prefix}id", CharField()), output_field=CharField())


def _window(articles: QuerySet[Article], since: datetime, until: datetime) -> QuerySet[Article]:
    return articles.order_by().filter(published__gte=since, published__lt=until)


def entity_story_counts(
    articles: QuerySet[Article],
    since: datetime,
    until: datetime,
    entity_ids: Iterable[int] | None = None,
) -> dict[int, int]:
    """Distinct stories per entity among ``articles`` published in [since, until)."""
    links = ArticleEntity.objects.filter(
        article__in=_window(articles, since, until).values("pk"),
        is_tag=True,
        entity__blocked=False,
        entity__merged_into__isnull=True,
    )
    if entity_ids is not None:
        links = links.filter(entity_id__in=list(entity_ids))
    rows = links.values("entity_id").annotate(n=Count(_story_of("article__"), distinct=True))
    return {row["entity_id"]: row["n"] for row in rows.order_by()}


def story_total(articles: QuerySet[Article], since: datetime, until: datetime) -> int:
    """Distinct stories among ``articles`` published in [since, until)."""
    found = _window(articles, since, until).aggregate(n=Count(_story_of(), distinct=True))
    return found["n"] or 0


def trending_entities(
    articles: QuerySet[Article], now: datetime, params: TrendParams | None = None
) -> list[Trend]:
    """The entities trending at ``now`` (keys are entity ids), most surprising first."""
    params = params or TrendParams()
    recent_from = now - timedelta(hours=params.recent_hours)
    base_from = recent_from - timedelta(days=params.baseline_days)
    recent = entity_story_counts(articles, recent_from, now)
    wanted = candidates(recent, params)
    if not wanted:
        return []
    baseline = entity_story_counts(articles, base_from, recent_from, wanted)
    return detect_trends(
        recent,
        baseline,
        story_total(articles, recent_from, now),
        story_total(articles, base_from, recent_from),
        params,
    )
