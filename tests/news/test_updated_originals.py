"""A copy of a report (another sender's item with the same text) stays hidden as its copy only
while the texts are the same: when the original is updated with another text (a wire's next
version, an edited feed item), or the copy is, the copy is a report of its own in the same
story (of several copies of the old text, the first is the original of the others, as when an
original is withdrawn). Lists show one entry per story, every page answers, through the single
store (``store_draft``) and the batch store (``store_results``)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from django.core.cache import cache

from meldungen.ingest.draft import ArticleDraft
from meldungen.news.models import Article, Source, StoryArticle
from meldungen.news.services import parse_bytes, store_draft, store_results
from tests.news.test_withdrawn_copies import BODY, HEADLINE, TEASER  # the same report

pytestmark = [pytest.mark.django_db, pytest.mark.db]

UPDATED_BODY = BODY + (
    "<p>Die Opposition kritisierte den Beschluss: Der Ausbau gehe zu Lasten der Parkplätze "
    "in der Innenstadt, sagte ein Sprecher der Fraktion am Abend.</p>"
)
URNS = {
    "dpa": "urn:newsml:dpa.com:20250310:radwege",
    "epd": "urn:newsml:epd.de:20250310:rad",
    "afp": "urn:afp:20250310:rad",
}
WHEN = {
    "dpa": "2025-03-10T09:00:00+01:00",
    "epd": "2025-03-10T09:05:00+01:00",
    "afp": "2025-03-10T09:10:00+01:00",
}


@pytest.fixture
def senders(db) -> dict[str, Source]:
    cache.clear()
    return {
        name: Source.objects.create(name=name, url=f"https://{name}.example/wire", kind="wire")
        for name in URNS
    }


def _store(way: str, senders, name: str, version: int = 1, body: str = BODY):
    if way == "single":
        draft = ArticleDraft(
            guid=URNS[name], headline=HEADLINE, teaser=TEASER, body=body, format="digitalwires",
            version=version, published=datetime.fromisoformat(WHEN[name]).astimezone(UTC),
            ressort_hints=["Politik"],
        )  # fmt: skip
        return store_draft(draft, senders[name])
    item = {
        "format": "digitalwires@0.9.1", "type": "composite", "urn": URNS[name],
        "version": version, "version_created": WHEN[name], "pubstatus": "usable",
        "headline": HEADLINE, "teaser": TEASER, "article_html": body,
        "rubric_names": ["Politik"],
    }  # fmt: skip
    blob = json.dumps(item).encode()
    [result] = store_results(parse_bytes(blob, source=senders[name]), "wire.json", senders[name])
    return result


def _get(name: str) -> Article:
    return Article.objects.get(guid=URNS[name])


def _reader_sees(client, reports: list[Article]) -> None:
    """Each report readable on its own page and on the story page; every list shows the story
    once; nothing 5xx."""
    story_id = reports[0].story_id
    assert all(a.story_id == story_id for a in reports)
    for article in reports:
        page = client.get(article.get_absolute_url())
        assert page.status_code == 200, article.get_absolute_url()
    story = client.get(f"/story/{story_id}/").content.decode()
    for article in reports:
        assert f"/artikel/{article.pk}/" in story
    for url in ("/", "/rss.xml", "/atom.xml", "/ressort/politik/"):
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        shown = [a.pk for a in reports if f"/artikel/{a.pk}/" in text]
        assert len(shown) == 1, (url, shown)  # one entry for the story
    found = client.get("/suche?q=Radwegenetz")  # one hit, the others as its "weitere Quellen"
    assert found.status_code == 200
    assert found.content.decode().count('class="search-hit"') == 1
    listed = client.get("/api/articles").json()["items"]
    assert len(listed) == 1
    for article in reports:
        assert client.get(f"/api/articles/{article.pk}").status_code == 200


@pytest.mark.parametrize("way", ["single", "batch"])
def test_a_copy_is_its_own_report_when_the_original_is_updated(client, senders, way):
    assert _store(way, senders, "dpa").outcome == "new"
    assert _store(way, senders, "epd").outcome == "duplicate"
    client.get("/")  # lists cached before the update
    assert _store(way, senders, "dpa", version=2, body=UPDATED_BODY).outcome == "updated"
    original, copy = _get("dpa"), _get("epd")
    assert "Opposition" in original.body and "Opposition" not in copy.body
    assert copy.duplicate_of_id is None
    assert copy.story_id == original.story_id
    assert StoryArticle.objects.get(article_id=copy.pk).copy_of is None
    assert copy.is_visible()
    _reader_sees(client, [original, copy])


@pytest.mark.parametrize("way", ["single", "batch"])
def test_copies_of_the_old_text_stay_one_family(client, senders, way):
    _store(way, senders, "dpa")
    _store(way, senders, "epd")
    assert _store(way, senders, "afp").outcome == "duplicate"
    _store(way, senders, "dpa", version=2, body=UPDATED_BODY)
    epd, afp = _get("epd"), _get("afp")
    assert epd.duplicate_of_id is None
    assert afp.duplicate_of_id == epd.pk  # still the same text as epd's: its copy
    assert StoryArticle.objects.get(article_id=afp.pk).copy_of == str(epd.pk)
    _reader_sees(client, [_get("dpa"), epd])
    # a later copy of the old text is a copy of the report that has it
    senders["ap"] = Source.objects.create(name="ap", url="https://ap.example/w", kind="wire")
    URNS["ap"], WHEN["ap"] = "urn:ap:rad", "2025-03-10T09:20:00+01:00"
    try:
        later = _store(way, senders, "ap")
        assert later.outcome == "duplicate" and _get("ap").duplicate_of_id == epd.pk
    finally:
        del URNS["ap"], WHEN["ap"]


@pytest.mark.parametrize("way", ["single", "batch"])
def test_a_copy_updated_with_another_text_is_its_own_report(client, senders, way):
    _store(way, senders, "dpa")
    _store(way, senders, "epd")
    assert _store(way, senders, "epd", version=2, body=UPDATED_BODY).outcome == "updated"
    original, copy = _get("dpa"), _get("epd")
    assert copy.duplicate_of_id is None and copy.story_id == original.story_id
    assert StoryArticle.objects.get(article_id=copy.pk).copy_of is None
    _reader_sees(client, [original, copy])


@pytest.mark.parametrize("way", ["single", "batch"])
def test_an_update_with_the_same_text_keeps_the_copy(client, senders, way):
    _store(way, senders, "dpa")
    _store(way, senders, "epd")
    assert _store(way, senders, "dpa", version=2).outcome == "updated"  # a new version, same text
    assert _get("epd").duplicate_of_id == _get("dpa").pk
    assert client.get(_get("epd").get_absolute_url()).status_code == 301


def _wire_item(name: str, version: int = 1, body: str = BODY) -> dict:
    return {
        "format": "digitalwires@0.9.1", "type": "composite", "urn": URNS[name],
        "version": version, "version_created": WHEN[name], "pubstatus": "usable",
        "headline": HEADLINE, "teaser": TEASER, "article_html": body,
        "rubric_names": ["Politik"],
    }  # fmt: skip


@pytest.mark.parametrize("old_text_first", [False, True])
def test_the_old_text_in_the_batch_of_the_update(client, senders, old_text_first):
    """One batch of one sender: the update of a stored report and another id with the text
    the report had before, as stored one by one. After the update, that item is a copy of the
    report (it redirects to it; the story is listed by the update), not a second original
    that lists the story by the old text; before it, it is a copy of the old text, which the
    update leaves as a report of its own."""

    def store(*items: dict):
        blob = json.dumps(list(items)).encode()
        return store_results(parse_bytes(blob, source=senders["dpa"]), "wire.json", senders["dpa"])

    assert [r.outcome for r in store(_wire_item("dpa"))] == ["new"]
    client.get("/")  # lists cached before the batch
    update, old_text = _wire_item("dpa", version=2, body=UPDATED_BODY), _wire_item("epd")
    if old_text_first:
        result, updated = store(old_text, update)
    else:
        updated, result = store(update, old_text)
    assert updated.outcome == "updated"
    original, copy = _get("dpa"), _get("epd")
    assert (result.outcome, result.reason) == ("duplicate", f"copy of #{original.pk}")
    if old_text_first:
        assert copy.duplicate_of_id is None
        _reader_sees(client, [original, copy])
        return
    assert copy.duplicate_of_id == original.pk  # as the result says
    assert StoryArticle.objects.get(article_id=copy.pk).copy_of == str(original.pk)
    assert client.get(copy.get_absolute_url()).status_code == 301
    story = client.get(f"/story/{original.story_id}/").content.decode()
    assert f"/artikel/{copy.pk}/" not in story  # not a second report of the story
    for url in ("/", "/rss.xml", "/ressort/politik/"):  # the story, by the updated report
        text = client.get(url).content.decode()
        listed = [a.pk for a in (original, copy) if f"/artikel/{a.pk}/" in text]
        assert listed == [original.pk], (url, listed)
    [entry] = client.get("/api/articles").json()["items"]
    assert entry["id"] == original.pk
