"""Odd values in one field of an otherwise good item: the item is read, the field is dropped or
cleaned, and the parser never turns them into an "could not be read: SomeError" rejection."""

from __future__ import annotations

import json

import pytest

from meldungen.ingest.bounds import bound_draft
from meldungen.ingest.detect import parse
from meldungen.ingest.draft import ArticleDraft, Rejected
from meldungen.ingest.errors import RejectCode
from meldungen.ingest.normalize import to_utc

TEXT = "Der Stadtrat hat am Dienstag den Bau einer neuen Brücke über den Fluss beschlossen."


def wire(**fields: object) -> bytes:
    item = {
        "urn": "urn:newsml:test.example:odd-1",
        "version": 1,
        "version_created": "2025-03-04T10:00:00+01:00",
        "headline": "Stadtrat beschließt neue Brücke",
        "article_html": f"<p>{TEXT}</p>",
    }
    item.update(fields)
    return json.dumps(item).encode()


def ninjs(**fields: object) -> bytes:
    item = {
        "uri": "urn:test:ninjs:odd-1",
        "headline": "Stadtrat beschließt neue Brücke",
        "body_html": f"<p>{TEXT}</p>",
        "versioncreated": "2025-03-04T10:00:00+01:00",
    }
    item.update(fields)
    return json.dumps(item).encode()


def one_draft(data: bytes) -> ArticleDraft:
    [result] = parse(data)
    assert isinstance(result, ArticleDraft), result
    bounded = bound_draft(result)
    assert isinstance(bounded, ArticleDraft), bounded
    return bounded


# A time with no UTC form: the offset is a day or more, or UTC leaves the calendar.
NO_UTC = ["2025-03-04T10:00:00+25:00", "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-05:00"]


@pytest.mark.parametrize("value", NO_UTC)
def test_a_time_without_utc_form_is_no_time(value: str) -> None:
    assert to_utc(value) is None


@pytest.mark.parametrize("value", NO_UTC)
@pytest.mark.parametrize("field", ["version_created", "firstcreated", "updated", "embargoed"])
def test_wire_item_with_an_impossible_time_is_kept(field: str, value: str) -> None:
    draft = one_draft(wire(**{field: value}))
    assert draft.headline == "Stadtrat beschließt neue Brücke"


@pytest.mark.parametrize("value", NO_UTC)
def test_ninjs_newsml_and_feed_items_with_an_impossible_time_are_kept(value: str) -> None:
    assert one_draft(ninjs(versioncreated=value)).published is None
    newsml = f"""<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:test:g2:odd" version="1">
 <itemMeta><itemClass qcode="ninat:text"/><versionCreated>{value}</versionCreated></itemMeta>
 <contentMeta><headline>Stadtrat beschließt neue Brücke</headline></contentMeta>
 <contentSet><inlineXML contenttype="application/xhtml+xml">
  <html xmlns="http://www.w3.org/1999/xhtml"><body><p>{TEXT}</p></body></html>
 </inlineXML></contentSet></newsItem>"""
    assert one_draft(newsml.encode()).published is None
    atom = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Kanal</title><id>urn:test:feed</id>
<entry><id>urn:test:feed:1</id><title>Stadtrat beschließt neue Brücke</title>
<updated>{value}</updated><link href="https://news.example.org/a/1"/>
<summary>{TEXT}</summary></entry></feed>"""
    assert one_draft(atom.encode()).headline == "Stadtrat beschließt neue Brücke"


def test_lone_surrogates_in_html_fields_are_dropped() -> None:
    # JSON may escape half a surrogate pair ("\ud800"); nh3 cannot take such a string.
    odd = "<p>Die Brücke \ud800kostet \udc80viel Geld.</p>"
    draft = one_draft(wire(article_html=odd + f"<p>{TEXT}</p>", headline="<b>Brücke\ud800</b>"))
    assert draft.headline == "Brücke"
    assert draft.body.startswith("<p>Die Brücke kostet viel Geld.</p>")
    draft = one_draft(ninjs(body_html=odd, body_richtext=odd))
    assert draft.body == "<p>Die Brücke kostet viel Geld.</p>"


@pytest.mark.parametrize("kind", [["dnltype:genre"], {"name": "dnltype:genre"}, 7, None])
def test_wire_category_with_a_type_that_is_no_string(kind: object) -> None:
    categories = [
        {"type": kind, "qcode": "dpatextgenre:1"},
        {"type": "dnltype:genre", "qcode": {"odd": 1}, "name": "Meldung"},
    ]
    draft = one_draft(wire(categories=categories))
    assert draft.genres == ["Meldung"]


def test_rendition_with_an_infinite_size_keeps_the_picture() -> None:
    rendition = {"href": "https://img.example.org/b.jpg", "width": 1e999, "height": 1e999}
    data = ninjs(renditions={"baseImage": rendition}).replace(b"Infinity", b"1e999")
    draft = one_draft(data)
    assert draft.picture is not None
    assert (draft.picture.url, draft.picture.width, draft.picture.height) == (
        "https://img.example.org/b.jpg",
        None,
        None,
    )


PAGE = """<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">
<title>Stadtrat beschließt neue Brücke | Testseite</title>
<meta property="og:title" content="Stadtrat beschließt neue Brücke">
<meta property="article:published_time" content="{published}">
<meta property="og:image" content="{image}"><link rel="canonical" href="{canonical}">
</head><body><article><h1>Stadtrat beschließt neue Brücke</h1>
<p>{text} Die Arbeiten sollen im kommenden Frühjahr beginnen und zwei Jahre dauern.</p>
<p>Die Kosten liegen nach Angaben der Stadt bei rund zwölf Millionen Euro. Der Bund
übernimmt einen Teil davon, den Rest trägt die Stadt aus ihrem Haushalt.</p>
<p>Anwohner hatten sich lange für die Brücke eingesetzt. Bisher müssen sie einen Umweg
von mehreren Kilometern fahren, um auf die andere Seite des Flusses zu kommen.</p>
</article></body></html>"""
PAGE_URL = "https://news.example.org/lokales/bruecke.html"


def page(**fields: str) -> bytes:
    values = {
        "published": "2025-03-04T10:00:00+01:00",
        "image": "https://news.example.org/bilder/bruecke.jpg",
        "canonical": PAGE_URL,
        "text": TEXT,
    }
    values.update(fields)
    return PAGE.format(**values).encode()


def one_page(data: bytes) -> ArticleDraft:
    [result] = parse(data, url=PAGE_URL, content_type="text/html")
    assert isinstance(result, ArticleDraft), result
    return result


def test_page_with_control_characters_is_read():
    # lxml refuses the text trafilatura builds from it: the page was "no article found"
    draft = one_page(page(text="Der \x01Stadtrat\x1b hat\x0bam Dienstag den Bau beschlossen."))
    assert draft.headline == "Stadtrat beschließt neue Brücke"
    assert "Der Stadtrat hat am Dienstag" in draft.body


@pytest.mark.parametrize("published", NO_UTC)
def test_page_with_an_impossible_time_is_read(published: str):
    # htmldate raises on an offset of a day or more, and trafilatura then drops the page
    draft = one_page(page(published=published))
    assert draft.headline == "Stadtrat beschließt neue Brücke" and draft.published is None
    assert "zwölf Millionen Euro" in draft.body


def test_page_with_relative_canonical_and_picture_is_read_against_its_address():
    draft = one_page(page(canonical="/lokales/bruecke-1.html", image="../bilder/b.jpg"))
    assert draft.guid == draft.url == "https://news.example.org/lokales/bruecke-1.html"
    assert draft.picture is not None
    assert draft.picture.url == "https://news.example.org/bilder/b.jpg"


@pytest.mark.parametrize("odd", ["javascript:alert(1)", "data:text/html,<b>x</b>"])
def test_page_with_a_canonical_or_picture_of_another_scheme(odd: str):
    draft = one_page(page(canonical=odd, image=odd))
    assert draft.guid == draft.url == PAGE_URL
    assert draft.picture is None


def test_a_headline_of_100000_characters_is_cut_at_a_word() -> None:
    words = " ".join(["Überlänge"] * 12_000)  # 119,999 characters
    bounded = bound_draft(ArticleDraft(guid="urn:test:lang", headline=words, format="ninjs"))
    assert isinstance(bounded, ArticleDraft)
    assert len(bounded.headline) <= 1000 and bounded.headline.endswith("Überlänge…")
    short = bound_draft(ArticleDraft(guid="urn:test:kurz", headline="Kurz und gut", format="x"))
    assert short.headline == "Kurz und gut"


def test_one_byte_that_is_not_utf8_costs_only_its_item() -> None:
    def item(n: int, headline: str) -> dict:
        return {
            "urn": f"urn:newsml:test.example:byte-{n}",
            "version": 1,
            "version_created": "2025-03-09T10:00:00+01:00",
            "headline": headline,
            "article_html": f"<p>Meldung Nummer {n} mit etwas Text.</p>",
        }

    items = [item(1, "Erste Meldung"), item(2, "MARKER"), item(3, "Dritte Meldung")]
    data = json.dumps(items).encode().replace(b"MARKER", b"Zweite Meldung f\xfcr alle")
    results = parse(data)
    assert [type(r).__name__ for r in results] == ["ArticleDraft", "Rejected", "ArticleDraft"]
    assert results[1].reason == "wrong encoding: JSON item 2 is not valid UTF-8 (byte 0xFC)"
    assert results[1].guid == "urn:newsml:test.example:byte-2"
    # a document that cannot be read at all keeps the document's own reason
    [whole] = parse(b'{"urn": "x", "headline": "\xfc' + b"}")
    assert whole.reason.startswith("wrong encoding: JSON is not valid UTF-8 (byte 0xFC")


NEWSML = """<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:test:g2:typ" version="{v}">
 <itemMeta><itemClass qcode="ninat:text"/><versionCreated>2025-03-04T10:00:00Z</versionCreated>
 </itemMeta><contentMeta><headline>Stadtrat beschließt neue Brücke</headline></contentMeta>
 <contentSet><inlineXML contenttype="application/xhtml+xml">
  <html xmlns="http://www.w3.org/1999/xhtml"><body><p>{text}</p></body></html>
 </inlineXML></contentSet></newsItem>"""
WRONG = {
    "an object": ({"de": "Stadtrat beschließt neue Brücke"}, "a JSON object"),
    "a list": (["Stadtrat", "Brücke"], "a JSON list"),
    "a number": (42, "the number 42"),
    "true": (True, "JSON true"),
}
WIRE_FIELDS = {
    "headline": "text",
    "article_html": "text",
    "urn": "text",
    "version": "a whole number",
    "version_created": "a date (ISO 8601 text)",
    "embargoed": "a date (ISO 8601 text)",
}
NINJS_FIELDS = {
    "headline": "text",
    "body_html": "text",
    "uri": "text",
    "version": "a whole number",
    "versioncreated": "a date (ISO 8601 text)",
    "headlines": "a list of objects with a text value",
}


def _refused(data: bytes) -> Rejected:
    [result] = parse(data)
    assert isinstance(result, Rejected), result
    assert result.code is RejectCode.WRONG_TYPE
    assert result.message.startswith("Feld mit falschem Datentyp")  # German, for editors
    return result


@pytest.mark.parametrize("wrong", WRONG, ids=list(WRONG))
@pytest.mark.parametrize("field", WIRE_FIELDS)
def test_wire_field_of_the_wrong_json_type_is_named(field: str, wrong: str) -> None:
    value, said = WRONG[wrong]
    if field == "version" and isinstance(value, int) and not isinstance(value, bool):
        assert one_draft(wire(version=value)).version == 42  # a number is a version
        return
    reason = _refused(wire(**{field: value})).reason
    assert reason == f"{field} is {said}, not {WIRE_FIELDS[field]}"


@pytest.mark.parametrize("wrong", WRONG, ids=list(WRONG))
@pytest.mark.parametrize("field", NINJS_FIELDS)
def test_ninjs_field_of_the_wrong_json_type_is_named(field: str, wrong: str) -> None:
    value, said = WRONG[wrong]
    if field == "version" and isinstance(value, int) and not isinstance(value, bool):
        assert one_draft(ninjs(version=value)).version == 42
        return
    if field == "headlines" and isinstance(value, list):  # a list, but of texts
        said, field = "the text 'Stadtrat'", "headlines[0]"
        reason = _refused(ninjs(headlines=value)).reason
        assert reason == f"{field} is {said}, not an object with a text value"
        return
    reason = _refused(ninjs(**{field: value})).reason
    assert reason == f"{field} is {said}, not {NINJS_FIELDS[field]}"


def test_ninjs_headline_value_of_the_wrong_type_is_named() -> None:
    headlines = [{"role": "main", "value": {"de": "Stadtrat beschließt neue Brücke"}}]
    reason = _refused(ninjs(headline=None, headlines=headlines)).reason
    assert reason == "headlines[0].value is a JSON object, not text"


@pytest.mark.parametrize("version", ["zwei", "2.5", "-"])
def test_newsml_version_that_is_no_whole_number_is_named(version: str) -> None:
    reason = _refused(NEWSML.format(v=version, text=TEXT).encode()).reason
    assert reason == f"version attribute is the text {version!r}, not a whole number"


def test_versions_written_as_whole_numbers_in_any_form_are_read() -> None:
    assert one_draft(wire(version=3.0)).version == 3  # was read as version 1
    assert one_draft(ninjs(version=" 4 ")).version == 4
    assert one_draft(NEWSML.format(v="5", text=TEXT).encode()).version == 5
    # absent, null or empty stays absent: version 1, no date
    assert one_draft(wire(version=None, embargoed=None, teaser="")).version == 1
    assert one_draft(ninjs(version="", versioncreated=None)).published is None
