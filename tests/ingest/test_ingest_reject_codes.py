"""Rejections carry a code (ingest/errors.py) with a German message; the English reason, which
the CLI prints, is unchanged."""

from __future__ import annotations

from meldungen.ingest import detect
from meldungen.ingest.digitalwires import parse_item
from meldungen.ingest.draft import Rejected
from meldungen.ingest.errors import MESSAGES, RejectCode
from meldungen.ingest.xmlsafe import parse_xml


def test_every_code_has_a_german_message():
    assert set(MESSAGES) == set(RejectCode)
    assert RejectCode.NO_HEADLINE.message == "Meldung ohne Überschrift"


def test_xml_rejections_are_typed():
    unsafe = parse_xml(b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>')
    broken = parse_xml(b"<meldung><titel>Eins</meldung>\n<rest/>\n")
    assert isinstance(unsafe, Rejected) and unsafe.code is RejectCode.UNSAFE_XML
    assert isinstance(broken, Rejected) and broken.code is RejectCode.MALFORMED
    assert broken.reason.startswith("malformed XML at line 1")  # the CLI's line, as before


def test_item_without_headline_and_empty_feed():
    item = parse_item({"urn": "urn:newsml:example:1", "headline": "", "article_html": "<p>x</p>"})
    assert isinstance(item, Rejected) and item.code is RejectCode.NO_HEADLINE
    assert item.message == "Meldung ohne Überschrift" and item.reason == "no headline"
    feed = b'<rss version="2.0"><channel><title>Leer</title></channel></rss>'
    (empty,) = detect.parse(feed)
    assert empty.code is RejectCode.NO_ITEMS and empty.reason == "feed without items"


def test_code_does_not_change_equality():
    assert Rejected("no headline", guid="x", code=RejectCode.NO_HEADLINE) == Rejected(
        "no headline", guid="x"
    )


def test_every_rejection_of_a_whole_fetched_document_has_a_code():
    """What a server may send instead of a feed: each is recorded with its German message."""
    latin1 = '<?xml version="1.0" encoding="utf-8"?><rss><channel><title>Bürger</title>'
    html = b"<!doctype html><html><body><h1>Wartung</h1></body></html>"
    cases = {
        latin1.encode("latin-1"): RejectCode.WRONG_ENCODING,  # says UTF-8, is Latin-1
        b"": RejectCode.EMPTY,
        b"  \n ": RejectCode.EMPTY,
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR": RejectCode.BINARY,
        b"Service Unavailable": RejectCode.UNKNOWN_FORMAT,
        b'<?xml version="1.0"?><error><code>500</code></error>': RejectCode.UNKNOWN_FORMAT,
        b'{"error": "rate limited"': RejectCode.TRUNCATED,
        b'{"error": rate limited}': RejectCode.MALFORMED,
        b'{"entries": []}': RejectCode.NO_ITEMS,
        b'{"entries": [1]}': RejectCode.UNREADABLE_ITEM,
        b'{"error": "rate limited"}': RejectCode.UNKNOWN_FORMAT,
        b'{"a": "\xfc"}': RejectCode.WRONG_ENCODING,
    }
    for body, code in cases.items():
        (rejected,) = detect.parse(body, url="http://feeds.example/rss")
        assert isinstance(rejected, Rejected) and rejected.code is code, (body, rejected)
    # an HTML error page where a feed was expected keeps the page's code
    (page,) = detect.parse(html, url="http://feeds.example/rss", content_type="application/rss+xml")
    assert page.reason.startswith("expected a feed but got an HTML page")
    assert page.code is RejectCode.NO_ARTICLE
