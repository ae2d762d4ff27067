""" "Im Trend": the topics rising above their usual rate, with the stories that drive them.

The test is stories/trends.py, the counts news/trends.py. The result is cached for a couple of
minutes (it changes slowly and costs a few aggregate queries): ``current_trends`` keeps only ids
and figures in the cache and loads entities and stories fresh, so a withdrawn story never shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from meldungen.news.models import Article, Entity
from meldungen.news.trends import trending_entities
from meldungen.stories.trends import Trend, TrendParams, describe

from .queries import story_leads, visible_articles, with_story_info

CACHE_KEY = "meldungen:trends:v1"
CACHE_SECONDS = 120
PAGE_TOPICS = 12
STORIES_PER_TOPIC = 3
PARAMS = TrendParams()


@dataclass
class TrendingTopic:
    entity: Entity
    trend: Trend
    explanation: str
    stories: list[Article] = field(default_factory=list)


def _computed(now: datetime) -> list[Trend]:
    found = cache.get(CACHE_KEY)
    if found is None:
        found = trending_entities(visible_articles(now), now, PARAMS)[:PAGE_TOPICS]
        cache.set(CACHE_KEY, found, CACHE_SECONDS)
    return found


def current_trends(limit: int = PAGE_TOPICS, now: datetime | None = None) -> list[TrendingTopic]:
    """The trending topics now, each with its driving stories (one entry per story, newest
    first, from the recent window)."""
    now = now or timezone.now()
    trends = _computed(now)[:limit]
    entities = {
        e.pk: e
        for e in Entity.objects.filter(
            pk__in=[t.key for t in trends], blocked=False, merged_into__isnull=True
        )
    }
    since = now - timedelta(hours=PARAMS.recent_hours)
    recent = visible_articles(now).filter(published__gte=since, published__lt=now)
    out = []
    for trend in trends:
        entity = entities.get(trend.key)
        if entity is None:  # blocked or merged since the cache was filled
            continue
        about = recent.filter(article_entities__entity=entity, article_entities__is_tag=True)
        stories = with_story_info(story_leads(about)[:STORIES_PER_TOPIC])
        if not stories:
            continue
        text = describe(trend, PARAMS.recent_hours, PARAMS.baseline_days)
        out.append(TrendingTopic(entity, trend, text, stories))
    return out


def trends_page(request: HttpRequest) -> HttpResponse:
    context = {
        "topics": current_trends(),
        "params": PARAMS,
        "current_page": "trends",
    }
    return render(request, "web/trends.html", context)
