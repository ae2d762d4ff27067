"""Size and time: one document limit for every way in, nesting bounded before the sanitizer,
and a total deadline for every fetch (no timed assertions: each case checks the outcome)."""

from __future__ import annotations

import json
import time
from http.server import BaseHTTPRequestHandler

import pytest
from loopback import loopback_server

from meldungen.ingest import limits
from meldungen.ingest.detect import parse
from meldungen.ingest.draft import ArticleDraft, Rejected
from meldungen.ingest.fetch import fetch
from meldungen.ingest.sanitize import clean_html
from meldungen.text import html_to_text
from meldungen.text.html import bound_depth


def depth_of(html: str) -> int:
    """Deepest element nesting of well-formed sanitizer output."""
    import re

    depth = deepest = 0
    for closing, name in re.findall(r"<(/?)([a-z0-9]+)[^>]*>", html):
        if name == "br":
            continue
        depth += -1 if closing else 1
        deepest = max(deepest, depth)
    return deepest


@pytest.mark.parametrize(
    "opening,closing",
    [
        ("<div>", "</div>"),
        ("<b>", "</b>"),
        ("<blockquote><p>", "</p></blockquote>"),
        ("<ul><li>", ""),
    ],
    ids=["div", "formatting", "quote", "unclosed list"],
)
def test_deep_nesting_is_flattened_before_the_sanitizer_and_keeps_the_text(opening, closing):
    levels = 20_000
    html = "<p>Vorspann zur Lage.</p>" + opening * levels + "Kern der Meldung." + closing * levels
    cleaned = clean_html(html)
    assert depth_of(cleaned) <= 2 * limits.MAX_HTML_DEPTH
    assert "Vorspann zur Lage." in html_to_text(cleaned)
    assert "Kern der Meldung." in html_to_text(cleaned)


def test_ordinary_html_is_untouched_by_the_depth_bound():
    html = "<p>Eins</p><p>Zwei<p>Drei</p><ul><li>a<li>b</ul><table><tr><td>x<td>y</table>" * 50
    assert bound_depth(html) == html


def test_deeply_nested_feed_item_is_read_with_its_text():
    nested = "&lt;div&gt;" * 5000 + "Pegel steigt." + "&lt;/div&gt;" * 5000
    feed = (
        '<rss version="2.0"><channel><title>K</title><item><guid>urn:test:tief</guid>'
        f"<title>Hochwasser an der Elbe</title><description>{nested}</description>"
        "</item></channel></rss>"
    )
    [draft] = parse(feed.encode())
    assert isinstance(draft, ArticleDraft)
    assert "Pegel steigt." in html_to_text(draft.body)


def test_one_document_limit_for_parse(monkeypatch):
    monkeypatch.setattr(limits, "MAX_DOCUMENT_BYTES", 1000)
    item = {"uri": "urn:test:gross", "type": "text", "headline": "Groß", "body_html": "x" * 2000}
    [rejected] = parse(json.dumps(item).encode())
    assert isinstance(rejected, Rejected)
    assert rejected.reason.startswith("document too large:")
    assert "limit is 1000" in rejected.reason


class Dripping(BaseHTTPRequestHandler):
    """Answers quickly at first, then one byte every 0.2 s: no single read ever times out."""

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.end_headers()
        try:
            for _ in range(200):
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(0.2)
        except OSError:
            pass  # the client gave up, as it should


def test_a_server_dripping_bytes_hits_the_total_deadline():
    with loopback_server(Dripping) as base:
        result = fetch(base + "/feed", timeout=5, deadline=1, allow_private=True)
    assert result.error.startswith("deadline of 1 s exceeded"), result.error
    assert result.content == b""


def test_fetch_defaults_to_the_one_document_limit():
    import inspect

    assert inspect.signature(fetch).parameters["max_bytes"].default == limits.MAX_DOCUMENT_BYTES
