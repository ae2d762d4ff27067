"""What in a stored body is not the article's own text: reading recommendations ("Lesen Sie
auch: <a>…</a>", a "Mehr zum Thema" heading over a list of links) and the page's calls to action
that travel with copied text ("Kommentar abgeben / Kommentare ansehen"). Recommendations name
other stories: left in, their names become the article's tags and their words its story, and
the reader gets another site's links in the middle of our article. The markers are data
(``recommendations.json``).

Works on sanitized HTML (``sanitize.clean_html``'s output: well-formed, no attributes but
links'), block by block at the top level; a body without such a block is returned as it is.
"""

from __future__ import annotations

import html as htmllib
import json
import re
from functools import lru_cache
from pathlib import Path

MARKERS_FILE = Path(__file__).with_name("recommendations.json")
# a block that opens with a marker and a colon is a recommendation when it is short or mostly
# link text ("Mehr dazu: Die Regierung hat am Montag ..." goes on as the article)
MAX_WORDS = 40
LINK_SHARE = 0.5
# after a marker on its own (a heading), what follows belongs to it while it is a list, a
# paragraph of links only, or a teaser that ends in "weiterlesen"/"mehr …"
MAX_FOLLOWING = 12

_TAG = re.compile(r"<(/?)([a-z][a-z0-9]*)\b[^>]*>")
_VOID = frozenset({"br"})
_LINK = re.compile(r"<a\b[^>]*>(.*?)</a>", re.DOTALL)
_ANY_TAG = re.compile(r"<[^>]+>")
_TEASER_END = re.compile(r"(?:weiterlesen|mehr)\s*(?:\.\.\.|…|»|›|>)?\s*$", re.IGNORECASE)


# "einen Kommentar abgeben" is the reader's sentence, not the page's button
_NO_DETERMINER = "".join(
    f"(?<!{w})" for w in ("einen", "keinen", "ihren", "Ihren", "seinen", "unseren", " den")
)


@lru_cache(maxsize=1)
def _markers() -> tuple[re.Pattern[str], ...]:
    """(a marker opening a block and followed by a colon, a block that is a marker alone, a
    block that opens with calls to action, calls to action after a sentence and what follows
    them to the end). Calls to action count when nothing, a capitalised word or a number
    follows them; after a word or number (a sentence without its full stop) only before a
    capital, a number or the end, never before a full stop: "... einen Kommentar abgeben."
    stays."""
    data = json.loads(MARKERS_FILE.read_text(encoding="utf-8"))
    either = "|".join(f"(?:{m})" for m in data["markers"])
    opening = re.compile(rf"^\s*(?:{either})\s*:", re.IGNORECASE)
    alone = re.compile(rf"^\s*(?:{either})\s*(?::|\.\.\.|…)?\s*$", re.IGNORECASE)
    action = "|".join(f"(?:{m})" for m in data["calls_to_action"])
    run = rf"(?i:{action})(?:\s*[/|·•]?\s*(?i:{action}))*[!.]?(?:\s*$|\s+(?=[A-ZÄÖÜ0-9]))"
    actions_first = re.compile(rf"^\s*{run}")
    # after a sentence and its footnote marks ("freigegeben. [1] Kommentar abgeben")
    after_sentence = rf"(?<=[.!?…\"“”»])\s*(?:\[\d+\]\s*)*(?:[/|·•]\s*)?{run}"
    # a sentence that lost its full stop, then calls to action and nothing or end matter that
    # opens with a capital: "... gemessen Kommentar abgeben Umweltministerium: 2016 regnete"
    after_words = (
        rf"(?<=[a-zäöüß0-9]){_NO_DETERMINER}\s+(?i:{action})(?:\s*[/|·•]?\s*(?i:{action}))*"
        r"(?:\s+(?=[A-ZÄÖÜ0-9])|\s*$)"
    )
    closing = re.compile(rf"(?:{after_sentence}|{after_words})[^<]*\Z")
    return opening, alone, actions_first, closing


def drop_closing_actions(text: str) -> str:
    """Plain ``text`` (a teaser) without the calls to action after its last sentence and the
    end matter after them."""
    if not text:
        return text
    return _markers()[3].sub("", text).rstrip()


def _blocks(body: str) -> list[tuple[str, str]] | None:
    """(tag, outer HTML) of each top-level element, or None when the body is not a sequence of
    elements (text at the top level, an unbalanced tag): then it is left alone."""
    out: list[tuple[str, str]] = []
    depth, start, top = 0, 0, ""
    pos = 0
    for m in _TAG.finditer(body):
        closing, name = m.group(1) == "/", m.group(2)
        if depth == 0:
            if closing or body[pos : m.start()].strip():
                return None
            start, top = m.start(), name
        if name in _VOID:
            if depth == 0:
                out.append((name, m.group()))
                pos = m.end()
            continue
        depth += -1 if closing else 1
        if depth < 0:
            return None
        if depth == 0:
            if name != top:
                return None
            out.append((top, body[start : m.end()]))
            pos = m.end()
    if depth or body[pos:].strip():
        return None
    return out


def _text(fragment: str) -> str:
    """A fragment's words: tags off, entities decoded, white space folded (what the markers
    are matched on; the body is already sanitized, so no parser is needed as in
    ``meldungen.text.html_to_text``)."""
    return " ".join(htmllib.unescape(_ANY_TAG.sub(" ", fragment)).split())


def _link_text(fragment: str) -> str:
    return " ".join(_text(inner) for inner in _LINK.findall(fragment))


def _is_recommendation(block: str, text: str, opening: re.Pattern[str]) -> bool:
    if not opening.match(text):
        return False
    return len(text.split()) <= MAX_WORDS or len(_link_text(block)) >= LINK_SHARE * len(text)


def _belongs_to_heading(tag: str, block: str) -> bool:
    """A list, a paragraph or heading that is all links, or a teaser ending in 'weiterlesen'."""
    if tag in ("ul", "ol"):
        return True
    text = _text(block)
    if not text:
        return True
    return _link_text(block) == text or bool(_TEASER_END.search(text))


def drop_recommendations(body: str) -> str:
    """``body`` without its reading-recommendation blocks (module docstring)."""
    if not body or "<" not in body:
        return body
    opening, alone, actions_first, closing = _markers()
    blocks = _blocks(body)
    if blocks is None:
        return body
    kept: list[str] = []
    dropped = False
    i = 0
    while i < len(blocks):
        tag, block = blocks[i]
        text = "" if tag in ("ul", "ol", "table") else _text(block)  # lists are no heading
        if text and alone.match(text):
            i += 1
            n = 0
            while i < len(blocks) and n < MAX_FOLLOWING and _belongs_to_heading(*blocks[i]):
                i, n = i + 1, n + 1
            dropped = True
            continue
        if text and (_is_recommendation(block, text, opening) or actions_first.match(text)):
            i += 1
            dropped = True
            continue
        kept.append(block)
        i += 1
    if kept and kept[-1].startswith("<p>") and kept[-1].endswith("</p>"):
        inner = kept[-1][3:-4]
        cut = closing.sub("", inner)
        if cut != inner:
            cut = cut.rstrip()
            kept[-1], dropped = f"<p>{cut}</p>" if cut else "", True
    return "".join(kept) if dropped else body
