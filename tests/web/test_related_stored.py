""" "Weitere Meldungen", stored: computed in the background when an article is stored (the
immediate task backend runs it when the store commits), refreshed for older articles when a
newer related report arrives, filtered by what readers may see at read time, and computed as
before (and stored) when no current list is stored. The stored list shows what the live
ranking shows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from meldungen.news.models import Article, RelatedEntry, RelatedList
from meldungen.news.services import store_results
from meldungen.news.stories import related_for as live_ranking
from meldungen.web import relatedstore
from meldungen.web.contentversion import bump_content_version
from meldungen.web.queries import visible_articles
from meldungen.web.related import related_for, search_candidates, stored_related
from tests.stories.feed_texts import FEED, feed_draft

pytestmark = [pytest.mark.django_db, pytest.mark.db]


_draft = feed_draft


@pytest.fixture
def ingest(django_capture_on_commit_callbacks):
    """Store drafts as ingest does and run what their commits queue (the related lists)."""

    def run(*keys: str, **kw) -> dict[str, Article]:
        with django_capture_on_commit_callbacks(execute=True):
            results = store_results([_draft(k, **kw) for k in keys], "test")
        assert all(r.outcome in ("new", "updated", "withdrawn") for r in results), results
        return {k: Article.objects.get(guid=f"https://feed.example/{k}") for k in keys}

    return run


def _stored_ids(article: Article) -> list[int]:
    return list(
        RelatedEntry.objects.filter(owner_id=article.pk)
        .order_by("rank")
        .values_list("related_id", flat=True)
    )


def _live(article: Article, limit: int = 6) -> list[tuple[int, tuple]]:
    ranked = live_ranking(article, visible_articles(), limit=limit, search=search_candidates)
    return [(a.pk, tuple(why)) for a, why in ranked]


def test_the_list_is_stored_when_the_article_is_ingested(ingest):
    arts = ingest(*FEED)
    lockdown = arts["bangladesch"]
    assert RelatedList.objects.filter(article=lockdown).exists()
    assert set(_stored_ids(lockdown)) == {arts["nepal"].pk, arts["srilanka"].pk}
    shown = stored_related(lockdown, 6)  # read from the table, not computed
    assert shown is not None
    assert [(a.pk, a.shared_tags) for a in shown] == _live(lockdown)
    assert all(a.shared_tags for a in shown)  # each entry still says why
    # an article without good neighbours has a stored empty list, not unrelated entries
    assert stored_related(arts["maiszuensler"], 6) == []


def test_an_older_article_gets_the_newer_related_report(ingest):
    first = ingest("bangladesch", "maiszuensler", "johnson")
    lockdown = first["bangladesch"]
    assert _stored_ids(lockdown) == []
    nepal = ingest("nepal")["nepal"]  # 20 hours later: the older report's list gets it
    assert _stored_ids(lockdown) == [nepal.pk]
    srilanka = ingest("srilanka")["srilanka"]
    assert set(_stored_ids(lockdown)) == {nepal.pk, srilanka.pk}
    assert srilanka.pk in _stored_ids(nepal)
    assert [(a.pk, a.shared_tags) for a in related_for(lockdown)] == _live(lockdown)


def test_a_changed_list_renews_its_cached_page(ingest, monkeypatch):
    lockdown = ingest("bangladesch", "maiszuensler")["bangladesch"]
    bumped: list[set[str]] = []
    monkeypatch.setattr(relatedstore.pagecache, "bump_on_commit", lambda tags: bumped.append(tags))
    ingest("nepal")
    assert {f"article:{lockdown.pk}"} in bumped
    bumped.clear()
    relatedstore.refresh(lockdown.pk, neighbours=False)  # same list again: nothing to renew
    assert {f"article:{lockdown.pk}"} not in bumped


def test_a_withdrawn_related_article_disappears(ingest, client):
    arts = ingest(*FEED)
    lockdown, nepal = arts["bangladesch"], arts["nepal"]
    assert nepal.pk in _stored_ids(lockdown)
    # withdrawn behind the list's back: the read filters it out at once
    Article.objects.filter(pk=nepal.pk).update(pubstatus="withdrawn")
    assert nepal.pk not in [a.pk for a in related_for(lockdown)]
    Article.objects.filter(pk=nepal.pk).update(pubstatus="usable")
    # withdrawn through ingest: the lists that showed it are computed again without it
    ingest("nepal", version=2, pubstatus="withdrawn")
    assert nepal.pk not in _stored_ids(lockdown)
    assert not RelatedList.objects.filter(article=nepal).exists()
    page = client.get(f"/artikel/{lockdown.pk}/").content.decode()
    assert nepal.headline not in page
    assert arts["srilanka"].headline in page[page.index("Weitere Meldungen") :]


def test_without_a_stored_list_the_page_computes_and_stores_it(client):
    # stored without running the background work (as an archive loaded in bulk)
    store_results([_draft(k) for k in FEED], "test")
    lockdown = Article.objects.get(guid="https://feed.example/bangladesch")
    assert not RelatedList.objects.exists()
    expected = _live(lockdown)
    assert stored_related(lockdown, 6) is None
    assert [(a.pk, a.shared_tags) for a in related_for(lockdown)] == expected
    assert RelatedList.objects.filter(article=lockdown).exists()  # stored for the next reader
    assert [(a.pk, a.shared_tags) for a in stored_related(lockdown, 6)] == expected
    page = client.get(f"/artikel/{lockdown.pk}/")
    assert page.status_code == 200 and "Gemeinsam:" in page.content.decode()


def test_an_editors_global_change_makes_stored_lists_compute_again(ingest, settings):
    arts = ingest(*FEED)
    lockdown = arts["bangladesch"]
    assert stored_related(lockdown, 6) is not None
    bump_content_version()  # a merge, rename, block or re-enrichment
    assert stored_related(lockdown, 6) is None
    assert [a.pk for a in related_for(lockdown)] == [pk for pk, _ in _live(lockdown)]
    assert stored_related(lockdown, 6) is not None
    # a larger limit than the stored list holds is computed, not cut short
    settings.MELDUNGEN = {**settings.MELDUNGEN, "RELATED_LIMIT": 20}
    assert stored_related(lockdown, 20) is None
    assert [a.pk for a in related_for(lockdown)] == [pk for pk, _ in _live(lockdown, 20)]


def test_an_embargo_passing_makes_stored_lists_compute_again(ingest):
    now = datetime.now(UTC)
    arts = ingest("bangladesch", "nepal", "maiszuensler")
    lockdown = arts["bangladesch"]
    ingest("srilanka", embargo=now + timedelta(hours=1))
    shown = [a.pk for a in related_for(lockdown)]
    srilanka = Article.objects.get(guid="https://feed.example/srilanka")
    assert srilanka.pk not in shown
    head = RelatedList.objects.get(article=lockdown)
    assert head.valid_until == srilanka.embargo  # holds until the embargo passes
    Article.objects.filter(pk=srilanka.pk).update(embargo=now - timedelta(minutes=1))
    RelatedList.objects.filter(article=lockdown).update(valid_until=now - timedelta(minutes=1))
    assert srilanka.pk in [a.pk for a in related_for(lockdown)]


def test_no_page_answers_5xx_with_stored_lists(ingest, client):
    arts = ingest(*FEED)
    ingest("johnson", version=2, pubstatus="withdrawn")
    RelatedList.objects.filter(article=arts["nepal"]).delete()  # one list missing
    for article in Article.objects.all():
        status = client.get(f"/artikel/{article.pk}/").status_code
        assert status in (200, 410), (article.headline, status)
    answer = client.get(f"/api/articles/{arts['bangladesch'].pk}")
    assert answer.status_code == 200
    shown = [a.pk for a in related_for(arts["bangladesch"])]
    assert [r["id"] for r in answer.json()["related"]] == shown  # the API reads the same list
    assert all(r["source_name"] and r["url"] for r in answer.json()["related"])
