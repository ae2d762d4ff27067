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
