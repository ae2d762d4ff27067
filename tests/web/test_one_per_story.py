"""One entry per story in every list: two texts of one agency with the same headline, hours
apart, with different teasers and Ressorts, stored through the real ingest path, are one story,
and home, Ressort, topic, feeds, search and "Weitere Meldungen" each show that story once.

The fixture's text is written for this test."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from meldungen.web.listcheck import count_lists, feed_entries, html_entries

pytestmark = [pytest.mark.django_db, pytest.mark.db]

HEADLINE = "Warnstreik legt den Hamburger Hafen stundenlang lahm"


def item(n: int, headline: str, teaser: str, body: str, ressort: str, hours_ago: float, keys):
    when = timezone.now() - timedelta(hours=hours_ago)
    return {
        "type": "text",
        "urn": f"urn:newsml:test.meldungen:hafen-{n}",
        "version": 1,
        "version_created": when.isoformat(),
        "pubstatus": "usable",
        "language": "de",
        "headline": headline,
        "teaser": teaser,
        "article_html": f"<section class='main'><p>{body}</p></section>",
        "creditline": "dpa",
        "rubric_names": [ressort],
        "keyword_names": list(keys),
    }


@pytest.fixture
def portal(db) -> dict[str, int]:
    from meldungen.news.models import Article, Source
    from meldungen.news.services import ingest_bytes

    # a wire source (the search page's handling of source-less items is another test's job)
    wire = Source.objects.create(name="dpa-Wire", url="file:dpa", kind="wire")
    keys = ("Hamburger Hafen", "Verdi")
    items = [
        item(
            1,
            HEADLINE,
            "An den Containerterminals ruht seit dem frühen Morgen die Arbeit.",
            "Die Gewerkschaft Verdi hat die Beschäftigten im Hamburger Hafen zu einem "
            "Warnstreik aufgerufen. Schiffe warten auf der Elbe auf ihre Abfertigung.",
            "Wirtschaft",
            2.0,
            keys,
        ),
        item(
            2,
            HEADLINE + ".",
            "Reedereien leiten Frachter um, Spediteure rechnen mit Staus.",
            "Nach dem Aufruf von Verdi stehen im Hamburger Hafen die Brücken still. "
            "Logistiker sprechen von erheblichen Verzögerungen bis zum Wochenende.",
            "Politik",
            5.5,
            keys,
        ),
        item(
            3,
            "Hafenbetreiber legen neues Lohnangebot für Beschäftigte vor",
            "Die Arbeitgeber bieten eine Erhöhung in zwei Stufen an.",
            "Im Tarifkonflikt am Hamburger Hafen haben die Betreiber der Terminals ein "
            "neues Angebot an Verdi geschickt. Die Gewerkschaft will es prüfen.",
            "Wirtschaft",
            40.0,
            keys,
        ),
        item(
            4,
            "Regionalbahn zwischen Lübeck und Kiel fährt wieder",
            "Nach Bauarbeiten rollen die Züge ab Montag planmäßig.",
            "Die Strecke war wegen der Erneuerung von Gleisen drei Wochen gesperrt. "
            "Fahrgäste mussten auf Busse umsteigen.",
            "Panorama",
            3.0,
            (),
        ),
    ]
    results = ingest_bytes(json.dumps(items).encode("utf-8"), "test:hafen", source=wire)
    assert [r.outcome for r in results] == ["new"] * 4, [r.line() for r in results]
    ids = {i["urn"][-1]: Article.objects.get(guid=i["urn"]).pk for i in items}
    return {"a": ids["1"], "b": ids["2"], "c": ids["3"], "d": ids["4"]}


def get(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode("utf-8")


def shown(ids: list[int], portal: dict[str, int]) -> int:
    """How many of the listed entries are reports of the same-headline story."""
    return sum(1 for i in ids if i in (portal["a"], portal["b"]))


def test_same_headline_reports_are_one_story(portal):
    from meldungen.news.models import Article

    a, b, c = (Article.objects.get(pk=portal[k]) for k in "abc")
    assert a.story_id and a.story_id == b.story_id
    assert a.ressort != b.ressort  # two Ressorts, one story
    assert c.story_id != a.story_id  # the related report stays its own story


def test_every_list_shows_the_story_once(client, portal):
    from meldungen.news.models import Article

    a = Article.objects.get(pk=portal["a"])
    b = Article.objects.get(pk=portal["b"])
    home = get(client, "/")
    assert shown(html_entries(home), portal) == 1
    assert "2 Meldungen" in home and f'href="/story/{a.story_id}/"' in home

    topic = a.tags()[0].slug
    assert {t.slug for t in b.tags()} >= {topic}
    for path in (f"/thema/{topic}/", "/ressort/wirtschaft/", "/ressort/politik/"):
        assert shown(html_entries(get(client, path)), portal) == 1, path
    for path in ("/", f"/thema/{topic}/", "/ressort/wirtschaft/", "/ressort/politik/"):
        for feed in ("rss.xml", "atom.xml"):
            body = client.get(path + feed)
            assert body.status_code == 200, path + feed
            assert shown(feed_entries(body.content), portal) == 1, path + feed
            assert f"/story/{a.story_id}/" in body.content.decode()

    for query in ("Warnstreik Hafen", "Verdi"):
        for sort in ("", "&sort=datum"):
            page = get(client, f"/suche?q={query}{sort}")
            hits = re.findall(r'<li class="search-hit">\s*<h2[^>]*><a href="/artikel/(\d+)/"', page)
            assert shown([int(h) for h in hits], portal) == 1, (query, sort)
        feed = client.get(f"/suche/rss.xml?q={query}")
        assert shown(feed_entries(feed.content), portal) == 1

    page = get(client, f"/artikel/{portal['c']}/")
    section = page[page.index("Weitere Meldungen") :]
    related = [int(i) for i in re.findall(r'<a href="/artikel/(\d+)/">weiterlesen', section)]
    assert shown(related, portal) == 1


def test_count_check_entries_equal_stories(client, portal):
    def fetch(path: str) -> tuple[int, bytes]:
        response = client.get(path)
        return response.status_code, response.content

    counts = count_lists(fetch)
    assert counts[0].path == "/" and counts[0].entries >= 3
    assert {"/rss.xml", "/atom.xml", "/ressort/wirtschaft/"} <= {c.path for c in counts}
    assert all(c.ok for c in counts), [c for c in counts if not c.ok]
