"""A topic's or story's chart showing the figures it showed before is not rendered again (its
60 bars and their table cost milliseconds of template rendering on each uncached page), and a
chart whose figures or names changed is. Runs on both databases (db marker)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from meldungen.news.models import Entity, Story

pytestmark = [pytest.mark.django_db, pytest.mark.db]

START = datetime(2021, 5, 3, 9, 0, tzinfo=UTC)


def _timelines(response) -> int:
    return [t.name for t in response.templates].count("web/_timeline.html")


def test_the_same_chart_is_rendered_once(client, make_article):
    for n in range(4):
        make_article(
            f"Kanalbau Meldung {n}",
            tags=("Kanalbau Zwickau", "Stadtrat Zwickau"),
            published=START + timedelta(days=200 * n),
        )
    url = Entity.objects.get(slug="kanalbau-zwickau").get_absolute_url()
    first = client.get(url)
    assert _timelines(first) == 1 and "Meldungen im Zeitverlauf" in first.content.decode()
    again = client.get(url)
    assert _timelines(again) == 0 and again.content == first.content
    # a new report: other figures, rendered anew
    make_article("Kanalbau Meldung 4", tags=("Kanalbau Zwickau",), published=START)
    counted = client.get(url)
    assert _timelines(counted) == 1 and counted.content != first.content
    # a topic seen with it renamed: the chart's "Oft zusammen mit" shows the new name
    Entity.objects.filter(slug="stadtrat-zwickau").update(display="Rat der Stadt Zwickau")
    renamed = client.get(url).content.decode()
    assert "Rat der Stadt Zwickau" in renamed[renamed.index("Oft zusammen mit, je") :]


def test_a_story_chart_is_rendered_once_too(client, make_article):
    Story.objects.create(id="s-kanal", first_published=START, last_published=START)
    for n in range(3):
        make_article(
            f"Kanal Meldung {n}",
            story_id="s-kanal",
            published=START + timedelta(hours=n),
        )
    first = client.get("/story/s-kanal/")
    assert _timelines(first) == 1 and '<svg class="volume-chart"' in first.content.decode()
    again = client.get("/story/s-kanal/")
    assert _timelines(again) == 0 and again.content == first.content
