"""The full-page cache: pages are answered from the cache until what they show changes; a
stored article invalidates its page, its Ressort, home and feeds, not an unrelated article."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from storehelp import put

from meldungen.web.caching import CACHE_CONTROL
from meldungen.web.ressorts import ressort_slug

pytestmark = [pytest.mark.django_db, pytest.mark.db]


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.MELDUNGEN = {**settings.MELDUNGEN, "PAGE_CACHE": True, "PAGE_CACHE_MARGIN": 0}


@pytest.fixture
def stored(django_capture_on_commit_callbacks):
    """Store a draft and run what its commit triggers (the tag bumps)."""

    def store(guid: str, headline: str, **kw):
        kw.setdefault("published", timezone.now() - timedelta(hours=1))
        with django_capture_on_commit_callbacks(execute=True):
            return put(guid, headline, **kw)

    return store


@pytest.fixture
def two(stored):
    vote = stored(
        "wahl",
        "Stadtrat wählt neuen Kämmerer",
        teaser="Die Abstimmung im Rathaus fiel knapp aus.",
        ressort_hints=["politik"],
        keywords=["Stadtrat"],
    )
    match = stored(
        "spiel",
        "Handballerinnen gewinnen Auswärtsspiel deutlich",
        teaser="Die Mannschaft siegte mit zwölf Toren Vorsprung.",
        ressort_hints=["sport"],
        keywords=["Handball"],
    )
    assert vote.ressort and match.ressort and vote.ressort != match.ressort
    return vote, match


def state(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Cache-Control"] == CACHE_CONTROL
    return response["X-Page-Cache"]


def test_second_request_is_answered_from_the_cache(client, two):
    vote, _ = two
    for url in (f"/artikel/{vote.pk}/", "/", f"/ressort/{ressort_slug(vote.ressort)}/", "/rss.xml"):
        assert state(client, url) == "miss"
        assert state(client, url) == "hit"


def test_an_upgrade_never_serves_pages_the_old_code_rendered(client, two, monkeypatch):
    from meldungen.web import pagecache

    vote, _ = two
    url = f"/artikel/{vote.pk}/"
    assert state(client, url) == "miss" and state(client, url) == "hit"
    monkeypatch.setattr(pagecache, "RELEASE", "new-release")  # other code or templates
    assert state(client, url) == "miss" and state(client, url) == "hit"


def test_the_release_follows_the_files_that_render_pages(tmp_path, monkeypatch):
    from meldungen.web import pagecache

    assert pagecache._release() == pagecache.RELEASE  # nothing changed since the import
    fake = tmp_path / "meldungen" / "web" / "pagecache.py"
    fake.parent.mkdir(parents=True)
    (tmp_path / "meldungen" / "web" / "templates").mkdir()
    page = tmp_path / "meldungen" / "web" / "templates" / "page.html"
    page.write_text("<p>alt</p>")
    monkeypatch.setattr(pagecache, "__file__", str(fake))
    before = pagecache._release()
    page.write_text("<p>neu und länger</p>")
    assert pagecache._release() != before


def test_a_stored_change_invalidates_only_the_pages_that_show_it(client, two, stored):
    vote, match = two
    mine = [
        f"/artikel/{vote.pk}/",
        f"/ressort/{ressort_slug(vote.ressort)}/",
        "/",
        "/rss.xml",
        "/atom.xml",
    ]
    other = [f"/artikel/{match.pk}/", f"/ressort/{ressort_slug(match.ressort)}/"]
    for url in mine + other:
        client.get(url)
    assert all(state(client, url) == "hit" for url in mine + other)

    stored(
        "wahl",
        "Stadtrat wählt neue Kämmerin",
        teaser="Die Abstimmung im Rathaus fiel knapp aus.",
        ressort_hints=["politik"],
        keywords=["Stadtrat"],
        version=2,
    )
    for url in mine:
        response = client.get(url)
        assert response["X-Page-Cache"] == "miss", url
        assert "neue Kämmerin" in response.content.decode(), url
    assert state(client, other[0]) == "hit"  # an unrelated article's page stays cached


def test_withdrawal_takes_the_page_out_of_the_cache(client, two, stored):
    vote, _ = two
    assert state(client, "/") == "miss"
    stored("wahl", "Stadtrat wählt neuen Kämmerer", pubstatus="withdrawn", version=3)
    assert client.get(f"/artikel/{vote.pk}/").status_code == 410
    home = client.get("/")
    assert home["X-Page-Cache"] == "miss" and "Kämmerer" not in home.content.decode()


def test_revalidation_is_answered_from_the_cache_with_304(client, two):
    vote, _ = two
    url = f"/artikel/{vote.pk}/"
    first = client.get(url)
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert again["X-Page-Cache"] == "hit" and again["ETag"] == first["ETag"]
    since = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    assert client.get(url, HTTP_IF_NONE_MATCH='"anders"').status_code == 200


def test_head_is_answered_without_a_body(client, two):
    vote, _ = two
    client.get(f"/artikel/{vote.pk}/")
    head = client.head(f"/artikel/{vote.pk}/")
    assert head.status_code == 200 and head["X-Page-Cache"] == "hit" and head.content == b""


def test_an_embargo_that_passes_refreshes_cached_pages(client, two, stored, monkeypatch):
    stored(
        "sperre",
        "Haushaltsentwurf mit Sperrfrist",
        teaser="Noch nicht öffentlich.",
        ressort_hints=["politik"],
        embargo=timezone.now() + timedelta(minutes=5),
    )
    assert state(client, "/") == "miss"
    assert state(client, "/") == "hit"
    later = timezone.now() + timedelta(minutes=6)
    monkeypatch.setattr(timezone, "now", lambda: later)
    home = client.get("/")
    assert home["X-Page-Cache"] == "miss" and "Sperrfrist" in home.content.decode()


def test_logged_in_readers_bypass_the_cache(client, two):
    vote, _ = two
    client.get(f"/artikel/{vote.pk}/")
    client.cookies["sessionid"] = "abc"
    response = client.get(f"/artikel/{vote.pk}/")
    assert response.status_code == 200
    assert "X-Page-Cache" not in response and response.get("Cache-Control") != CACHE_CONTROL


def test_an_evicted_tag_costs_a_render_not_a_stale_page(client, two):
    from django.core.cache import cache

    from meldungen.web.pagecache import TAG_PREFIX

    vote, _ = two
    url = f"/artikel/{vote.pk}/"
    client.get(url)
    cache.delete(TAG_PREFIX + f"article:{vote.pk}")
    assert state(client, url) == "miss"
    assert state(client, url) == "hit"


def test_a_batch_bumps_what_existed_not_what_it_created(
    client, two, stored, monkeypatch, django_capture_on_commit_callbacks
):
    """A batch of ingest bumps the tags of the pages its articles join (home, Ressort, the
    topics they share with stored articles), not those of the articles, stories and topics it
    created (no page can have shown them); every page stays right."""
    from meldungen.ingest.draft import ArticleDraft
    from meldungen.news.models import Article, Entity
    from meldungen.news.services import store_results
    from meldungen.web import pagecache

    vote, match = two
    stored(
        "stadt",
        "Wolfenbüttel saniert das Schloss",
        teaser="Die Stadt Wolfenbüttel lässt das Schloss sanieren.",
        ressort_hints=["politik"],
    )
    topic = Entity.objects.get(key="loc:wolfenbuettel")
    pages = ["/", f"/ressort/{ressort_slug(vote.ressort)}/", f"/thema/{topic.slug}/"]
    # an article of another Ressort it shares nothing with (its "Weitere Meldungen" shows
    # the newest of Sport: nothing of a Politik batch)
    pages.append(f"/artikel/{match.pk}/")
    for url in pages:
        client.get(url)
    slugs_before = set(Entity.objects.values_list("slug", flat=True))
    bumped: list[set[str]] = []
    bump = pagecache.bump
    monkeypatch.setattr(pagecache, "bump", lambda tags: (bumped.append(set(tags)), bump(tags)))
    draft = ArticleDraft(
        guid="urn:test:batch",
        headline="Salzgitter und Wolfenbüttel planen gemeinsame Feuerwehr",
        format="ninjs",
        teaser="Die Städte Salzgitter und Wolfenbüttel wollen eine gemeinsame Wache bauen.",
        ressort_hints=["politik"],
        published=timezone.now() - timedelta(minutes=30),
    )
    with django_capture_on_commit_callbacks(execute=True):
        [result] = store_results([draft], "batch.json")
    new = Article.objects.get(pk=result.article_id)
    new_slugs = set(Entity.objects.values_list("slug", flat=True)) - slugs_before
    assert new_slugs  # Salzgitter is a new topic
    [tags] = [t for t in bumped if "home" in t]  # the batch's bump
    assert {f"ressort:{ressort_slug(new.ressort)}", f"topic:{topic.slug}"} <= tags
    assert f"article:{new.pk}" not in tags and f"story:{new.story_id}" not in tags
    assert not {f"topic:{s}" for s in new_slugs} & tags
    for url in pages[:3]:  # the lists it joined render again and show it
        response = client.get(url)
        assert response["X-Page-Cache"] == "miss", url
        assert "gemeinsame Feuerwehr" in response.content.decode(), url
    assert state(client, pages[3]) == "hit"  # the article it shares nothing with
    for url in [f"/artikel/{new.pk}/"] + [f"/thema/{s}/" for s in new_slugs]:
        assert state(client, url) == "miss"
        assert state(client, url) == "hit"


def test_a_rebuilt_search_index_renews_cached_search_pages(
    client, two, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    assert state(client, "/suche?q=Kämmerer") == "miss"
    assert state(client, "/suche?q=Kämmerer") == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        call_command("search_reindex", stdout=io.StringIO())
    assert state(client, "/suche?q=Kämmerer") == "miss"


def test_api_tag_counts_are_kept_until_something_is_stored(
    client, stored, monkeypatch, django_capture_on_commit_callbacks
):
    """/api/tags joins every tag link with its article (0.9 s at 100,000 articles): its answer
    is kept under the page cache's change stamp, and a stored article counts at once."""
    from storehelp import tag

    from meldungen.api import tag_counts

    computed = []
    real = tag_counts.cached

    def counting(params, compute):
        return real(params, lambda: computed.append(params) or compute())

    def tagged(guid: str, headline: str) -> None:
        article = stored(guid, headline, teaser="Der Hafen hat mehr Güter umgeschlagen als je.")
        with django_capture_on_commit_callbacks(execute=True):
            tag(article, "Hafen Kiel")

    monkeypatch.setattr(tag_counts, "cached", counting)
    tagged("kiel-1", "Kieler Hafen meldet einen Rekord beim Umschlag")
    first = client.get("/api/tags?q=hafen").json()
    assert client.get("/api/tags?q=hafen").json() == first
    assert [t["article_count"] for t in first] == [1]
    assert len(computed) == 1  # the second answer was the kept one
    tagged("kiel-2", "Kieler Hafen erwartet noch mehr Fähren im Sommer")
    assert [t["article_count"] for t in client.get("/api/tags?q=hafen").json()] == [2]
    assert len(computed) == 2
