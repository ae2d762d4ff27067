"""Outside URLs: only absolute http(s) passes the one check, however a script URL is spelled."""

from __future__ import annotations

import pytest

from meldungen.ingest.draft import ArticleDraft, Picture
from meldungen.ingest.sanitize import clean_html
from meldungen.ingest.urls import safe_http_url, with_safe_urls

BASE = "https://nachrichten.example.de/feed.xml"

# Every spelling a browser (or a feed reader) could turn into a script or document URL.
HOSTILE = [
    "javascript:alert(1)",
    "JavaScript:alert(document.cookie)",
    "JAVASCRIPT:alert(1)",
    " javascript:alert(1)",
    "\tjavascript:alert(1)",
    "\njavascript:alert(1)",
    "\x00javascript:alert(1)",
    "\x01javascript:alert(1)",
    "\x1fjavascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "java\rscript:alert(1)",
    "java\x00script:alert(1)",
    "jav\x0bascript:alert(1)",
    "javascript\t:alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;avascript:alert(1)",
    "&#0000106;&#0000097;vascript:alert(1)",
    "javascript&colon;alert(1)",
    "javascript&#58;alert(1)",
    "java&Tab;script:alert(1)",
    "java&#x09;script:alert(1)",
    "%6Aavascript:alert(1)",
    "javascript%3Aalert(1)",
    "%256Aavascript:alert(1)",
    "&amp;#106;avascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "DATA:image/svg+xml,<svg onload=alert(1)>",
    " data:text/html,x",
    "vbscript:msgbox(1)",
    "VBScript:msgbox(1)",
    "file:///etc/passwd",
    "ftp://example.de/x",
    "blob:https://example.de/uuid",
    "about:blank",
    "mailto:a@example.de",
    "\u2028javascript:alert(1)",
    "\x85javascript:alert(1)",
]

# Protocol-relative and host-less oddities: never an absolute http(s) URL of a real host.
ODD_WITHOUT_BASE = [
    "//evil.example/x",
    "\\\\evil.example/x",
    "/\\evil.example/x",
    "relative/path",
    "#top",
    "?q=1",
    "http:",
    "http://",
    "https:///path",
    "http:///evil.example",
    "https://@/",
    "http://host:99999999/",
    "",
    "   ",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_script_and_other_schemes_are_refused(value):
    assert safe_http_url(value) == ""
    assert safe_http_url(value, BASE) == ""


@pytest.mark.parametrize("value", ODD_WITHOUT_BASE)
def test_relative_and_hostless_urls_are_refused_without_a_base(value):
    assert safe_http_url(value) == ""


def test_relative_urls_resolve_against_a_safe_base_only():
    assert safe_http_url("/politik/a.html", BASE) == "https://nachrichten.example.de/politik/a.html"
    assert safe_http_url("//cdn.example.de/b.jpg", BASE) == "https://cdn.example.de/b.jpg"
    assert safe_http_url("/a", "javascript:alert(1)") == ""
    assert safe_http_url("/a", "data:text/html,x") == ""


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://example.de/a?b=1&c=2#d", "https://example.de/a?b=1&c=2#d"),
        ("HTTP://Example.de/Pfad", "http://Example.de/Pfad"),
        ("  https://example.de/x\n", "https://example.de/x"),
        ("https://example.de/mit leerzeichen", "https://example.de/mit%20leerzeichen"),
        (
            "https://example.de/?next=javascript%3Aalert(1)",
            "https://example.de/?next=javascript%3Aalert(1)",
        ),
        ("https:\\\\example.de\\x", "https://example.de/x"),
        ("https://xn--mnchen-3ya.de/", "https://xn--mnchen-3ya.de/"),
    ],
)
def test_http_urls_pass_normalised(value, expected):
    assert safe_http_url(value) == expected


def test_drafts_lose_unsafe_links_and_pictures_but_keep_the_rest():
    draft = ArticleDraft(
        guid="urn:x:1",
        headline="Überschrift",
        format="rss",
        url="java\tscript:alert(1)",
        picture=Picture(url="data:image/svg+xml,<svg onload=alert(1)>", caption="Bildtext"),
    )
    checked = with_safe_urls(draft)
    assert checked.url == ""
    assert checked.picture is not None and checked.picture.url == ""
    assert checked.picture.caption == "Bildtext"
    fine = ArticleDraft(
        guid="urn:x:2",
        headline="h",
        format="rss",
        url="https://example.de/a",
        picture=Picture(url="/b.jpg"),
    )
    assert with_safe_urls(fine).picture.url == "https://example.de/b.jpg"


@pytest.mark.parametrize("value", HOSTILE[:-3] + ["//evil.example/x"])
def test_body_links_keep_their_text_but_never_a_script_href(value):
    cleaned = clean_html(f'<p><a href="{value}">Klick</a> und mehr</p>')
    assert "Klick" in cleaned
    lowered = cleaned.lower()
    for word in ("javascript", "vbscript", "data:", "file:", 'href="//'):
        assert word not in lowered, cleaned


def test_body_links_http_and_plain_mailto_stay():
    cleaned = clean_html(
        '<a href="https://example.de/x">a</a> <a href="mailto:redaktion@example.de">b</a> '
        '<a href="mailto:javascript:alert(1)">c</a>',
        base_url=BASE,
    )
    assert 'href="https://example.de/x"' in cleaned
    assert 'href="mailto:redaktion@example.de"' in cleaned
    assert "alert" not in cleaned
