"""Allow-list HTML sanitizing (nh3) for every stored HTML fragment, and a plain-text helper."""

from __future__ import annotations

import html as htmllib
import re

import nh3

from .limits import MAX_HTML_DEPTH
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

_H1 = re.compile(r"<(/?)h1\b", re.IGNORECASE)
_H56 = re.compile(r"<(/?)h[56]\b", re.IGNORECASE)
_EMPTY_BLOCK = re.compile(
    r"<(p|h2|h3|h4|li|blockquote)>(?:\s|&nbsp;|&#160;|\u00a0|<br>)*</\1>", re.IGNORECASE
)
_UNLINKED_A = re.compile(r"<a rel=\"[^\"]*\">(.*?)</a>", re.DOTALL)
_BLOCK_END = re.compile(
    r"</(?:p|h[1-6]|li|td|th|tr|div|blockquote|section|article|table|ul|ol|dd|dt|figcaption)>"
    r"|<br\s*/?>",
    re.IGNORECASE,
)
_WHITESPACE = re.compile(r"\s+")
_AROUND_BLOCKS = re.compile(
    r"\s*(</?(?:p|h2|h3|h4|ul|ol|li|blockquote|table|thead|tbody|tfoot|tr|th|td|caption)>)\s*"
)
_TAG = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")


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
    html = bound_depth(html)
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
    return cleaned.strip()


def text_of(html: str) -> str:
    """Plain text of an HTML fragment: tags removed, entities decoded, one line per block."""
    if not html:
        return ""
    if "<" not in html:
        return _SPACES.sub(" ", htmllib.unescape(html)).strip()
    html = _BLOCK_END.sub(lambda m: m.group(0) + "\n", bound_depth(html))
    html = nh3.clean(html, tags=set(), clean_content_tags=DROP_WITH_CONTENT, attributes={})
    text = htmllib.unescape(_TAG.sub("", html))
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def paragraphs_html(text: str) -> str:
    """Plain text (blank-line or line separated) as escaped <p> paragraphs."""
    parts = [p.strip() for p in re.split(r"\n\s*\n|\r?\n", text or "") if p.strip()]
    return "".join(f"<p>{htmllib.escape(_SPACES.sub(' ', p), quote=False)}</p>" for p in parts)


_LEADING_BLOCK = re.compile(r"\s*<(p|h2|h3|h4)>(.*?)</\1>", re.DOTALL)


def _comparable(text: str) -> str:
    return " ".join(text.split()).casefold().rstrip(".:!? ")


def drop_leading_repeats(body: str, *texts: str) -> str:
    """Drop leading paragraphs/subheads of sanitized ``body`` that repeat headline or teaser."""
    wanted = {_comparable(t) for t in texts if t and t.strip()}
    while True:
        match = _LEADING_BLOCK.match(body)
        if not match or _comparable(text_of(match.group(2))) not in wanted:
            return body
        body = body[match.end() :]
