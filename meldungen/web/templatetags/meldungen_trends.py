"""Trend box, volume charts and "Oft zusammen mit" over time, as tags the templates include:
the home, topic and story views stay as they are."""

from __future__ import annotations

from django import template

from meldungen.news.models import Entity

from ..queries import visible_articles
from ..timelines import story_members, time_span, together_over_time, volume_chart
from ..trends import current_trends

register = template.Library()
HOME_TOPICS = 5


@register.inclusion_tag("web/_trend_box.html")
def trend_box() -> dict:
    """The home page's small "Im Trend" box (nothing when nothing trends)."""
    return {"topics": current_trends(limit=HOME_TOPICS)}


@register.inclusion_tag("web/_timeline.html")
def topic_timeline(entity: Entity) -> dict:
    """Reports about a topic over time, and the topics seen with it in the latest periods."""
    articles = visible_articles().filter(article_entities__entity=entity)
    span = time_span(articles)  # one aggregate over the topic's articles for both
    return {
        "chart": volume_chart(articles, span),
        "together": together_over_time(articles, entity, span),
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
