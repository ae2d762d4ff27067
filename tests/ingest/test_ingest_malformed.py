"""Malformed input: each case is rejected with a specific reason and never raises."""

from __future__ import annotations

from pathlib import Path

import pytest

from meldungen.ingest.detect import parse
from meldungen.ingest.draft import ArticleDraft, Rejected

DATA = Path(__file__).resolve().parent / "data"


def read(name: str) -> bytes:
    return (DATA / name).read_bytes()


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<rss version="2.0"><channel><title>&lol3;</title></channel></rss>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE newsItem [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="x"><contentMeta>
<headline>&xxe;</headline></contentMeta></newsItem>"""


def reasons(data: bytes, **kwargs: str) -> list[str]:
    results = parse(data, **kwargs)
    assert results and all(isinstance(r, Rejected) for r in results), results
    return [r.reason for r in results]


@pytest.mark.parametrize("data", [b"", b"   \n\t  ", b"\xef\xbb\xbf  \n"])
def test_empty_input(data: bytes) -> None:
    assert reasons(data) == ["empty input"]


def test_truncated_json_names_the_line() -> None:
    data = read("dw_artikel.json")[:700]
    [reason] = reasons(data)
    assert reason.startswith("truncated JSON at line ")
    assert int(reason.rsplit(" ", 1)[1]) == data.count(b"\n") + 1


def test_malformed_json_is_not_called_truncated() -> None:
    [reason] = reasons(b'{"urn": "x",, "headline": "y"}')
    assert reason.startswith("malformed JSON at line 1 column 13")


def test_json_in_wrong_encoding() -> None:
    data = '{"urn": "urn:x", "headline": "Grüße aus Köln", "version_created": "2025-01-01"}'
    [reason] = reasons(data.encode("latin-1"))
    assert reason == "wrong encoding: JSON is not valid UTF-8 (byte 0xFC at line 1)"


def test_xml_in_wrong_encoding() -> None:
    data = (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        "<title>Grüße</title><item><title>Straße</title></item></channel></rss>"
    )
    [reason] = reasons(data.encode("latin-1"))
    assert reason.startswith("wrong encoding in XML at line 1")


def test_truncated_xml_feed_and_newsml() -> None:
    feed = read("rss20.xml")
    [reason] = reasons(feed[: len(feed) // 2])
    assert reason.startswith("truncated XML at line ")
    item = read("newsml_item.xml")
    [reason] = reasons(item[:-40])
    assert reason.startswith("truncated XML at line ")


def test_entity_declarations_are_refused() -> None:
    assert reasons(BILLION_LAUGHS) == ["XML entity declarations are not allowed"]
    assert reasons(EXTERNAL_ENTITY) == ["XML entity declarations are not allowed"]


def test_feed_url_that_serves_html_without_article() -> None:
    html = (
        b"<!DOCTYPE html><html><head><title>Fehler</title></head><body>"
        b"<nav><a href='/'>Start</a></nav><p>Seite nicht gefunden.</p></body></html>"
    )
    [reason] = reasons(html, url="https://example.de/feed.xml", content_type="application/rss+xml")
    assert reason == "expected a feed but got an HTML page (no article found in HTML page)"
    assert reasons(html) == ["no article found in HTML page"]


def test_binary_and_unknown_text() -> None:
    assert reasons(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR") == ["binary data, not a text document"]
    assert reasons(b"Nur ein Satz ohne Format.") == [
        "unrecognised format: not JSON, XML, a feed or HTML"
    ]


def test_unknown_json_and_xml_roots() -> None:
    assert reasons(b'{"foo": 1}') == [
        "unknown JSON format in item 1: neither dpa-digitalwires nor ninjs"
    ]
    assert reasons(b"<contentMeta><headline>x</headline></contentMeta>") == [
        "unknown XML format: root element <contentMeta> is not NewsML-G2, RSS, RDF or Atom"
    ]
    assert reasons(b'{"entries": []}') == ["JSON without any items"]


def test_batch_with_one_bad_item_keeps_the_good_ones() -> None:
    good = read("dw_artikel.json").decode()
    data = f'[{good}, 42, {{"urn": "urn:x:2", "version_created": "2025-01-01"}}, {good}]'
    results = parse(data.encode())
    assert [type(r).__name__ for r in results] == [
        "ArticleDraft",
        "Rejected",
        "Rejected",
        "ArticleDraft",
    ]
    assert results[1].reason == "JSON item 2 is not an object"
    assert results[2].reason == "no headline" and results[2].guid == "urn:x:2"


def test_feed_with_one_bad_item_keeps_the_good_ones() -> None:
    results = parse(read("rss20.xml"))
    assert sum(isinstance(r, ArticleDraft) for r in results) == 2
    assert [r.reason for r in results if isinstance(r, Rejected)] == ["no headline"]


def test_item_that_breaks_a_parser_is_rejected_alone() -> None:
    good = read("dw_artikel.json").decode()
    # associations of the wrong shape, a date text that is no date: handled, not raised
    odd = (
        '{"urn": "urn:x:3", "version_created": "kein Datum", "headline": "Kaputt", '
        '"associations": "keine Liste", "keyword_names": "Wahl"}'
    )
    results = parse(f"[{odd}, {good}]".encode())
    assert all(isinstance(r, ArticleDraft) for r in results)
    assert results[0].version == 1 and results[0].published is None
    assert results[0].keywords == ["Wahl"]  # a lone string, not split into letters
    # a version that is no number is refused with what it is (it was read as version 1, so
    # a later version's update was taken for an older one), the other item still read
    zwei = odd.replace('"headline"', '"version": "zwei", "headline"')
    refused, read_ = parse(f"[{zwei}, {good}]".encode())
    assert refused.reason == "version is the text 'zwei', not a whole number"
    assert isinstance(read_, ArticleDraft)


@pytest.mark.parametrize(
    "data",
    [
        b"{",
        b"[",
        b"<",
        b"<?xml",
        b"<rss",
        b"<feed",
        b"<newsItem",
        b'{"entries": {}}',
        b"\xff\xfe<\x00r\x00",
        b"<html",
        b'[{"uri": 5, "headlines": 7}]',
        b"<!DOCTYPE>",
        b'{"urn": "u", "headline": {"x": 1}, "article_html": 5, "version_created": "2025"}',
    ],
)
def test_garbage_never_raises(data: bytes) -> None:
    results = parse(data)
    assert results
    assert all(isinstance(r, ArticleDraft | Rejected) for r in results)
