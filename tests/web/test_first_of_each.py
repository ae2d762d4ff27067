"""``queries.first_of_each`` (home's newest stories of each Ressort, one statement built once):
the same rows in the same order as one ``filter(...)[:limit]`` per value, on SQLite and
PostgreSQL, with the visibility rule and one entry per story in the statement."""

from __future__ import annotations

import pytest
from django.utils import timezone

from meldungen.news.models import Story
from meldungen.web.queries import first_of_each, story_leads, visible_articles

pytestmark = [pytest.mark.django_db, pytest.mark.db]


def each_alone(qs, field, values, limit):
    return {v: list(qs.filter(**{field: v})[:limit]) for v in values}


def test_same_rows_as_one_query_per_value(make_article):
    now = timezone.now()
    story = Story.objects.create(id="s-haushalt", first_published=now, last_published=now)
    for n in range(7):  # more than the limit in Politik; two reports of one story
        make_article(f"Politik {n}", ressort="Politik", minutes=n)
    make_article("Haushalt früh", ressort="Wirtschaft", minutes=1, story=story)
    make_article("Haushalt spät", ressort="Wirtschaft", minutes=9, story=story)
    make_article("Zurückgezogen", ressort="Wirtschaft", minutes=20, pubstatus="withdrawn")
    make_article("Ohne Ressort", ressort="", minutes=3)
    make_article("Englisch", ressort="Sport", minutes=4, language="en")
    qs = story_leads(visible_articles())
    values = ["Politik", "Wirtschaft", "Sport", "", "Kultur"]

    got = first_of_each(qs, "ressort", values, 5)

    assert {v: [a.pk for a in rows] for v, rows in got.items()} == {
        v: [a.pk for a in rows] for v, rows in each_alone(qs, "ressort", values, 5).items()
    }
    assert [a.headline for a in got["Politik"]] == [f"Politik {n}" for n in (6, 5, 4, 3, 2)]
    assert [a.headline for a in got["Wirtschaft"]] == ["Haushalt spät"]
    assert got["Sport"] == [] and got["Kultur"] == []
    assert [a.headline for a in got[""]] == ["Ohne Ressort"]


def test_a_value_that_looks_like_sql_is_a_value(make_article):
    make_article("Gewöhnlich", ressort="Politik")
    odd = "x' OR 1=1 --"
    make_article("Seltsam", ressort=odd, minutes=1)
    got = first_of_each(visible_articles(), "ressort", ["Politik", odd], 3)
    assert [a.headline for a in got[odd]] == ["Seltsam"]
    assert [a.headline for a in got["Politik"]] == ["Gewöhnlich"]


def test_no_values(make_article):
    make_article("Gewöhnlich", ressort="Politik")
    assert first_of_each(visible_articles(), "ressort", [], 3) == {}
