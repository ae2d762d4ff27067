"""The stories under each topic of "Im Trend" (home's box and /trends/) are read for all topics
at once: the same stories as each topic's own list of story leads, in as many queries for five
topics as for two. Runs on both databases (db marker)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from meldungen.news.models import ArticleEntity, Entity, Story
from meldungen.stories.trends import Trend
from meldungen.web import trends
from meldungen.web.queries import story_leads, visible_articles, with_story_info

pytestmark = [pytest.mark.django_db, pytest.mark.db]

TOPICS = ["Hekla", "Elbe", "Harz", "Gipfel", "Streik", "Ruhe"]


@pytest.fixture
def recent(make_article):
    """Reports of the last hours about five topics (and one with none in the window): stories
    of several reports, the newest of a story about another topic or withdrawn or a copy,
    reports without a story, two at the same minute, one only mentioning a topic."""
    now = timezone.now()

    def story(key: str) -> str:
        Story.objects.create(id=key, first_published=now, last_published=now)
        return key

    def at(headline, minutes, tags, **fields):
        return make_article(
            headline, tags=tags, published=now - timedelta(minutes=minutes), **fields
        )

    s1, s2, s3 = story("s-eins"), story("s-zwei"), story("s-drei")
    first = at("Lava erreicht die Straße", 10, ("Hekla",), story_id=s1)
    at("Lava fließt weiter", 20, ("Hekla", "Harz"), story_id=s1)
    at("Erste Lava", 30, ("Hekla",), story_id=s1)
    at("Elbe: Pegel steigt im Bericht zur Lava", 5, ("Elbe",), story_id=s1)  # newest: not Hekla
    at("Asche über dem Flughafen", 15, ("Hekla",), story_id=s2)
    at("Asche: zurückgezogen", 2, ("Hekla",), story_id=s2, pubstatus="withdrawn")
    at("Asche: die Kopie", 3, ("Hekla",), story_id=s2, duplicate_of=first)
    at("Forscher messen Beben", 25, ("Hekla", "Gipfel"))  # no story
    at("Forscher messen Beben, zwei", 25, ("Hekla",))  # the same minute
    at("Beben in der Nacht", 40, ("Hekla",), story_id=s3)
    at("Beben am Morgen", 40, ("Hekla",), story_id=s3)  # same minute: the higher id leads
    at("Alte Lava", 8 * 60, ("Hekla",))  # before the recent window
    mention = at("Hekla nur erwähnt", 1, ("Streik",))
    ArticleEntity.objects.create(
        article=mention, entity=Entity.objects.get(slug="hekla"), is_tag=False, rank=5
    )
    at("Deiche halten", 12, ("Elbe",))
    at("Brand im Harz", 50, ("Harz",))
    at("Streik am Bahnhof", 55, ("Streik",))
    at("Ruhe vor Wochen", 9 * 60, ("Ruhe",))
    return now


def _trend(entity: Entity) -> Trend:
    return Trend(entity.pk, 3, 40, 0, 60, 0.5, 6.0, 1e-6, 6.0)


def _entities(names: list[str]) -> list[Entity]:
    by_name = {e.display: e for e in Entity.objects.filter(display__in=names)}
    return [by_name[name] for name in names]


def _each_topic(entity: Entity, now) -> list[tuple[int, str]]:
    """The stories of a topic as its own list of story leads shows them."""
    since = now - timedelta(hours=trends.PARAMS.recent_hours)
    about = visible_articles(now).filter(
        published__gte=since,
        published__lt=now,
        article_entities__entity=entity,
        article_entities__is_tag=True,
    )
    leads = with_story_info(story_leads(about)[: trends.STORIES_PER_TOPIC], now)
    return [(a.pk, a.story_label) for a in leads]


def test_each_topic_shows_its_own_newest_stories(recent, monkeypatch):
    entities = _entities(TOPICS)
    monkeypatch.setattr(trends, "_computed", lambda now: [_trend(e) for e in entities])
    shown = trends.current_trends(now=recent)
    assert [t.entity.display for t in shown] == TOPICS[:5]  # "Ruhe": nothing recent
    for topic in shown:
        assert [(a.pk, a.story_label) for a in topic.stories] == _each_topic(topic.entity, recent)
    hekla = [a.headline for a in shown[0].stories]
    assert hekla == [
        "Lava erreicht die Straße",  # its story's newest report is about the Elbe
        "Asche über dem Flughafen",  # newer: withdrawn, and a copy
        "Forscher messen Beben, zwei",  # no story; of two at one minute the higher id
    ]
    assert shown[0].stories[0].story_label == "4 Meldungen"


def test_the_box_asks_as_many_queries_for_five_topics_as_for_two(recent, monkeypatch):
    def queries(names: list[str]) -> int:
        entities = _entities(names)
        monkeypatch.setattr(trends, "_computed", lambda now: [_trend(e) for e in entities])
        with CaptureQueriesContext(connection) as captured:
            shown = trends.current_trends(now=recent)
        assert len(shown) == len(names)
        return len(captured.captured_queries)

    two, five = queries(TOPICS[:2]), queries(TOPICS[:5])
    assert two == five <= 4  # the topics, the leads of all, their rows, their stories' sizes


@pytest.mark.parametrize("later", [timedelta(minutes=-20), timedelta(hours=5, minutes=50)])
def test_the_stories_follow_the_time_asked(recent, monkeypatch, later):
    """The leads' statement is built once and run with each call's time: another window, the
    same stories as each topic's own list then."""
    entities = _entities(TOPICS)
    monkeypatch.setattr(trends, "_computed", lambda now: [_trend(e) for e in entities])
    trends.current_trends(now=recent)
    shown = trends.current_trends(now=recent + later)
    assert shown
    for topic in shown:
        when = recent + later
        assert [(a.pk, a.story_label) for a in topic.stories] == _each_topic(topic.entity, when)
    assert {t.entity.display for t in shown} != set(TOPICS[:5])  # the window holds others


def test_the_leads_statement_is_built_once(recent, monkeypatch):
    from django.db.models.sql.compiler import SQLCompiler

    entities = _entities(TOPICS[:4])
    monkeypatch.setattr(trends, "_computed", lambda now: [_trend(e) for e in entities])
    first = trends.current_trends(now=recent)
    built = []
    as_sql = SQLCompiler.as_sql

    def counted(self, *args, **kwargs):
        if self.query.model is ArticleEntity:
            built.append(self.query)
        return as_sql(self, *args, **kwargs)

    monkeypatch.setattr(SQLCompiler, "as_sql", counted)
    again = trends.current_trends(now=recent + timedelta(minutes=1))
    assert [t.entity.pk for t in again] == [t.entity.pk for t in first]
    assert built == []  # no query of the tag links built again


def test_a_statement_holding_a_time_made_from_now_is_not_kept(recent, monkeypatch):
    """A condition on a time computed from ``now`` (an hour before it) would keep the stand-in's
    time in the statement: it is not kept, the query is built each time and still right."""
    leads_query = trends._leads_query

    def with_an_hour_before(entity_ids, now, since, per_topic):
        return leads_query(entity_ids, now, since, per_topic).filter(
            article__published__lt=now - timedelta(hours=1)
        )

    monkeypatch.setattr(trends, "_leads_query", with_an_hour_before)
    monkeypatch.setattr(trends, "_statements", {})
    entities = _entities(TOPICS[:3])
    assert trends._statement(len(entities), 3, "default") is None
    ids = [e.pk for e in entities]
    since = recent - timedelta(hours=trends.PARAMS.recent_hours)
    assert trends._lead_rows(ids, recent, 3) == list(with_an_hour_before(ids, recent, since, 3))
