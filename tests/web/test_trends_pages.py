"""'Im Trend' on the home page and at /trends/, and the volume charts of topic and story pages,
with articles stored through the real store (enrichment, stories) and with an empty database."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from meldungen.news.models import Article, Entity
from tests.storehelp import put

pytestmark = [pytest.mark.django_db, pytest.mark.db]

PLACES = ["Kiel", "Passau", "Görlitz", "Trier", "Rostock", "Ulm", "Jena", "Fulda", "Hof", "Lahr"]
THINGS = [
    "Radweg", "Hallenbad", "Bahnhof", "Schule", "Brücke", "Theater", "Markt", "Klinik",
    "Bibliothek", "Stadion", "Hafen", "Museum",
]  # fmt: skip


def _store(n: int, hours_ago: float, keywords: list[str], headline: str = "") -> Article:
    place, thing = PLACES[n % len(PLACES)], THINGS[(n * 7) % len(THINGS)]
    headline = headline or f"{place} plant neues {thing} Nummer {n}"
    topic = " und ".join(keywords)
    body = f"<p>{topic}: In {place} wird über {thing} {n} gestritten. {topic} bleibt Thema.</p>"
    return put(
        f"trend-{n}",
        headline,
        body=body,
        keywords=keywords,
        published=timezone.now() - timedelta(hours=hours_ago),
        credit="dpa",
    )


@pytest.fixture
def burst():
    """Three weeks of stories tagged "Deutschland" (steady), then in the last hours a burst of
    stories about a volcano that was never reported before."""
    for n in range(30):
        _store(n, hours_ago=12 + n * 16, keywords=["Deutschland"])
    for n in range(30, 33):
        _store(n, hours_ago=1 + n - 30, keywords=["Deutschland"])
    lava = [
        "Lava erreicht die Küstenstraße",
        "Flughafen wegen Aschewolke gesperrt",
        "Evakuierung der Dörfer am Hang",
        "Forscher messen neue Beben",
        "Hilfe aus Europa",
    ]
    for i, title in enumerate(lava):
        _store(40 + i, hours_ago=0.5 + i * 0.5, keywords=["Hekla"], headline=title)
    # the store kept them apart: the test is about distinct stories, not one story's copies
    assert Article.objects.values("story_id").distinct().count() >= 30
    return Entity.objects.get(display="Hekla")


def test_trends_page_lists_the_burst_not_the_steady_topic(client, burst):
    html = client.get("/trends/").content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    assert f'href="{burst.get_absolute_url()}"' in main
    assert "Lava erreicht die Küstenstraße" in main or "Hilfe aus Europa" in main
    assert "Geschichten der letzten 6 Stunden" in main  # the figures in plain words
    deutschland = Entity.objects.get(display="Deutschland")
    assert f'href="{deutschland.get_absolute_url()}"' not in main
    # one entry per story: no article twice in the list
    ids = re.findall(r'href="/artikel/(\d+)/"', main)
    assert len(ids) == len(set(ids))


def test_home_page_has_the_trend_box(client, burst):
    html = client.get("/").content.decode()
    box = html[html.index('id="im-trend"') :]
    box = box[: box.index("</section>")]
    assert 'href="/trends/"' in box
    assert "Hekla" in box and "Deutschland" not in box
    assert client.get("/?seite=2").status_code in (200, 404)


def test_topic_page_shows_volume_chart_with_text_alternative(client, burst):
    html = client.get(burst.get_absolute_url()).content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert "<script" not in html
    assert len(re.findall(r'<rect class="bar"', svg)) >= 1
    # SVG lengths are plain numbers, never the German locale's "154,0"
    for value in re.findall(r' (?:x|y|x1|x2|y1|y2|width|height)="([^"]*)"', svg):
        assert re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", value), value
    table = html[html.index('<table class="visually-hidden">') :]
    table = table[: table.index("</table>")]
    counts = [int(n) for n in re.findall(r"<td>(\d+)</td>", table)]
    assert sum(counts) == 5  # the five volcano reports


def test_topic_page_shows_together_over_time(client, burst):
    article = Article.objects.filter(headline="Hilfe aus Europa").get()
    from tests.storehelp import tag

    tag(article, "Island", rank=5)
    html = client.get(burst.get_absolute_url()).content.decode()
    assert "Oft zusammen mit, je Woche" in html
    assert "Island" in html[html.index("Oft zusammen mit, je Woche") :]


def _chart_total(html: str) -> int:
    table = html[html.index('<table class="visually-hidden">') :]
    return sum(int(n) for n in re.findall(r"<td>(\d+)</td>", table[: table.index("</table>")]))


def test_a_big_topic_keeps_its_figures_a_while_but_reads_names_fresh(client, burst):
    from django.core.cache import cache

    from meldungen.web.contentversion import bump_content_version
    from meldungen.web.templatetags import meldungen_trends
    from tests.storehelp import tag

    cache.clear()
    Entity.objects.filter(pk=burst.pk).update(article_count=meldungen_trends.BIG_TOPIC)
    burst.refresh_from_db()
    tag(Article.objects.get(headline="Hilfe aus Europa"), "Island", rank=5)
    assert _chart_total(client.get(burst.get_absolute_url()).content.decode()) == 5
    # a sixth report: the kept figures stand until they expire ...
    _store(50, hours_ago=0.2, keywords=["Hekla"], headline="Asche über Reykjavík")
    Entity.objects.filter(pk=burst.pk).update(article_count=meldungen_trends.BIG_TOPIC)
    Entity.objects.filter(display="Island").update(display="Island (Staat)")
    html = client.get(burst.get_absolute_url()).content.decode()
    assert _chart_total(html) == 5
    assert "Island (Staat)" in html[html.index("Oft zusammen mit") :]  # names: read now
    Entity.objects.filter(display="Island (Staat)").update(blocked=True)
    html = client.get(burst.get_absolute_url()).content.decode()
    assert "Oft zusammen mit" not in html or "Island" not in html[html.index("Oft zusammen") :]
    # ... or an editor's change of the content starts them again
    bump_content_version()
    assert _chart_total(client.get(burst.get_absolute_url()).content.decode()) == 6


def test_a_small_topic_counts_on_every_render(client, burst):
    assert _chart_total(client.get(burst.get_absolute_url()).content.decode()) == 5
    _store(50, hours_ago=0.2, keywords=["Hekla"], headline="Asche über Reykjavík")
    assert _chart_total(client.get(burst.get_absolute_url()).content.decode()) == 6


def test_story_page_shows_volume_chart(client, burst):
    article = Article.objects.filter(headline="Lava erreicht die Küstenstraße").get()
    assert article.story_id
    html = client.get(f"/story/{article.story_id}/").content.decode()
    assert '<svg class="volume-chart" role="img"' in html
    assert "Meldungen je Stunde" in html
    assert '<table class="visually-hidden">' in html


def test_trend_pages_answer_with_an_empty_database(client):
    for url in ("/", "/trends/"):
        response = client.get(url)
        assert response.status_code == 200, url
    assert "Zurzeit ragt kein Thema heraus" in client.get("/trends/").content.decode()
    assert "im-trend" not in client.get("/").content.decode()


def test_trends_page_is_cacheable(client, burst):
    response = client.get("/trends/")
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("public")
    again = client.get("/trends/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_an_hourly_chart_counts_the_hour_the_clocks_go_back_twice_not_double(client):
    """On 26.10.2025 Berlin lives the hour from 2 to 3 o'clock twice (summer time, then winter
    time): two bars, each with its own reports, and the total is the number of reports."""
    from datetime import UTC, datetime

    from tests.storehelp import put, tag

    texts = [
        "In Kiel stehen in der Nacht die Fähren still, weil die Fahrpläne umgestellt werden.",
        "Die Bahn in Passau lässt Nachtzüge eine Stunde an den Bahnhöfen warten.",
        "Die Polizei in Görlitz meldet eine ruhige Nacht ohne größere Einsätze.",
        "In Trier hat das Kino die Spätvorstellung um eine Stunde verlängert.",
    ]
    for n, text in enumerate(texts):  # 2:30 summer time twice, 2:30 winter time, 3:30
        when = datetime(2025, 10, 26, (0, 0, 1, 2)[n], 10 + n, tzinfo=UTC)
        article = put(f"uhr-{n}", text[:40], body=f"<p>{text}</p>", published=when, credit="dpa")
        assert article.duplicate_of_id is None
        tag(article, "Zeitumstellung")
    html = client.get(Entity.objects.get(display="Zeitumstellung").get_absolute_url()).content
    table = html.decode()[html.decode().index('<table class="visually-hidden">') :]
    table = table[: table.index("</table>")]
    rows = re.findall(r'<th scope="row">([^<]*)</th><td>(\d+)</td>', table)
    assert [int(n) for _, n in rows] == [2, 1, 1]
    assert len({text for text, _ in rows}) == 3  # the two 2-o'clock hours told apart
    assert "MESZ" in rows[0][0] and "MEZ" in rows[1][0]
