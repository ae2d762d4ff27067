"""A wire's notice that withdraws or cancels an item by its id and version alone, without its
text: it withdraws what is stored under that id (the page answers 410, lists drop it), keeps
the stored text as the withdrawn version, and is refused with a clear reason for an id never
stored. A usable item without a headline is still refused."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from meldungen.news.models import Article, ArticleVersion, Rejection
from meldungen.news.services import parse_bytes, store_results
from meldungen.news.withdrawals import UNKNOWN_WITHDRAWAL

pytestmark = [pytest.mark.django_db, pytest.mark.db]

WIRE = {
    "format": "digitalwires@0.9.1",
    "type": "composite",
    "urn": "urn:newsml:test.example:20250309:rueckruf",
    "version": 1,
    "version_created": "2025-03-09T10:00:00+01:00",
    "pubstatus": "usable",
    "headline": "Hersteller ruft Babybrei zurück",
    "article_html": "<p>Ein Hersteller aus Franken ruft mehrere Chargen Babybrei zurück.</p>",
    "keyword_names": ["Rückruf"],
    "rubric_names": ["Vermischtes"],
}
NINJS = {
    "uri": "urn:test.example:ninjs:hafen",
    "version": "1",
    "versioncreated": "2025-03-09T11:00:00Z",
    "headline": "Neues Terminal im Hafen eröffnet",
    "body_html": "<p>Am Hafen hat ein neues Terminal für Containerschiffe eröffnet.</p>",
}


def store(*items: dict, origin: str = "wire.json"):
    blob = json.dumps(list(items) if len(items) > 1 else items[0]).encode()
    return store_results(parse_bytes(blob), origin)


def test_a_bare_cancellation_withdraws_the_stored_item(client):
    [first] = store(WIRE)
    assert first.outcome == "new"
    notice = {"urn": WIRE["urn"], "version": 2, "pubstatus": "canceled"}
    [result] = store(notice)
    assert result.outcome == "withdrawn", result
    assert result.label == WIRE["headline"]  # the stored item it withdrew
    article = Article.objects.get(guid=WIRE["urn"])
    assert article.pubstatus == "canceled" and article.version == 2
    assert article.headline == WIRE["headline"] and "Babybrei" in article.body  # kept
    assert ArticleVersion.objects.filter(article=article).count() == 2
    assert client.get(article.get_absolute_url()).status_code == 410
    assert WIRE["headline"] not in client.get("/").content.decode()
    # the same notice again changes nothing
    [again] = store(notice)
    assert again.outcome == "unchanged"


def test_a_bare_ninjs_withdrawal_withdraws_the_stored_item():
    [first] = store(NINJS)
    assert first.outcome == "new"
    [result] = store({"uri": NINJS["uri"], "pubstatus": "withdrawn", "version": 2})
    assert result.outcome == "withdrawn", result
    assert Article.objects.get(guid=NINJS["uri"]).is_withdrawn


def test_a_bare_newsml_cancellation_withdraws_the_stored_item():
    def item(version: int, status: str, headline: str) -> bytes:
        head = f"<headline>{headline}</headline>" if headline else ""
        body = "<p>Die Stadt baut eine neue Brücke über den Fluss.</p>" if headline else ""
        return f"""<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:test.example:g2:bruecke"
  version="{version}" standard="NewsML-G2" standardversion="2.29">
 <itemMeta><itemClass qcode="ninat:text"/><provider literal="test"/>
  <versionCreated>2025-03-09T12:0{version}:00Z</versionCreated>
  <pubStatus qcode="stat:{status}"/></itemMeta>
 <contentMeta>{head}</contentMeta>
 <contentSet><inlineXML contenttype="application/xhtml+xml">
  <html xmlns="http://www.w3.org/1999/xhtml"><body>{body}</body></html>
 </inlineXML></contentSet>
</newsItem>""".encode()

    [first] = store_results(parse_bytes(item(1, "usable", "Stadt baut neue Brücke")), "g2.xml")
    assert first.outcome == "new", first
    [result] = store_results(parse_bytes(item(2, "canceled", "")), "g2.xml")
    assert result.outcome == "withdrawn", result
    assert Article.objects.get(guid="urn:test.example:g2:bruecke").is_withdrawn


def test_a_bare_withdrawal_of_an_unknown_item_is_refused_and_recorded():
    [result] = store({"urn": "urn:newsml:test.example:nie", "version": 3, "pubstatus": "canceled"})
    assert result.outcome == "rejected" and result.reason == UNKNOWN_WITHDRAWAL
    assert Rejection.objects.filter(guid="urn:newsml:test.example:nie").exists()
    assert not Article.objects.exists()  # nothing half-written, no empty article


def test_an_item_and_its_withdrawal_in_one_batch():
    notice = {"urn": WIRE["urn"], "version": 2, "pubstatus": "withdrawn"}
    other = {
        **WIRE,
        "urn": "urn:newsml:test.example:anderes",
        "headline": "Gemeinderat beschließt neuen Spielplatz",
        "article_html": "<p>Der Gemeinderat hat einen neuen Spielplatz am See beschlossen.</p>",
    }
    results = store(WIRE, notice, other)
    assert [r.outcome for r in results] == ["new", "withdrawn", "new"]
    assert Article.objects.get(guid=WIRE["urn"]).is_withdrawn
    assert not Article.objects.get(guid=other["urn"]).is_withdrawn


def test_a_lower_version_notice_changes_nothing():
    store({**WIRE, "version": 5})
    [result] = store({"urn": WIRE["urn"], "version": 4, "pubstatus": "canceled"})
    assert result.outcome == "unchanged"
    assert not Article.objects.get(guid=WIRE["urn"]).is_withdrawn


def test_a_usable_item_without_headline_is_still_refused():
    [result] = store({**WIRE, "headline": ""})
    assert result.outcome == "rejected" and "no headline" in result.reason
    [result] = store({"uri": "urn:test.example:x", "version": 1, "body_html": "<p>Text</p>"})
    assert result.outcome == "rejected" and "no headline" in result.reason


def test_published_times_stay_those_of_the_stored_item():
    store(WIRE)
    before = Article.objects.get(guid=WIRE["urn"]).published
    store({"urn": WIRE["urn"], "version": 2, "pubstatus": "canceled"})
    after = Article.objects.get(guid=WIRE["urn"])
    assert after.published == before == datetime(2025, 3, 9, 9, 0, tzinfo=UTC)
    assert after.updated is not None
