"""RSS 2.0 and Atom for home, Ressort, tag and search: valid for feedparser, full text only
where the source allows it."""

from __future__ import annotations

import feedparser
import pytest

from meldungen.news.models import Article, Entity

pytestmark = [pytest.mark.django_db, pytest.mark.db]

FORMATS = ("rss.xml", "atom.xml")


def parsed(client, url: str, **params):
    response = client.get(url, params)
    assert response.status_code == 200, (url, response.status_code)
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, (url, feed.get("bozo_exception"))
    return response, feed


@pytest.mark.parametrize("fmt", FORMATS)
def test_home_feed_is_valid_and_newest_first(client, articles, fmt):
    control = articles["control"]
    assert (
        "\x0b" not in control.headline and "\x01" not in control.headline
    )  # removed on the way in
    # a row stored before they were removed on the way in: the feed leaves them out itself
    Article.objects.filter(pk=control.pk).update(
        headline="Steuerzeichen\x0b im Titel \x01 bleiben draußen"
    )
    response, feed = parsed(client, f"/{fmt}")
    kind = "application/rss+xml" if fmt == "rss.xml" else "application/atom+xml"
    assert response["Content-Type"].startswith(kind)
    titles = [e.title for e in feed.entries]
    assert titles[:3] == [
        "Landtag beschließt Haushalt für zwei Jahre",
        "Neuer Rekord beim Stadtlauf",
        "Steuerzeichen im Titel  bleiben draußen",
    ]
    assert "Zurückgezogene Meldung zum Landtag" not in titles
    assert feed.entries[0].link == "http://testserver" + articles["full"].get_absolute_url()
    if fmt == "rss.xml":
        assert feed.feed.language == "de"


@pytest.mark.parametrize("fmt", FORMATS)
def test_full_text_only_where_allowed(client, articles, fmt):
    _, feed = parsed(client, f"/{fmt}")
    by_title = {e.title: e for e in feed.entries}
    full = by_title["Landtag beschließt Haushalt für zwei Jahre"]
    assert "<strong>mehr Geld</strong>" in full.content[0].value
    assert full.summary == "Die Opposition stimmte geschlossen dagegen."
    assert {"Haushalt", "Landtag"} <= {t.term for t in full.tags}
    teaser = by_title["Neuer Rekord beim Stadtlauf"]
    assert "content" not in teaser
    assert teaser.summary == "Mehr als zehntausend Menschen liefen mit."
    assert "nicht im Feed" not in str(feed)


@pytest.mark.parametrize("fmt", FORMATS)
def test_ressort_feed(client, articles, fmt):
    _, feed = parsed(client, f"/ressort/sport/{fmt}")
    assert [e.title for e in feed.entries] == ["Neuer Rekord beim Stadtlauf"]
    assert feed.feed.title == "Meldungen: Sport"
    assert client.get(f"/ressort/gibt-es-nicht/{fmt}").status_code == 404


@pytest.mark.parametrize("fmt", FORMATS)
def test_tag_feed_follows_merges_and_hides_blocked(client, articles, fmt):
    _, feed = parsed(client, f"/thema/landtag/{fmt}")
    assert len(feed.entries) == 3  # not the withdrawn one
    landtag = Entity.objects.get(slug="landtag")
    haushalt = Entity.objects.get(slug="haushalt")
    haushalt.merged_into = landtag
    haushalt.save()
    _, feed = parsed(client, f"/thema/haushalt/{fmt}")
    assert feed.feed.title == "Meldungen: Landtag"
    landtag.blocked = True
    landtag.save()
    assert client.get(f"/thema/landtag/{fmt}").status_code == 404
    assert client.get(f"/thema/unbekannt/{fmt}").status_code == 404


@pytest.mark.parametrize("fmt", FORMATS)
def test_search_feed(client, articles, fmt):
    _, feed = parsed(client, f"/suche/{fmt}", q="Haushalte")
    assert [e.title for e in feed.entries] == ["Landtag beschließt Haushalt für zwei Jahre"]
    assert "Haushalte" in feed.feed.title
    _, feed = parsed(client, f"/suche/{fmt}", q="Landtag", ressort="politik")
    assert len(feed.entries) == 3
    assert client.get(f"/suche/{fmt}").status_code == 404


def test_feed_links_helper_names_both_formats(articles):
    from meldungen.web.feeds import feed_links

    links = feed_links("tag", "landtag", label="Landtag")
    assert [(link.url, link.type) for link in links] == [
        ("/thema/landtag/rss.xml", "application/rss+xml"),
        ("/thema/landtag/atom.xml", "application/atom+xml"),
    ]
    assert feed_links("search", q="a&b")[0].url == "/suche/rss.xml?q=a%26b"


@pytest.mark.parametrize("fmt", FORMATS)
def test_story_feed(client, articles, fmt):
    from meldungen.news.models import Article, Story

    full, old = articles["full"], articles["old"]
    story = Story.objects.create(
        id="s-landtag", first_published=old.published, last_published=full.published
    )
    Article.objects.filter(pk__in=[full.pk, old.pk, articles["withdrawn"].pk]).update(story=story)
    _, feed = parsed(client, f"/story/s-landtag/{fmt}")
    assert [e.title for e in feed.entries] == [full.headline, old.headline]
    assert client.get(f"/story/unbekannt/{fmt}").status_code == 404
