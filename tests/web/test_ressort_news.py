""" "Weitere Meldungen" of an article nothing is related to: the newest stories of its Ressort,
said to be that ("Neu im Ressort …"), one entry per story, never the article's own story,
nothing readers may not see; the related list when there is one; and the cached page renewed
when its Ressort gets a newer story."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from storehelp import put

from meldungen.news.models import Article
from meldungen.news.services import store_results
from tests.stories.feed_texts import feed_draft

pytestmark = [pytest.mark.django_db, pytest.mark.db]

NOTE = re.compile(r'<p class="related-note">(.*?)</p>', re.S)


@pytest.fixture
def stored(django_capture_on_commit_callbacks):
    """Store a draft as ingest does and run what its commit queues (lists, cache bumps)."""

    def store(guid: str, headline: str, hours_ago: float, **kw) -> Article:
        kw.setdefault("published", timezone.now() - timedelta(hours=hours_ago))
        kw.setdefault("ressort_hints", ["politik"])
        kw.setdefault("body", f"<p>{headline}.</p>")
        with django_capture_on_commit_callbacks(execute=True):
            return put(guid, headline, **kw)

    return store


def section(client, article: Article) -> str:
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Weitere Meldungen" in page  # every article page ends with it
    return page[page.index("Weitere Meldungen") :]


def headlines(html: str) -> list[str]:
    return re.findall(r"<h3>(.*?)</h3>", html)


@pytest.fixture
def politik(stored):
    """Unrelated Politik reports, a Sport report, a copy, a service item and an English item."""
    arts = {
        "rente": stored("rente", "Bundestag berät über Rentenpaket", 1),
        "schule": stored("schule", "Länder streiten über Lehrermangel", 2),
        "wahl": stored("wahl", "Stadtrat in Kiel wählt neuen Kämmerer", 3),
        "spiel": stored("spiel", "Handballerinnen gewinnen deutlich", 0.5, ressort_hints=["sport"]),
        "brief": stored("brief", "Zoll findet Drogen in Briefen aus Übersee", 4),
    }
    stored("kopie", "Bundestag berät über Rentenpaket", 0.8, body=arts["rente"].body)
    stored("english", "Parliament debates pension reform", 0.3, language="en")
    assert {a.ressort for k, a in arts.items() if k != "spiel"} == {"Politik"}
    return arts


def test_an_unrelated_article_shows_the_newest_of_its_ressort(client, politik):
    html = section(client, politik["brief"])
    assert NOTE.search(html) and "Neu im Ressort" in NOTE.search(html).group(1)
    assert "Politik" in NOTE.search(html).group(1)
    shown = headlines(html)
    # newest first, one entry per story (the copy is no entry), not itself, not Sport, German
    assert shown == [
        "Bundestag berät über Rentenpaket",
        "Länder streiten über Lehrermangel",
        "Stadtrat in Kiel wählt neuen Kämmerer",
    ]
    assert "Gemeinsam:" not in html  # not passed off as related


def test_the_articles_own_story_is_left_out(client, politik):
    rente, schule = politik["rente"], politik["schule"]
    Article.objects.filter(pk=schule.pk).update(story_id=rente.story_id)  # one story now
    shown = headlines(section(client, politik["wahl"]))
    assert shown.count("Bundestag berät über Rentenpaket") == 1
    assert "Länder streiten über Lehrermangel" not in shown  # the story's older report
    shown = headlines(section(client, Article.objects.get(pk=schule.pk)))
    assert "Bundestag berät über Rentenpaket" not in shown  # its own story


def test_related_news_is_shown_instead(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        store_results([feed_draft(k) for k in ("bangladesch", "nepal", "srilanka")], "test")
    lockdown = Article.objects.get(guid="https://feed.example/bangladesch")
    html = section(client, lockdown)
    assert set(headlines(html)) == {
        "Nepal verlängert den Lockdown",
        "Sri Lanka schließt Geschäfte und Märkte",
    }
    assert "Gemeinsam:" in html and not NOTE.search(html)


def test_the_cached_page_gets_the_ressorts_newer_story(client, settings, politik, stored):
    settings.MELDUNGEN = {**settings.MELDUNGEN, "PAGE_CACHE": True, "PAGE_CACHE_MARGIN": 0}
    brief = politik["brief"]
    assert client.get(brief.get_absolute_url())["X-Page-Cache"] == "miss"
    assert client.get(brief.get_absolute_url())["X-Page-Cache"] == "hit"
    stored("neu", "Kabinett beschließt Haushaltsentwurf", 0.1)
    response = client.get(brief.get_absolute_url())
    assert response["X-Page-Cache"] == "miss"
    assert headlines(section(client, brief))[0] == "Kabinett beschließt Haushaltsentwurf"


def test_no_ressort_news_when_the_portal_shows_no_related_news(client, settings, politik):
    settings.MELDUNGEN = {**settings.MELDUNGEN, "RELATED_LIMIT": 0}
    page = client.get(politik["brief"].get_absolute_url()).content.decode()
    assert "Weitere Meldungen" not in page
