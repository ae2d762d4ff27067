"""The topic chart and "Oft zusammen mit" over time count each report in the Berlin day, week
or month it was published in, at the edges too (midnight, a clock change, the turn of a month),
and the database tells the buckets apart by comparing times, not by truncating every row's time
(on SQLite a call back into Python per row). Runs on both databases (db marker)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meldungen.news.models import Entity
from meldungen.web.charts import buckets, floor, label, pick_unit
from meldungen.web.queries import visible_articles
from meldungen.web.timelines import time_span, together_counts, volume_chart

pytestmark = [pytest.mark.django_db, pytest.mark.db]

TICK = timedelta(microseconds=1)
SPRING = datetime(2025, 3, 29, 23, 0, tzinfo=UTC)  # midnight in Berlin, the day clocks go forward
NOVEMBER = datetime(2025, 10, 31, 23, 0, tzinfo=UTC)  # 1 November, midnight in Berlin (winter)
DAYS = [
    SPRING - TICK,  # 29.03., the last moment of that day
    SPRING,  # 30.03., 0 o'clock
    SPRING + timedelta(hours=22) - TICK,  # 30.03., 23:59:59.999999 summer time
    SPRING + timedelta(hours=22),  # 31.03., 0 o'clock summer time
    SPRING + timedelta(hours=23),
    SPRING + timedelta(days=20, hours=5),
]
WEEKS = [
    datetime(2025, 3, 30, 22, 0, tzinfo=UTC) - TICK,  # Sunday 30.03., just before midnight
    datetime(2025, 3, 30, 22, 0, tzinfo=UTC),  # Monday 31.03., 0 o'clock
    datetime(2025, 3, 31, 8, 0, tzinfo=UTC),
    datetime(2025, 9, 1, 12, 0, tzinfo=UTC),
]
MONTHS = [
    NOVEMBER - TICK,  # 31.10., the last moment of October
    NOVEMBER,  # 1.11.
    NOVEMBER + timedelta(days=29, hours=23) - TICK,  # 30.11., the last moment of November
    datetime(2023, 1, 15, 12, 0, tzinfo=UTC),
    datetime(2020, 6, 1, 12, 0, tzinfo=UTC),  # before the 60 months the chart shows
]


def _expected(times: list[datetime]) -> list[tuple[str, int]]:
    """(label, reports) of each bar, counted here by each time's Berlin bucket."""
    unit = pick_unit(min(times), max(times))
    starts = buckets(min(times), max(times), unit)
    found = [floor(t, unit).timestamp() for t in times]
    return [(label(s, unit), found.count(s.timestamp())) for s in starts]


@pytest.mark.parametrize(
    "times, unit", [(DAYS, "day"), (WEEKS, "week"), (MONTHS, "month")], ids=["day", "week", "month"]
)
def test_each_report_is_counted_in_its_berlin_bucket(make_article, times, unit):
    for n, when in enumerate(times):
        make_article(f"Meldung {n}", tags=("Grenzfall",), published=when)
    entity = Entity.objects.get(slug="grenzfall")
    articles = visible_articles().filter(article_entities__entity=entity)
    with CaptureQueriesContext(connection) as queries:
        chart = volume_chart(articles)
    assert chart.unit == unit
    assert [(bar.label, bar.count) for bar in chart.bars] == _expected(times)
    assert sum(bar.count for bar in chart.bars) == len(
        [t for t in times if t >= buckets(min(times), max(times), unit)[0]]
    )
    assert not [q["sql"] for q in queries if "trunc" in q["sql"].lower()]


def test_together_counts_each_report_in_its_berlin_week(make_article):
    for n, when in enumerate(WEEKS[:3]):  # Sunday's last moment, Monday's first, Monday noon
        make_article(f"Meldung {n}", tags=("Grenzfall", "Nachbar"), published=when)
    make_article("Nur am Sonntag", tags=("Grenzfall", "Sonntagsgast"), published=WEEKS[0])
    entity = Entity.objects.get(slug="grenzfall")
    ids = {e.slug: e.pk for e in Entity.objects.all()}
    articles = visible_articles().filter(article_entities__entity=entity)
    with CaptureQueriesContext(connection) as queries:
        together = together_counts(articles, entity, time_span(articles))
    assert together["unit"] == "week"
    assert [(period, sorted(items)) for period, items in together["periods"]] == [
        ("KW 14/2025", [(ids["nachbar"], 2)]),
        ("KW 13/2025", sorted([(ids["nachbar"], 1), (ids["sonntagsgast"], 1)])),
    ]
    assert not [q["sql"] for q in queries if "trunc" in q["sql"].lower()]
