""" "Im Trend": the topics rising above their usual rate, with the stories that drive them.

The test is stories/trends.py, the counts news/trends.py. The result is cached for a couple of
minutes (it changes slowly and costs a few aggregate queries): ``current_trends`` keeps only ids
and figures in the cache and loads entities and stories fresh, so a withdrawn story never shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.core.cache import cache
from django.db import connections, router
from django.db.models import Exists, F, OuterRef, Q, Window
from django.db.models.functions import RowNumber
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from meldungen.news.models import Article, ArticleEntity, Entity
from meldungen.news.trends import trending_entities
from meldungen.news.visibility import listed_languages, visible_q
from meldungen.stories.trends import Trend, TrendParams, describe

from .queries import Statement, visible_articles, with_story_info

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
    leads = topic_leads(list(entities), now, STORIES_PER_TOPIC)
    out = []
    for trend in trends:
        entity = entities.get(trend.key)
        if entity is None:  # blocked or merged since the cache was filled
            continue
        stories = leads.get(entity.pk, [])
        if not stories:
            continue
        text = describe(trend, PARAMS.recent_hours, PARAMS.baseline_days)
        out.append(TrendingTopic(entity, trend, text, stories))
    return out


# Values no query holds: they stand for now, the window's start and the topics in the
# statement of ``_lead_rows``, built once per number of topics and run with the real ones.
_NOW = datetime(2999, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)
_SINCE = datetime(2998, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)
_TOPIC = -7_315_000_001
_statements: dict[tuple, Statement | None] = {}


def _leads_query(entity_ids: list[int], now: datetime, since: datetime, per_topic: int):
    """(entity id, article id) of each topic's newest ``per_topic`` story leads of [since,
    now): its tagged reports readers see, the newest of each story (``story_leads``' test)."""
    tagged = Q(
        visible_q("article__", now),
        article__published__gte=since,
        article__published__lt=now,
        is_tag=True,
    )
    newer = ArticleEntity.objects.filter(  # a newer tagged report of the story, as story_leads
        tagged,
        Q(article__published__gt=OuterRef("article__published"))
        | Q(
            article__published=OuterRef("article__published"), article_id__gt=OuterRef("article_id")
        ),
        entity_id=OuterRef("entity_id"),
        article__story_id=OuterRef("article__story_id"),
    )
    return (
        ArticleEntity.objects.filter(tagged, entity_id__in=entity_ids)
        .filter(~Exists(newer.values("pk")))
        .annotate(
            place=Window(
                RowNumber(),
                partition_by=F("entity_id"),
                order_by=[F("article__published").desc(), F("article_id").desc()],
            )
        )
        .filter(place__lte=per_topic)
        .order_by("entity_id", "place")
        .values_list("entity_id", "article_id")
    )


def _statement(count: int, per_topic: int, db: str) -> Statement | None:
    """``_leads_query``'s statement for ``count`` topics, its parameters marked "now",
    "since" or a topic's index; None when a stand-in is not a parameter of its own, or a
    parameter was made from one (never seen: then the query is built each time)."""
    key = (db, count, per_topic, tuple(listed_languages()))
    if key not in _statements:
        stand_ins = [_TOPIC - i for i in range(count)]
        query = _leads_query(stand_ins, _NOW, _SINCE, per_topic).query
        adapt = connections[db].ops.adapt_datetimefield_value
        roles = {adapt(_NOW): "now", adapt(_SINCE): "since"}
        roles.update({pk: i for i, pk in enumerate(stand_ins)})
        built = Statement.build(query, db, roles)
        if built is not None:
            found = [role for role in built.slots if role is not None]
            whole = all(found.count(i) == 1 for i in range(count))
            whole = whole and {"now", "since"} <= set(found)
            # a stand-in time written into the SQL, or a value made from one (now - 1 hour),
            # would be run as it is: not kept
            made = (
                "2999-01-02" in built.sql
                or "2998-01-02" in built.sql
                or any(
                    r is None and _far_ahead(p)
                    for p, r in zip(built.params, built.slots, strict=True)
                )
            )
            built = built if whole and not made else None
        _statements[key] = built
    return _statements[key]


def _far_ahead(value) -> bool:
    """Whether a parameter is a time some centuries ahead, as only one made from a stand-in
    time is (a datetime, or as the database driver was given it: an ISO text)."""
    if isinstance(value, datetime):
        return value.year >= 2900
    return isinstance(value, str) and len(value) > 4 and value[:2] == "29" and value[4] == "-"


def _lead_rows(entity_ids: list[int], now: datetime, per_topic: int) -> list[tuple[int, int]]:
    since = now - timedelta(hours=PARAMS.recent_hours)
    db = router.db_for_read(ArticleEntity)
    built = _statement(len(entity_ids), per_topic, db)
    if built is None:
        return list(_leads_query(entity_ids, now, since, per_topic))
    adapt = connections[db].ops.adapt_datetimefield_value
    values = {"now": adapt(now), "since": adapt(since), **dict(enumerate(entity_ids))}
    return [(entity_id, article_id) for entity_id, article_id in built.run(db, values)]


def topic_leads(entity_ids: list[int], now: datetime, per_topic: int) -> dict[int, list[Article]]:
    """The newest ``per_topic`` stories of each topic in the recent window, each as its newest
    report tagged with the topic (``story_leads`` of the topic's recent articles), newest
    first, with their story's size: one query for the leads of every topic (numbered per topic
    in the database), one for their rows and one for the sizes, however many topics trend.
    Building the SQL of a list of story leads costs Django more than the database takes to
    answer it, and the box asked it for each topic: the leads' statement is built once for
    each number of topics and run with this call's time and topics."""
    if not entity_ids:
        return {}
    ids: dict[int, list[int]] = {}
    for entity_id, article_id in _lead_rows(entity_ids, now, per_topic):
        ids.setdefault(entity_id, []).append(article_id)
    wanted = {pk for found in ids.values() for pk in found}
    # their rows (visible: the leads query said so, at the same ``now``)
    rows = Article.objects.select_related("source").filter(pk__in=wanted)
    articles = {a.pk: a for a in with_story_info(rows, now)}
    return {key: [articles[pk] for pk in found if pk in articles] for key, found in ids.items()}


def trends_page(request: HttpRequest) -> HttpResponse:
    context = {
        "topics": current_trends(),
        "params": PARAMS,
        "current_page": "trends",
    }
    return render(request, "web/trends.html", context)
