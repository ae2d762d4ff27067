"""Trend box, volume charts and "Oft zusammen mit" over time, as tags the templates include:
the home, topic and story views stay as they are."""

from __future__ import annotations

import threading
from collections import OrderedDict

from django import template
from django.core.cache import cache
from django.utils.translation import get_language

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


# Rendered charts by what they show: the same figures give the same HTML (60 bars and their
# table cost a few milliseconds of template rendering), and a page rendered again after its
# cached copy expired mostly shows the figures it showed. Keyed by every value the template
# reads, so a changed count, name or language is another entry; at most TIMELINE_RENDERED.
TIMELINE_RENDERED = 256
_rendered: OrderedDict[tuple, str] = OrderedDict()
_rendered_lock = threading.Lock()


def _timeline_key(data: dict) -> tuple:
    together = data["together"]
    return (
        get_language(),
        data["chart_id"],
        data["subject"],
        repr(data["chart"]),
        None
        if together is None
        else (
            together["unit"],
            tuple(
                (period, tuple((e.get_absolute_url(), e.display, n) for e, n in items))
                for period, items in together["periods"]
            ),
        ),
    )


def _render_timeline(context: template.Context, data: dict) -> str:
    """web/_timeline.html with ``data``, as an inclusion tag renders it, or as rendered before."""
    key = _timeline_key(data)
    with _rendered_lock:
        html = _rendered.get(key)
        if html is not None:
            _rendered.move_to_end(key)
            return html
    html = context.template.engine.get_template("web/_timeline.html").render(context.new(data))
    with _rendered_lock:
        _rendered[key] = html
        while len(_rendered) > TIMELINE_RENDERED:
            _rendered.popitem(last=False)
    return html


def topic_figures(entity: Entity) -> dict:
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


@register.simple_tag(takes_context=True)
def topic_timeline(context: template.Context, entity: Entity) -> str:
    """A topic's chart and "Oft zusammen mit" over time (web/_timeline.html)."""
    return _render_timeline(context, topic_figures(entity))


@register.simple_tag(takes_context=True)
def story_timeline(context: template.Context, story_id: str, subject: str = "") -> str:
    """Reports of a story (copies included) over time (web/_timeline.html)."""
    data = {
        "chart": volume_chart(story_members(story_id)),
        "together": None,
        "subject": subject or "diese Geschichte",
        "chart_id": "verlauf-story",
    }
    return _render_timeline(context, data)
