"""Trend box, volume charts and "Oft zusammen mit" over time, as tags the templates include:
the home, topic and story views stay as they are."""

from __future__ import annotations

from django import template
from django.core.cache import cache

from meldungen.news.models import Entity

from ..contentversion import current_content_version
from ..queries import visible_articles
from ..timelines import story_members, time_span, together_counts, volume_chart, with_entities
from ..trends import current_trends

register = template.Library()
HOME_TOPICS = 5
# A topic's chart and "Oft zusammen mit" aggregate all its articles: about 0.8 s for the
# 340,000 of the biggest topic of a 1,000,000-article archive. A topic with this many
# articles keeps its figures for TIMELINE_SECONDS (a bar is then at most that late by the
# few reports of those minutes); names are read fresh, an editor's change of the content
# version starts them again. Smaller topics count on every render.
BIG_TOPIC = 2_000
TIMELINE_SECONDS = 600


@register.inclusion_tag("web/_trend_box.html")
def trend_box() -> dict:
    """The home page's small "Im Trend" box (nothing when nothing trends)."""
    return {"topics": current_trends(limit=HOME_TOPICS)}


@register.inclusion_tag("web/_timeline.html")
def topic_timeline(entity: Entity) -> dict:
    """Reports about a topic over time, and the topics seen with it in the latest periods."""
    key = None
    if entity.article_count >= BIG_TOPIC:
        key = f"meldungen:topic-timeline:{entity.pk}:{current_content_version()[0]}"
    figures = cache.get(key) if key else None
    if figures is None:
        articles = visible_articles().filter(article_entities__entity=entity)
        span = time_span(articles)  # one aggregate over the topic's articles for both
        figures = (volume_chart(articles, span), together_counts(articles, entity, span))
        if key:
            cache.set(key, figures, TIMELINE_SECONDS)
    chart, together = figures
    return {
        "chart": chart,
        "together": with_entities(together),
        "subject": entity.display,
        "chart_id": f"verlauf-{entity.pk}",
    }


@register.inclusion_tag("web/_timeline.html")
def story_timeline(story_id: str, subject: str = "") -> dict:
    """Reports of a story (copies included) over time."""
    return {
        "chart": volume_chart(story_members(story_id)),
        "together": None,
        "subject": subject or "diese Geschichte",
        "chart_id": "verlauf-story",
    }
