"""Whose article is it: a guid is an item's identity only within its owner (source, token
provider or file). Only the owner updates, corrects or withdraws it; another sender's copy of
a withdrawn original stays."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from meldungen.api.models import ApiToken
from meldungen.ingest.draft import ArticleDraft
from meldungen.news.models import Article, Source, owner_key
from meldungen.news.services import store_draft
from meldungen.search.service import fold_stories
from meldungen.web.queries import visible_articles

pytestmark = [pytest.mark.django_db, pytest.mark.db]

GUID = "urn:newsml:dpa.com:20250212:250212-99-123456"


def draft(**kw) -> ArticleDraft:
    base = dict(
        guid=GUID,
        headline="Hafenbehörde meldet Rekordumschlag im Januar",
        format="newsml-g2",
        teaser="Mehr Container als je zuvor.",
        body="<p>Im Januar wurden so viele Container umgeschlagen wie nie.</p>",
        published=datetime(2025, 2, 12, 9, tzinfo=UTC),
        credit="dpa",
    )
    base.update(kw)
    return ArticleDraft(**base)


@pytest.fixture
def sources(db) -> tuple[Source, Source]:
    owner = Source.objects.create(name="Agentur", url="https://agentur.example/feed")
    other = Source.objects.create(name="Fremder Feed", url="https://fremd.example/rss")
    return owner, other


def test_another_source_cannot_overwrite_with_the_same_guid(sources):
    owner, other = sources
    first = store_draft(draft(), owner)
    assert first.outcome == "new"
    hostile = draft(version=99, headline="Gefälschte Meldung", body="<p>Erfunden.</p>")
    result = store_draft(hostile, other)
    assert result.outcome in ("new", "duplicate")
    assert result.article_id != first.article_id
    original = Article.objects.get(pk=first.article_id)
    assert original.headline == "Hafenbehörde meldet Rekordumschlag im Januar"
    assert original.version == 1 and original.source == owner
    assert original.versions.count() == 1
    assert Article.objects.filter(guid=GUID).count() == 2


def test_another_source_cannot_withdraw_or_correct(sources, client):
    owner, other = sources
    first = store_draft(draft(), owner)
    assert store_draft(draft(version=5, pubstatus="withdrawn"), other).article_id != (
        first.article_id
    )
    corrected = draft(version=6, signal="correction", headline="Korrektur von fremd")
    store_draft(corrected, other)
    original = Article.objects.get(pk=first.article_id)
    assert not original.is_withdrawn and not original.is_correction
    assert client.get(original.get_absolute_url()).status_code == 200


def test_the_owner_updates_corrects_and_withdraws(sources, client):
    owner, _ = sources
    first = store_draft(draft(), owner)
    fixed = store_draft(draft(version=2, signal="correction", headline="Rekord im Januar"), owner)
    assert (fixed.outcome, fixed.article_id) == ("updated", first.article_id)
    assert Article.objects.get(pk=first.article_id).is_correction
    gone = store_draft(draft(version=3, pubstatus="withdrawn"), owner)
    assert (gone.outcome, gone.article_id) == ("withdrawn", first.article_id)
    assert client.get(f"/artikel/{first.article_id}/").status_code == 410


def test_the_same_guid_and_text_from_another_source_is_folded_as_a_copy(sources):
    owner, other = sources
    first = store_draft(draft(), owner)
    copy = store_draft(draft(), other)
    assert copy.outcome == "duplicate"
    assert Article.objects.get(pk=copy.article_id).duplicate_of_id == first.article_id


def test_files_and_tokens_are_owners_of_their_own(db):
    assert owner_key() == "file"
    assert owner_key(token_provider="  Agentur  Nord ") == "token:agentur nord"
    first = store_draft(draft())  # a file: owner "file"
    assert store_draft(draft(version=2, headline="Neu"), owner="file").outcome == "updated"
    token_owner = owner_key(token_provider="x")
    pushed = store_draft(draft(version=7, headline="Vom Token"), owner=token_owner)
    assert pushed.article_id != first.article_id
    assert Article.objects.get(pk=first.article_id).headline == "Neu"


def test_rows_from_before_owners_are_adopted_by_files_but_never_by_a_source(sources):
    owner, other = sources
    legacy = store_draft(draft())
    Article.objects.filter(pk=legacy.article_id).update(owner="legacy")
    by_source = store_draft(draft(version=2, headline="Von einer Quelle"), other)
    assert by_source.article_id != legacy.article_id
    adopted = store_draft(draft(version=3, headline="Neue Fassung"))
    assert (adopted.outcome, adopted.article_id) == ("updated", legacy.article_id)
    assert Article.objects.get(pk=legacy.article_id).owner == "file"


def test_api_pushes_belong_to_the_token_provider(client, sources):
    owner, _ = sources
    first = store_draft(draft(), owner)
    _, token = ApiToken.issue("Fremdagentur")
    body = (
        b'{"uri": "' + GUID.encode() + b'", "type": "text", "version": 50, "pubstatus": '
        b'"withdrawn", "versioncreated": "2025-02-12T10:00:00Z", "headlines": [{"role": '
        b'"main", "value": "Zurueckgezogen"}]}'
    )
    response = client.post(
        "/api/ingest", body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert response.status_code == 200, response.content
    assert response.json()["results"][0]["article_id"] != first.article_id
    assert not Article.objects.get(pk=first.article_id).is_withdrawn
    pushed = Article.objects.get(pk=response.json()["results"][0]["article_id"])
    assert pushed.owner == "token:fremdagentur"


def test_a_withdrawn_original_leaves_another_senders_copy(sources, client):
    """Only the owner withdraws: another sender's copy of the text stays readable and becomes
    the original (tests/news/test_withdrawn_copies.py has every page and both orders)."""
    owner, other = sources
    original = store_draft(draft(), owner)
    copy = store_draft(draft(guid="urn:fremd:1"), other)
    assert copy.outcome == "duplicate"
    store_draft(draft(version=2, pubstatus="withdrawn"), owner)
    kept = Article.objects.get(pk=copy.article_id)
    assert kept.duplicate_of_id is None and kept.is_visible()
    assert client.get(f"/artikel/{copy.article_id}/").status_code == 200
    assert client.get(f"/artikel/{original.article_id}/").status_code == 410
    assert [a["id"] for a in client.get("/api/articles").json()["items"]] == [copy.article_id]


def test_a_copy_still_pointing_at_a_withdrawn_original_is_hidden_everywhere(sources, client):
    """A copy stored before withdrawals passed copies on, whose original was withdrawn (rows
    written by hand: the migration news 0015 passes such copies on)."""
    owner, other = sources
    original = store_draft(draft(), owner)
    copy = store_draft(draft(guid="urn:fremd:1"), other)
    assert copy.outcome == "duplicate"
    neighbour = store_draft(
        draft(guid="urn:drittes:1", headline="Hafen: Umschlag steigt weiter", body="<p>Mehr.</p>")
    )
    story_id = Article.objects.get(pk=original.article_id).story_id
    Article.objects.filter(pk__in=[copy.article_id, neighbour.article_id]).update(story_id=story_id)
    Article.objects.filter(pk=original.article_id).update(pubstatus="withdrawn")

    copy_article = Article.objects.select_related("duplicate_of").get(pk=copy.article_id)
    assert not copy_article.is_visible()
    assert client.get(f"/artikel/{copy.article_id}/").status_code == 410
    assert client.get(f"/api/articles/{copy.article_id}").status_code == 410
    listed = client.get("/api/articles").json()
    assert copy.article_id not in [a["id"] for a in listed["items"]]
    assert not visible_articles().filter(pk=copy.article_id).exists()
    story_page = client.get(f"/story/{story_id}/")
    assert story_page.status_code in (200, 404)
    assert f"/artikel/{copy.article_id}/" not in story_page.content.decode()
    neighbour_article = Article.objects.get(pk=neighbour.article_id)
    folded = fold_stories([neighbour_article])[neighbour.article_id]
    assert copy.article_id not in [a.pk for a in folded]
    detail = client.get(f"/api/articles/{neighbour.article_id}").json()
    assert copy.article_id not in [a["id"] for a in detail["other_sources"]]
