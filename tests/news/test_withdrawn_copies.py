"""Withdrawing one of two stored reports with the same text (a copy: another sender's item, or
the same text under another id) removes what that id contributed, whichever arrived first: the
other report stays readable and listed once, no page or list shows the withdrawn one, nothing
answers 5xx. Through the single store (``store_draft``) and the batch store (``store_results``),
with a full withdrawal (the text and status "withdrawn") and a bare one (id, version, status)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from django.core.cache import cache

from meldungen.ingest.draft import ArticleDraft
from meldungen.news.models import Article, Source
from meldungen.news.services import parse_bytes, store_draft, store_results

pytestmark = [pytest.mark.django_db, pytest.mark.db]

HEADLINE = "Stadtrat beschließt neues Radwegenetz für Leipzig"
TEASER = "Bis 2030 sollen 80 Kilometer neue Radwege entstehen."
BODY = (
    "<p>Der Leipziger Stadtrat hat am Mittwoch ein neues Radwegenetz beschlossen. "
    "Bis 2030 sollen in der Stadt 80 Kilometer geschützte Radwege entstehen.</p>"
    "<p>Die Kosten schätzt die Stadtverwaltung auf rund 120 Millionen Euro.</p>"
)
URNS = {"dpa": "urn:newsml:dpa.com:20250310:radwege", "epd": "urn:newsml:epd.de:20250310:rad"}
WHEN = {"dpa": "2025-03-10T09:00:00+01:00", "epd": "2025-03-10T09:05:00+01:00"}


@pytest.fixture
def senders(db) -> dict[str, Source]:
    cache.clear()
    return {
        "dpa": Source.objects.create(name="dpa", url="https://dpa.example/wire", kind="wire"),
        "epd": Source.objects.create(name="epd", url="https://epd.example/wire", kind="wire"),
    }


def _wire(name: str, **kw) -> dict:
    item = {
        "format": "digitalwires@0.9.1",
        "type": "composite",
        "urn": URNS[name],
        "version": 1,
        "version_created": WHEN[name],
        "pubstatus": "usable",
        "headline": HEADLINE,
        "teaser": TEASER,
        "article_html": BODY,
        "rubric_names": ["Politik"],
    }
    item.update(kw)
    return item


def _draft(name: str, **kw) -> ArticleDraft:
    base = dict(
        guid=URNS[name],
        headline=HEADLINE,
        teaser=TEASER,
        body=BODY,
        format="digitalwires",
        published=datetime.fromisoformat(WHEN[name]).astimezone(UTC),
        ressort_hints=["Politik"],
    )
    base.update(kw)
    return ArticleDraft(**base)


def _store(way: str, senders, name: str, **kw):
    if way == "single":
        return store_draft(_draft(name, **kw), senders[name])
    blob = json.dumps(_wire(name, **kw)).encode()
    [result] = store_results(parse_bytes(blob, source=senders[name]), "wire.json", senders[name])
    return result


def _withdraw(way: str, senders, name: str, bare: bool):
    if bare:  # the notice names only the item: id, version, status
        if way == "single":
            notice = ArticleDraft(
                guid=URNS[name], headline="", format="digitalwires", version=2,
                pubstatus="canceled",
            )  # fmt: skip
            return store_draft(notice, senders[name])
        blob = json.dumps({"urn": URNS[name], "version": 2, "pubstatus": "canceled"}).encode()
        [result] = store_results(parse_bytes(blob, source=senders[name]), "n.json", senders[name])
        return result
    status = "canceled" if way == "batch" else "withdrawn"
    return _store(way, senders, name, version=2, pubstatus=status)


def _reader_sees(client, kept: Article, gone: Article) -> None:
    """Every page a reader has: the kept report readable and listed once, the withdrawn one
    nowhere, nothing 5xx."""
    assert client.get(gone.get_absolute_url()).status_code == 410
    page = client.get(kept.get_absolute_url())
    assert page.status_code == 200
    assert HEADLINE in page.content.decode()
    for url in ("/", "/rss.xml", "/atom.xml", "/ressort/politik/", "/suche?q=Radwegenetz"):
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        assert text.count(f"/artikel/{kept.pk}/") >= 1, url
        assert f"/artikel/{gone.pk}/" not in text, url
    listed = client.get("/api/articles").json()["items"]
    assert [a["id"] for a in listed] == [kept.pk]
    assert client.get(f"/api/articles/{kept.pk}").status_code == 200
    assert client.get(f"/api/articles/{gone.pk}").status_code == 410
    story = client.get(f"/story/{kept.story_id}/")
    assert story.status_code == 200
    assert f"/artikel/{gone.pk}/" not in story.content.decode()
    assert f"/artikel/{kept.pk}/" in story.content.decode()
    for link in kept.tags():
        topic = client.get(link.get_absolute_url())
        assert topic.status_code == 200
        assert f"/artikel/{kept.pk}/" in topic.content.decode()
        assert f"/artikel/{gone.pk}/" not in topic.content.decode()


@pytest.mark.parametrize("way", ["single", "batch"])
@pytest.mark.parametrize("bare", [False, True], ids=["full", "bare"])
@pytest.mark.parametrize("withdrawn", ["first", "second"])
def test_withdrawing_one_of_two_copies_keeps_the_other(client, senders, way, bare, withdrawn):
    first = _store(way, senders, "dpa")
    second = _store(way, senders, "epd")
    assert (first.outcome, second.outcome) == ("new", "duplicate")
    client.get("/")  # the lists are cached before the withdrawal
    gone_name, kept_name = ("dpa", "epd") if withdrawn == "first" else ("epd", "dpa")
    result = _withdraw(way, senders, gone_name, bare)
    assert result.outcome == "withdrawn", result
    gone = Article.objects.get(guid=URNS[gone_name])
    kept = Article.objects.get(guid=URNS[kept_name])
    assert gone.is_withdrawn and not kept.is_withdrawn
    assert kept.is_visible()
    _reader_sees(client, kept, gone)


@pytest.mark.parametrize("way", ["single", "batch"])
def test_a_copy_arriving_after_the_withdrawal_is_readable(client, senders, way):
    _store(way, senders, "dpa")
    _withdraw(way, senders, "dpa", bare=False)
    later = _store(way, senders, "epd")
    assert later.outcome == "new", later
    kept = Article.objects.get(pk=later.article_id)
    _reader_sees(client, kept, Article.objects.get(guid=URNS["dpa"]))


def test_a_third_copy_follows_the_report_that_stays(client, senders):
    senders["afp"] = Source.objects.create(name="afp", url="https://afp.example/w", kind="wire")
    URNS["afp"], WHEN["afp"] = "urn:afp:rad", "2025-03-10T09:10:00+01:00"
    try:
        _store("single", senders, "dpa")
        _store("single", senders, "epd")
        third = _store("single", senders, "afp")
        assert third.outcome == "duplicate"
        _withdraw("single", senders, "dpa", bare=True)
        kept = Article.objects.get(guid=URNS["epd"])
        assert Article.objects.get(guid=URNS["afp"]).duplicate_of_id == kept.pk
        _reader_sees(client, kept, Article.objects.get(guid=URNS["dpa"]))
        # the story page still names the third sender as a copy of the report that stays
        story = client.get(f"/story/{kept.story_id}/").content.decode()
        assert "afp" in story
    finally:
        del URNS["afp"], WHEN["afp"]


def test_the_migration_passes_on_copies_hidden_with_their_withdrawn_original(client, senders):
    """Rows stored before: the original withdrawn, its copy still pointing at it (hidden)."""
    from importlib import import_module

    from django.apps import apps

    _store("single", senders, "dpa")
    _store("single", senders, "epd")
    gone = Article.objects.get(guid=URNS["dpa"])
    Article.objects.filter(pk=gone.pk).update(pubstatus="canceled")
    kept = Article.objects.get(guid=URNS["epd"])
    assert kept.duplicate_of_id == gone.pk and not kept.is_visible()
    import_module("meldungen.news.migrations.0015_pass_on_copies_of_withdrawn").pass_on(apps, None)
    kept.refresh_from_db()
    assert kept.duplicate_of_id is None
    cache.clear()
    _reader_sees(client, kept, gone)
