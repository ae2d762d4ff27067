"""Format detection from the parsed root, and one decoding per document.

Feeds exported by tools often start with comments that contain markup, byte-order marks,
doctypes, stylesheet instructions or unusual namespace prefixes; each of them must still be
read as the feed it is. A charset label that contradicts the bytes must not give one item two
encodings (headline right, body mojibake).
"""

from __future__ import annotations

import codecs

import pytest

from meldungen.ingest.detect import parse
from meldungen.ingest.draft import ArticleDraft, Rejected

RSS_ITEM = (
    "<item><guid>urn:test:wetter-1</guid><title>Sturmflut an der Nordsee erwartet</title>"
    "<link>https://example.org/wetter/sturmflut</link>"
    "<description>Der Pegel in Husum steigt über drei Meter.</description></item>"
)
RSS = f'<rss version="2.0"><channel><title>Küstenbote</title>{RSS_ITEM}</channel></rss>'
ATOM = (
    '<feed xmlns="http://www.w3.org/2005/Atom"><title>Küstenbote</title>'
    "<id>urn:test:feed</id><updated>2026-01-05T08:00:00Z</updated>"
    "<entry><id>urn:test:wetter-2</id><title>Fähren nach Föhr fallen aus</title>"
    "<updated>2026-01-05T08:00:00Z</updated>"
    "<summary>Wegen des Sturms bleiben die Schiffe im Hafen.</summary></entry></feed>"
)
MISLEADING_COMMENT = (
    "<!-- exported by FeedTool; template was:\n"
    "  <html><body><div class='feed'>{items}</div></body></html>\n"
    "  <NewsML><newsItem/></NewsML> -->\n"
)

ODD_PREFIXES = [
    ("comment with html tags", MISLEADING_COMMENT + RSS),
    ("comment with html tags before atom", MISLEADING_COMMENT + ATOM),
    ("xml decl then comment", '<?xml version="1.0"?>\n' + MISLEADING_COMMENT + ATOM),
    (
        "stylesheet instruction",
        '<?xml version="1.0"?><?xml-stylesheet type="text/xsl" href="/feed.xsl"?>' + RSS,
    ),
    (
        "stylesheet naming html",
        '<?xml-stylesheet href="data:text/html,<html><body>x</body></html>"?>' + ATOM,
    ),
    (
        "external doctype",
        '<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"'
        ' "http://my.netscape.com/publish/formats/rss-0.91.dtd">' + RSS,
    ),
    ("several comments", "<!-- a --><!-- <p>b</p> -->\n<!--<div>-->" + RSS),
]


def drafts(results: list) -> list[ArticleDraft]:
    assert all(isinstance(r, ArticleDraft) for r in results), results
    return results


@pytest.mark.parametrize("label,text", ODD_PREFIXES, ids=[p[0] for p in ODD_PREFIXES])
def test_odd_prefixes_do_not_hide_the_feed(label: str, text: str) -> None:
    [draft] = drafts(parse(text.encode("utf-8")))
    assert draft.format in ("rss", "atom")
    assert draft.headline in ("Sturmflut an der Nordsee erwartet", "Fähren nach Föhr fallen aus")


@pytest.mark.parametrize(
    "bom,codec",
    [(codecs.BOM_UTF8, "utf-8"), (b"", "utf-16"), (b"", "utf-32")],
    ids=["utf-8 bom", "utf-16", "utf-32"],
)
def test_byte_order_marks_with_misleading_comment(bom: bytes, codec: str) -> None:
    text = f'<?xml version="1.0" encoding="{codec}"?>' + MISLEADING_COMMENT + ATOM
    [draft] = drafts(parse(bom + text.encode(codec)))
    assert draft.headline == "Fähren nach Föhr fallen aus"


ODD_NAMESPACES = [
    # Atom with a prefix instead of the default namespace.
    '<a:feed xmlns:a="http://www.w3.org/2005/Atom"><a:title>K</a:title><a:id>urn:f</a:id>'
    "<a:entry><a:id>urn:test:ns-1</a:id><a:title>Deich bei Büsum hält</a:title>"
    "<a:updated>2026-01-05T08:00:00Z</a:updated><a:summary>Alles ruhig.</a:summary>"
    "</a:entry></a:feed>",
    # RDF (RSS 1.0) with the rdf prefix and a default RSS 1.0 namespace.
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
    ' xmlns="http://purl.org/rss/1.0/"><channel rdf:about="https://example.org/">'
    "<title>K</title><link>https://example.org/</link><description>d</description></channel>"
    '<item rdf:about="https://example.org/deich"><title>Deich bei Büsum hält</title>'
    "<link>https://example.org/deich</link></item></rdf:RDF>",
    # RSS carrying a dozen foreign namespaces declared on the root.
    '<rss version="2.0" xmlns:x="urn:x" xmlns:html="http://www.w3.org/1999/xhtml"'
    ' xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>K</title>'
    "<html:div>ignored</html:div><item><guid>urn:test:ns-3</guid>"
    "<title>Deich bei Büsum hält</title><dc:creator>Redaktion</dc:creator></item>"
    "</channel></rss>",
]


@pytest.mark.parametrize("text", ODD_NAMESPACES, ids=["atom prefix", "rdf", "foreign ns"])
def test_odd_namespaces(text: str) -> None:
    [draft] = drafts(parse((MISLEADING_COMMENT + text).encode("utf-8")))
    assert draft.headline == "Deich bei Büsum hält"


def test_html_page_behind_a_comment_is_still_a_page() -> None:
    body = "<p>" + "Die Landesregierung hat neue Deichbaupläne vorgestellt. " * 8 + "</p>"
    page = (
        "<!-- <rss version='2.0'><channel></channel></rss> -->\n<!DOCTYPE html>"
        "<html lang='de'><head><meta charset='utf-8'><title>Deichbau</title></head>"
        f"<body><article><h1>Neue Deiche für die Küste</h1>{body}</article></body></html>"
    )
    [draft] = drafts(parse(page.encode("utf-8"), url="https://example.org/deichbau"))
    assert draft.format == "page"


def test_unknown_xml_root_is_named() -> None:
    [rejected] = parse(MISLEADING_COMMENT.encode() + b"<inventory><thing/></inventory>")
    assert isinstance(rejected, Rejected)
    assert "root element <inventory>" in rejected.reason


CONTENT = (
    '<content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/">'
    "&lt;p&gt;Schöne Grüße aus Düsseldorf, sagt der Bürgermeister.&lt;/p&gt;</content:encoded>"
)
LYING = (
    '<?xml version="1.0" encoding="{label}"?><rss version="2.0"><channel><title>Täst</title>'
    "<item><guid>urn:test:lie</guid><title>Grüße aus Köln</title>"
    f"<description>Die Bürger grüßen.</description>{CONTENT}</item></channel></rss>"
)


@pytest.mark.parametrize("label", ["iso-8859-1", "windows-1252", "iso-8859-15"])
def test_lying_single_byte_label_on_utf8_bytes_decodes_once(label: str) -> None:
    [draft] = drafts(parse(LYING.format(label=label).encode("utf-8")))
    assert draft.headline == "Grüße aus Köln"
    assert draft.teaser == "Die Bürger grüßen."
    assert "Schöne Grüße aus Düsseldorf" in draft.body


def test_http_charset_and_xml_label_disagree_every_field_agrees() -> None:
    data = LYING.format(label="utf-8").encode("cp1252")
    [draft] = drafts(parse(data, content_type="application/rss+xml; charset=windows-1252"))
    assert (draft.headline, draft.teaser) == ("Grüße aus Köln", "Die Bürger grüßen.")
    assert "Schöne Grüße" in draft.body


def test_honest_latin1_label_is_honoured() -> None:
    [draft] = drafts(parse(LYING.format(label="iso-8859-1").encode("latin-1")))
    assert draft.headline == "Grüße aus Köln"
    assert "Schöne Grüße" in draft.body


def test_html_page_with_lying_meta_charset_decodes_once() -> None:
    body = "<p>" + "Die Bürgerinnen und Bürger in Köln grüßen die Gäste herzlich. " * 6 + "</p>"
    page = (
        "<html lang='de'><head><meta charset='iso-8859-1'>"
        "<meta property='og:title' content='Grüße aus Köln'></head>"
        f"<body><article><h1>Grüße aus Köln</h1>{body}</article></body></html>"
    )
    [draft] = drafts(parse(page.encode("utf-8"), url="https://example.org/gruesse"))
    assert draft.headline == "Grüße aus Köln"
    assert "Bürgerinnen" in draft.body and "Ã" not in draft.body


ARTICLE_PAGE = (
    "<html lang='de'><head><meta charset='utf-8'><title>Sturmflut in Husum</title></head><body>"
    "<article><h1>Sturmflut in Husum</h1>"
    "<p>Der Pegel in Husum ist in der Nacht auf mehr als drei Meter über das mittlere Hochwasser"
    " gestiegen. Die Feuerwehr sperrte den Hafen und die Uferstraße.</p>"
    "<p>Verletzt wurde nach Angaben der Polizei niemand. Am Morgen fiel das Wasser wieder, die"
    " Fähren nach Föhr und Amrum sollen am Mittag wieder fahren.</p></article></body></html>"
)


@pytest.mark.parametrize(
    "start",
    ["<!doctype html>", "<!DOCTYPE html>", "<!Doctype HTML>", "<!-- Seite -->\n<!doctype html>\n",
     '<!doctype html public "-//W3C//DTD HTML 4.01//EN">', "<script>var ad = 1;</script>\n",
     ""],
)  # fmt: skip
def test_an_article_page_is_read_whatever_the_case_of_its_doctype(start: str) -> None:
    [draft] = parse((start + ARTICLE_PAGE).encode(), url="https://example.org/husum")
    assert isinstance(draft, ArticleDraft), draft
    assert draft.headline == "Sturmflut in Husum"
