""" "Weitere Meldungen" for feed articles without good tags: a lockdown report gets the other
lockdown reports (saying which theme they share), not articles sharing only "Europa"."""

from __future__ import annotations

import pytest

from meldungen.news.models import Article
from meldungen.news.services import store_draft
from meldungen.web.related import related_for
from tests.stories.feed_texts import FEED, feed_draft

pytestmark = [pytest.mark.django_db, pytest.mark.db]


def _store_feed() -> dict[str, Article]:
    out = {}
    for key in FEED:
        draft = feed_draft(key)
        store_draft(draft)
        out[key] = Article.objects.get(guid=draft.guid)
    return out


def test_feed_lockdown_report_lists_lockdown_reports(client):
    arts = _store_feed()
    related = related_for(arts["bangladesch"])
    assert {a.pk for a in related} == {arts["nepal"].pk, arts["srilanka"].pk}
    for item in related:
        assert item.shared_tags  # each entry says why: shared names or the shared theme
    page = client.get(f"/artikel/{arts['bangladesch'].pk}/").content.decode()
    section = page[page.index("Weitere Meldungen") :]
    assert "Gemeinsam:" in section
    assert arts["maiszuensler"].headline not in section
    assert arts["johnson"].headline not in section


def test_an_article_without_related_news_shows_no_unrelated_ones(client):
    arts = _store_feed()
    assert related_for(arts["maiszuensler"]) == []
    assert client.get(f"/artikel/{arts['maiszuensler'].pk}/").status_code == 200


def test_search_index_is_asked_only_when_the_story_index_gives_too_few(monkeypatch):
    import meldungen.news.related as rel
    from meldungen.news.stories import related_for as ranked
    from meldungen.web.queries import visible_articles

    arts = _store_feed()
    asked: list[list[str]] = []

    def search(terms: list[str]) -> list[int]:
        asked.append(terms)
        return [arts["nepal"].pk, arts["srilanka"].pk]

    # a small archive: fewer story-index candidates than the cut, so search is asked, with the
    # article's salient lemmas, and its hits are scored like any candidate
    out = ranked(arts["bangladesch"], visible_articles(), search=search)
    assert len(asked) == 1 and asked[0] and all(t.isalpha() for t in asked[0])
    assert {a.pk for a, _ in out} == {arts["nepal"].pk, arts["srilanka"].pk}

    # enough story-index candidates for the cut: the search index is not asked
    asked.clear()
    monkeypatch.setattr(rel, "KEY_SHORTLIST", 1)
    ranked(arts["bangladesch"], visible_articles(), search=search)
    assert asked == []
