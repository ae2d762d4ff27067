"""Allow-list HTML sanitizing (nh3) for every stored HTML fragment. Plain text of HTML is
`meldungen.text.html_to_text`."""

from __future__ import annotations

import html as htmllib
import re

import nh3

from meldungen.text.html import DROP_WITH_CONTENT, bound_depth, html_to_text, without_surrogates
from meldungen.text.recent import Recent

from .urls import safe_http_url

ALLOWED_TAGS = {
    "p",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "a",
    "strong",
    "em",
    "b",
    "i",
    "blockquote",
    "br",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "caption",
}
ALLOWED_ATTRIBUTES = {"a": {"href"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}}
LINK_SCHEMES = {"http", "https", "mailto"}  # mailto only as a plain address (_MAILTO)
_MAILTO = re.compile(r"mailto:[^\s:<>\"'&%\\]+@[^\s:<>\"'&%\\]+\Z")
_H1 = re.compile(r"<(/?)h1\b", re.IGNORECASE)
_H56 = re.compile(r"<(/?)h[56]\b", re.IGNORECASE)
_EMPTY_BLOCK = re.compile(
    r"<(p|h2|h3|h4|li|blockquote)>(?:\s|&nbsp;|&#160;|\u00a0|<br>)*</\1>", re.IGNORECASE
)
_UNLINKED_A = re.compile(r"<a rel=\"[^\"]*\">(.*?)</a>", re.DOTALL)
_WHITESPACE = re.compile(r"\s+")
_AROUND_BLOCKS = re.compile(
    r"\s*(</?(?:p|h2|h3|h4|ul|ol|li|blockquote|table|thead|tbody|tfoot|tr|th|td|caption)>)\s*"
)
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")


def _link_filter(base_url: str):
    def keep(tag: str, attr: str, value: str) -> str | None:
        if tag != "a" or attr != "href":
            return value
        value = value.strip()
        if value.startswith("#"):
            return None  # a fragment would point into our own portal
        if _MAILTO.match(value):
            return value
        return safe_http_url(value, base_url) or None  # the one check for outside URLs

    return keep


def clean_html(html: str, base_url: str = "") -> str:
    """Sanitize an HTML fragment to the portal's allow-list.

    Keeps paragraphs, h2-h4 (h1 becomes h2), lists, links (http/https/mailto, resolved against
    ``base_url``, rel="noopener nofollow"), emphasis, blockquotes and simple tables. Images are
    dropped (pictures travel separately, which also removes tracking pixels), as are scripts,
    styles, iframes and event handlers. Empty paragraphs are removed.
    """
    if not html:
        return ""
    html = bound_depth(without_surrogates(html))
    html = _H1.sub(r"<\1h2", html)
    html = _H56.sub(r"<\1h4", html)
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROP_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_link_filter(base_url),
        url_schemes=LINK_SCHEMES,
        link_rel="noopener nofollow",
        strip_comments=True,
    )
    cleaned = _UNLINKED_A.sub(r"\1", cleaned)  # <a> whose href was refused: keep its text
    cleaned = _WHITESPACE.sub(" ", cleaned)
    cleaned = _AROUND_BLOCKS.sub(r"\1", cleaned)
    previous = None
    while previous != cleaned:  # nested empties (<li><p></p></li>) need more than one pass
        previous = cleaned
        cleaned = _EMPTY_BLOCK.sub("", cleaned)
    cleaned = cleaned.strip()
    _remember_clean(cleaned)
    return cleaned


def clean_html_once(html: str) -> str:
    """``clean_html(html)``, unless ``html`` is what ``clean_html`` just gave (a parser cleaned
    the body, and the bounds check on the way into the database cleans it again): then it is
    returned as it is, still an output of ``clean_html``."""
    return html if html in _recent_clean else clean_html(html)


# The last bodies ``clean_html`` gave, short ones only (a bounded memory, no hostile megabytes).
_RECENT_UP_TO = 20_000
_recent_clean = Recent(512)


def _remember_clean(cleaned: str) -> None:
    if cleaned and len(cleaned) <= _RECENT_UP_TO:
        _recent_clean.put(cleaned)


def paragraphs_html(text: str) -> str:
    """Plain text (blank-line or line separated) as escaped <p> paragraphs."""
    parts = [p.strip() for p in re.split(r"\n\s*\n|\r?\n", text or "") if p.strip()]
    return "".join(f"<p>{htmllib.escape(_SPACES.sub(' ', p), quote=False)}</p>" for p in parts)


_LEADING_BLOCK = re.compile(r"\s*<(p|h2|h3|h4)>(.*?)</\1>", re.DOTALL)


def _comparable(text: str) -> str:
    return " ".join(text.split()).casefold().rstrip(".:!? ")


# a short line above a page's headline: its kicker ("Merz, Macron"), a date or an author
_LABEL_WORDS = 12
LABELS_BEFORE_REPEAT = 2
_SENTENCE_END = re.compile(r"[.!?…]\s*$")


def drop_leading_repeats(body: str, *texts: str) -> str:
    """Drop leading paragraphs/subheads of sanitized ``body`` that repeat headline or teaser,
    and the short label lines above such a repeat (a page's kicker or date over its headline):
    at most ``LABELS_BEFORE_REPEAT`` of them, each a line, not a sentence."""
    wanted = {_comparable(t) for t in texts if t and t.strip()}
    if not wanted:
        return body
    pos, labels = 0, 0
    while True:
        match = _LEADING_BLOCK.match(body, pos)
        if not match:
            return body
        plain = html_to_text(match.group(2))
        text = _comparable(plain)
        if text in wanted:
            body, pos, labels = body[match.end() :], 0, 0
            continue
        if (
            labels >= LABELS_BEFORE_REPEAT
            or len(text.split()) > _LABEL_WORDS
            or _SENTENCE_END.search(plain)
        ):
            return body
        pos, labels = match.end(), labels + 1


def without_repeated_lead(body: str, headline: str, teaser: str) -> str:
    """``drop_leading_repeats`` of a body whose first paragraph repeats the item's headline or
    teaser (ninjs' description_text, a feed's description), unless nothing would be left: a
    body that is only its teaser stays (a teaser-only item)."""
    out = drop_leading_repeats(body, headline, teaser)
    return out if out != body and html_to_text(out).strip() else body
