"""The one plain text of an HTML fragment or stored body: `html_to_text`.

Ingest reads headlines, teasers and captions with it, enrichment (`enrich.pipeline`), story
clustering (`news.stories`), the search index (`search.indexing`) and the search snippets read the
stored body with it: one text per body. The unsanitised HTML of feeds is safe here too: script,
style and the like are dropped with their content, and nesting is bounded first.
"""

from __future__ import annotations

import html as htmllib
import re
from functools import lru_cache

import nh3

# HTML nested deeper than this is flattened before it reaches nh3 (ingest.limits re-exports it).
MAX_HTML_DEPTH = 64

# Removed together with everything inside them (not just unwrapped).
DROP_WITH_CONTENT = {
    "script",
    "style",
    "iframe",
    "noscript",
    "template",
    "object",
    "embed",
    "svg",
    "math",
    "head",
    "title",
    "select",
    "textarea",
    "button",
    "form",
    "audio",
    "video",
}

# A block ends a line; the cells of a table row stay on one line, a space apart
# ("Mainz 05 0:3", not "Mainz 05" and "0:3" on lines of their own, nor "Mainz 050:3").
_BLOCK_END = re.compile(
    r"</(?:p|h[1-6]|li|tr|div|blockquote|section|article|table|ul|ol|dd|dt|figcaption)>"
    r"|<br\s*/?>",
    re.IGNORECASE,
)
_CELL_END = re.compile(r"</t[dh]>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_LONE_SURROGATES = re.compile("[\ud800-\udfff]")


def without_surrogates(text: str) -> str:
    """``text`` without lone surrogates: JSON may carry them ("\\ud800"), and nh3 (Rust, UTF-8
    only) cannot take a string that has one. A pair in JSON is one character already."""
    return _LONE_SURROGATES.sub("", text) if _LONE_SURROGATES.search(text) else text


def html_to_text(html: str) -> str:
    """Plain text of HTML: tags removed, entities decoded, one line per block, the cells of a
    table row a space apart, runs of spaces as one."""
    if not html:
        return ""
    if len(html) <= _CACHED_UP_TO:
        return _cached_text(html)
    return _text(html)


# One stored body is read by ingest five times (content hash, language, kind, story text,
# search index) and a copy sends the same body again, often hundreds of items later: the texts
# of the last 512 bodies are kept. Bounded in count and length (about 20 MB at most), so a
# hostile text's megabytes are not kept.
_CACHED_UP_TO = 20_000


@lru_cache(maxsize=512)
def _cached_text(html: str) -> str:
    return _text(html)


def _text(html: str) -> str:
    html = without_surrogates(html)
    if "<" not in html:
        return _SPACES.sub(" ", htmllib.unescape(html)).strip()
    html = _BLOCK_END.sub(lambda m: m.group(0) + "\n", bound_depth(html))
    html = _CELL_END.sub(lambda m: m.group(0) + " ", html)
    html = nh3.clean(html, tags=set(), clean_content_tags=DROP_WITH_CONTENT, attributes={})
    text = htmllib.unescape(_TAG.sub("", html))
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


# Void elements never nest; tags whose repeat implies closing the open one (<p>a<p>b).
_VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "col", "area", "base", "source"}
_SELF_CLOSING = {"p", "li", "dt", "dd", "tr", "td", "th", "option"}
_ANY_TAG = re.compile(r"<(/?)([A-Za-z][\w:-]*)[^>]*>")


def bound_depth(html: str, limit: int = MAX_HTML_DEPTH) -> str:
    """Drop the tags nested deeper than ``limit`` (their text stays), in one linear pass.

    html5ever's tree building costs grow with the square of the nesting depth, so a deeply
    nested body must be flattened before it reaches nh3.
    """
    if html.count("<") <= limit:
        return html
    stack: list[str] = []
    dropped: dict[str, int] = {}
    out: list[str] = []
    last = 0
    for match in _ANY_TAG.finditer(html):
        closing, name = match.group(1), match.group(2).lower()
        keep = True
        if name in _VOID or match.group(0).endswith("/>"):
            pass
        elif not closing:
            if stack and stack[-1] == name and name in _SELF_CLOSING:
                stack.pop()
            if len(stack) >= limit:
                dropped[name] = dropped.get(name, 0) + 1
                keep = False
            else:
                stack.append(name)
        elif dropped.get(name):
            dropped[name] -= 1
            keep = False
        elif name in stack:
            while stack and stack.pop() != name:
                pass
        if not keep:
            out.append(html[last : match.start()])
            last = match.end()
    if last == 0:
        return html
    out.append(html[last:])
    return "".join(out)
