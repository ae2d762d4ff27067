"""Per-format parsing on hand-written German fixtures: every ArticleDraft field that matters."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from meldungen.ingest.detect import parse
from meldungen.ingest.draft import ArticleDraft, Rejected
from meldungen.ingest.page import extract_article, with_full_text

DATA = Path(__file__).resolve().parent / "data"


def read(name: str) -> bytes:
    return (DATA / name).read_bytes()


def drafts(name: str, **kwargs: str) -> list[ArticleDraft | Rejected]:
    return parse(read(name), **kwargs)


def only(name: str, **kwargs: str) -> ArticleDraft:
    results = drafts(name, **kwargs)
    assert len(results) == 1 and isinstance(results[0], ArticleDraft), results
    return results[0]


# --- dpa-digitalwires -------------------------------------------------------------------------


def test_digitalwires_item_maps_all_fields() -> None:
    d = only("dw_artikel.json")
    assert d.format == "digitalwires"
    assert d.guid == "urn:newsml:dpa.com:20090101:250310-99-000101"
    assert d.version == 1
    assert d.kicker == "Energiewende"
    assert d.headline == "Windpark vor Rügen liefert erstmals Strom"
    assert d.teaser.startswith("Nach zwei Jahren Bauzeit")
    assert d.byline == "Von Lena Musterfrau, dpa"
    assert d.dateline == "Sassnitz (dpa)"
    assert d.credit == "dpa" and d.source == "dpa"
    assert d.copyright.startswith("Copyright 2025, dpa")
    assert d.published == datetime(2025, 3, 10, 9, 15, tzinfo=UTC)
    assert d.published.tzinfo is not None
    assert d.keywords == ["Energie", "Windkraft", "Rügen", "Mecklenburg-Vorpommern"]
    assert d.ressort_hints[:3] == ["Wirtschaft", "Energie", "Umwelt"]
    assert d.pubstatus == "usable" and not d.is_withdrawn
    assert d.signal == "" and d.embargo is None


def test_digitalwires_body_keeps_subheads_and_drops_duplicates_dateline_and_junk() -> None:
    body = only("dw_artikel.json").body
    assert "<h2>Kritik von Fischern</h2>" in body
    assert not body.startswith("<p>Windpark vor Rügen")  # headline repeated in the body
    assert body.startswith("<p>Der Offshore-Windpark")  # dateline span removed
    assert "Sassnitz" not in body
    assert "<img" not in body and "tracker" not in body and "onclick" not in body
    assert "<p></p>" not in body
    assert 'rel="noopener nofollow"' in body


def test_digitalwires_picture_is_feature_image_at_a_sensible_size() -> None:
    picture = only("dw_artikel.json").picture
    assert picture is not None
    assert picture.url == "https://images.example.com/wind-s1400.jpeg"  # not 300, not 4096
    assert (picture.width, picture.height) == (1400, 933)
    assert picture.caption == "Windräder des Parks «Ostseewind II» in der Abendsonne."
    assert picture.credit == "Erika Beispiel/dpa"


def test_digitalwires_envelope_correction_withdrawn_embargo_and_bad_item() -> None:
    results = drafts("dw_envelope.json")
    assert len(results) == 5
    correction, withdrawn, embargoed, no_headline, no_text = results
    assert correction.signal == "correction" and correction.is_correction
    assert correction.version == 2
    assert withdrawn.pubstatus == "withdrawn" and withdrawn.is_withdrawn
    assert embargoed.embargo == datetime(2025, 3, 12, 5, 0, tzinfo=UTC)
    assert isinstance(no_headline, Rejected) and no_headline.reason == "no headline"
    assert no_headline.guid.endswith("000204")
    assert isinstance(no_text, ArticleDraft)  # a headline alone still makes a draft
    assert no_text.headline == "Eilmeldung ohne Text" and no_text.body == ""


def test_digitalwires_single_item_list() -> None:
    item = read("dw_artikel.json").decode()
    results = parse(f"[{item}, {item}]".encode())
    assert [type(r) for r in results] == [ArticleDraft, ArticleDraft]


# --- ninjs ------------------------------------------------------------------------------------


def test_ninjs_1_keyed_fields_and_association_renditions() -> None:
    d = only("ninjs_1.json")
    assert d.format == "ninjs"
    assert d.guid == "urn:example:nachrichtenagentur:2025:0412-hochwasser"
    assert d.version == 2
    assert d.headline == "Hochwasser an der Elbe: Pegel in Dresden steigt weiter"
    assert d.teaser == "In Dresden wird die Alarmstufe zwei erwartet."
    assert "<h3>Stadt baut Schutzwände auf</h3>" in d.body
    assert d.published == datetime(2025, 4, 12, 9, 0, tzinfo=UTC)
    assert d.updated == datetime(2025, 4, 12, 12, 30, tzinfo=UTC)
    assert d.byline == "Tom Muster" and d.dateline == "Dresden"
    assert d.keywords == ["Umwelt", "Wetter", "Sachsen"]
    assert d.copyright == "© 2025 Beispiel-Agentur"
    assert d.picture is not None
    assert d.picture.url == "https://bilder.example.com/elbe-1280.jpg"
    assert d.picture.caption == "Die Elbe hat die Uferwiesen in Dresden überflutet."
    assert d.picture.credit == "Anna Fotografin"


def test_ninjs_2_lists_roles_withdrawn_and_correction() -> None:
    d = only("ninjs_2.json")
    assert d.headline == "Tarifeinigung im öffentlichen Dienst"
    assert d.teaser == "Bund und Kommunen einigen sich mit den Gewerkschaften."
    assert d.body.startswith("<p>Nach langen Verhandlungen")  # html body wins over plain text
    assert d.language == "de"
    assert d.pubstatus == "withdrawn" and d.signal == "correction"
    assert d.keywords == ["Tarifverhandlungen", "Verdi", "Tarife"]
    assert d.picture is not None and d.picture.url.endswith("tarif-1200.jpg")
    assert d.picture.caption == "Verhandlungsführer nach der Einigung in Potsdam."


def test_ninjs_3_camel_case_embargo_and_sanitized_body() -> None:
    d = only("ninjs_3.json")
    assert d.version == 4
    assert d.published == datetime(2025, 4, 14, 14, 0, tzinfo=UTC)
    assert d.embargo == datetime(2025, 4, 14, 18, 0, tzinfo=UTC)
    assert d.copyright == "© 2025 Beispiel-Agentur" and d.credit == "Beispiel-Agentur"
    assert "script" not in d.body and d.body.startswith("<p>Eine deutsche Astronautin")
    assert "ESA" in d.keywords and "Raumfahrt" in d.ressort_hints


# --- NewsML-G2 --------------------------------------------------------------------------------


def test_newsml_news_item_with_inline_xhtml() -> None:
    d = only("newsml_item.xml")
    assert d.format == "newsml-g2"
    assert d.guid == "urn:newsml:example.de:20250415:schule-digital" and d.version == 3
    assert d.headline == "Hamburg stattet alle Schulen mit Tablets aus"
    assert d.teaser == "Bis zum Sommer sollen alle Klassen digital arbeiten können."
    assert d.body.startswith("<p>Die Hamburger Schulbehörde will bis zum Sommer alle")
    assert "<h2>Kosten von 50 Millionen Euro</h2>" in d.body
    assert "onmouseover" not in d.body and "Tablets für Schulen" not in d.body
    assert d.byline == "Nina Beispiel" and d.dateline == "HAMBURG, Dienstag"
    assert d.credit == "Beispiel Nachrichten"
    assert d.copyright == "Copyright 2025 Beispiel Nachrichten GmbH"
    assert d.published == datetime(2025, 4, 15, 8, 0, tzinfo=UTC)
    assert d.updated == datetime(2025, 4, 15, 10, 30, tzinfo=UTC)
    assert d.keywords == ["Digitalpakt", "Bildung"]  # German subject name preferred
    assert d.signal == "correction"


def test_newsml_news_message_items_and_remote_picture() -> None:
    picture_item, text_item, empty = drafts("newsml_message.xml")
    assert isinstance(picture_item, ArticleDraft) and picture_item.picture is not None
    assert picture_item.picture.url == "https://bilder.example.de/hafen-1600.jpg"
    assert picture_item.picture.caption == "Ein Containerschiff wird am Burchardkai entladen."
    assert picture_item.picture.credit == "Olaf Fotograf"
    assert isinstance(text_item, ArticleDraft) and text_item.pubstatus == "canceled"
    assert text_item.body.startswith("<p>Der Containerumschlag")
    assert isinstance(empty, Rejected) and empty.reason == "no headline"


# --- feeds ------------------------------------------------------------------------------------


def test_rss2_content_encoded_categories_enclosure_caption() -> None:
    results = drafts("rss20.xml")
    assert len(results) == 3
    full, teaser_only, untitled = results
    assert full.format == "rss" and full.guid == "bz-politik-100"
    assert full.source == "Beispielzeitung - Nachrichten"
    assert full.teaser == "Die Opposition kritisiert den Zeitplan der Landesregierung."
    assert full.full_text is True
    assert "<h2>Mehr Lehrkräfte gefordert</h2>" in full.body
    assert 'href="https://www.beispielzeitung.de/politik/schulreform-faq-101.html"' in full.body
    assert "pixel" not in full.body and "track()" not in full.body
    assert full.byline == "Jonas Beispiel"
    assert full.published == datetime(2025, 4, 17, 8, 30, tzinfo=UTC)
    assert full.keywords == ["Politik", "Bildung"]
    assert full.ressort_hints[0] == "Politik"
    assert full.picture is not None
    assert full.picture.url == "https://www.beispielzeitung.de/bilder/landtag-1280.jpg"
    assert full.picture.caption == "Abgeordnete im Plenarsaal des Landtags."
    assert full.picture.credit == "Foto: Petra Beispiel"
    assert full.copyright == "© Beispielzeitung"

    assert teaser_only.full_text is False
    assert teaser_only.teaser == "Der FC Musterstadt gewinnt mit 2:0 gegen den Tabellenführer."
    assert "javascript" not in teaser_only.body
    assert teaser_only.picture is not None
    assert teaser_only.picture.url.endswith("fc-1200.jpg")  # larger media:content chosen
    assert teaser_only.picture.caption == "Jubel nach dem zweiten Tor."
    assert "Sport" in teaser_only.ressort_hints

    assert isinstance(untitled, Rejected) and untitled.reason == "no headline"


def test_atom_entry() -> None:
    d = only("atom.xml")
    assert d.format == "atom"
    assert d.guid == "tag:wissen.example.de,2025:kaeferart"
    assert d.url == "https://wissen.example.de/natur/neue-kaeferart"
    assert d.body == (
        "<p>Ein Team aus Freiburg hat im Schwarzwald eine bisher unbekannte "
        "Käferart beschrieben.</p><p>Sie lebt in Totholz alter Buchen.</p>"
    )
    assert d.teaser == "Die Art lebt nur in alten Buchenwäldern."
    assert d.published == datetime(2025, 4, 18, 7, 0, tzinfo=UTC)
    assert d.updated == datetime(2025, 4, 18, 9, 15, tzinfo=UTC)
    assert d.byline == "Dr. Mia Beispiel"
    assert d.keywords == ["Wissenschaft", "Biologie"]
    assert "Natur" in d.ressort_hints  # from the URL path /natur/
    assert d.picture is not None and d.picture.url.endswith("kaefer.jpg")


def test_rss091_latin1_with_doctype() -> None:
    d = only("rss091.xml")
    assert d.headline == "Kreistag beschließt Haushalt für Straßenbau"
    assert d.full_text is False
    assert d.body == (
        "<p>Für die Sanierung maroder Kreisstraßen stehen künftig 3 Millionen Euro mehr bereit.</p>"
    )
    assert d.guid == "https://www.heimatbote.example/lokales/kreistag-haushalt.html"
    assert d.ressort_hints == ["Lokales"]


# --- HTML article page ------------------------------------------------------------------------


def test_html_article_page() -> None:
    d = only("seite_artikel.html", url="https://www.musterstaedter-anzeiger.de/lokales/x?utm=1")
    assert d.format == "page"
    assert (
        d.guid
        == d.url
        == ("https://www.musterstaedter-anzeiger.de/lokales/stadtrat-radwegenetz-100.html")
    )
    assert d.headline == "Stadtrat beschließt neues Radwegenetz"
    assert d.teaser.startswith("Nach monatelangem Streit")
    assert d.source == "Musterstädter Anzeiger"
    assert d.byline == "Jana Beispiel"
    assert d.published == datetime(2025, 3, 4, 8, 15, tzinfo=UTC)
    assert d.updated == datetime(2025, 3, 4, 10, 2, tzinfo=UTC)
    assert d.body.startswith("<p>Der Stadtrat von Musterstadt")
    assert "<h2>Händler befürchten weniger Kundschaft</h2>" in d.body
    assert "Startseite" not in d.body and "Impressum" not in d.body
    assert "pixel" not in d.body and "tracker" not in d.body
    assert 'href="https://www.musterstaedter-anzeiger.de/lokales/radverkehr-dossier.html"' in d.body
    assert d.keywords == ["Radverkehr", "Stadtrat", "Verkehrswende"]
    assert d.ressort_hints == ["Lokales"]
    assert d.picture is not None
    assert d.picture.url == "https://www.musterstaedter-anzeiger.de/bilder/radweg-1200.jpg"
    assert d.picture.caption == "Radfahrer auf der Hauptstraße am Morgen"
    assert (d.picture.width, d.picture.height) == (1200, 675)


def test_extract_article_direct_call() -> None:
    d = extract_article(read("seite_artikel.html").decode(), "https://x.example/a")
    assert isinstance(d, ArticleDraft) and d.full_text
    nav_only = extract_article(
        b"<html><body><nav><a href='/a'>Politik</a><a href='/b'>Sport</a></nav>"
        b"<p>Willkommen!</p></body></html>",
        "https://x.example/",
    )
    assert isinstance(nav_only, Rejected)
    assert nav_only.reason == "no article found in HTML page"


def test_with_full_text_completes_a_teaser_only_feed_item() -> None:
    teaser_only = drafts("rss091.xml")[0]
    assert isinstance(teaser_only, ArticleDraft) and not teaser_only.full_text
    article = extract_article(read("seite_artikel.html"), teaser_only.url)
    merged = with_full_text(teaser_only, article)
    assert merged.full_text and merged.body == article.body
    assert merged.guid == teaser_only.guid and merged.headline == teaser_only.headline
    assert merged.picture == article.picture and merged.byline == "Jana Beispiel"
    assert with_full_text(teaser_only, Rejected("no article found in HTML page")) is teaser_only


RDF = """<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://rdf.example.de/"><title>RDF-Kurier</title>
    <link>https://rdf.example.de/</link><description>Test</description></channel>
  <item rdf:about="https://rdf.example.de/kultur/oper-premiere">
    <title>Oper feiert umjubelte Premiere</title>
    <link>https://rdf.example.de/kultur/oper-premiere</link>
    <description>Das Publikum applaudierte zwanzig Minuten lang.</description>
    <dc:date>2025-04-20T22:10:00+02:00</dc:date>
    <dc:subject>Kultur</dc:subject>
  </item>
</rdf:RDF>"""


def test_rdf_feed() -> None:
    [d] = parse(RDF.encode())
    assert isinstance(d, ArticleDraft) and d.format == "rss"
    assert d.headline == "Oper feiert umjubelte Premiere"
    assert d.teaser == "Das Publikum applaudierte zwanzig Minuten lang."
    assert d.published == datetime(2025, 4, 20, 20, 10, tzinfo=UTC)
    assert d.keywords == ["Kultur"] and d.full_text is False


def test_utf16_feed_with_bom() -> None:
    [d] = parse(RDF.replace('encoding="utf-8"', 'encoding="utf-16"').encode("utf-16"))
    assert isinstance(d, ArticleDraft) and d.headline == "Oper feiert umjubelte Premiere"
