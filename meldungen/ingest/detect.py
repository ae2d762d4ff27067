"""Format detection from the content itself, and the one entry point ``parse``.

Never raises: every problem becomes a ``Rejected`` with a specific reason, and one bad item
inside a list or feed rejects only that item.
"""

from __future__ import annotations

import codecs
import json
import re

from lxml import etree

from . import digitalwires, newsml, ninjs, page, rss
from .decode import as_utf8_xml, decode_markup
from .draft import ArticleDraft, Rejected
from .errors import RejectCode
from .limits import too_large
from .xmlsafe import local, parse_xml, safe_parser, strip_doctype

ParseResults = list[ArticleDraft | Rejected]

_HTML_ROOTS = {
    "html",
    "head",
    "body",
    "div",
    "p",
    "article",
    "main",
    "section",
    "meta",
    "title",
    "span",
    "a",
    "table",
    "header",
    "nav",
    "link",
    "script",  # a page whose first element is a script (an ad loader before <html>)
    "style",
    "noscript",
}
_FEED_TYPES = ("rss", "atom", "xml", "rdf")


def _decode_bom(data: bytes) -> bytes:
    """UTF-16/32 input (BOM) is re-encoded as UTF-8 so every later step sees one encoding."""
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            text = data.decode(codec)
            text = re.sub(r'^(<\?xml[^>]*?)\sencoding=["\'][^"\']*["\']', r"\1", text)
            return text.encode("utf-8")
    return data[3:] if data.startswith(codecs.BOM_UTF8) else data


def _json_reason(error: json.JSONDecodeError, text: str) -> str:
    end = len(text.rstrip())
    if error.pos >= end - 1 or error.msg.startswith("Unterminated string"):
        return f"truncated JSON at line {error.lineno}"
    return f"malformed JSON at line {error.lineno} column {error.colno}: {error.msg}"


# a byte that is not UTF-8, kept by the "surrogateescape" error handler, as json.dumps writes it
_ESCAPED_BYTE = re.compile(r"\\udc([89a-f][0-9a-f])")


def _parse_json(data: bytes) -> ParseResults:
    try:
        text = data.decode("utf-8")
        wrong = None
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        wrong = Rejected(
            f"wrong encoding: JSON is not valid UTF-8 (byte 0x{data[error.start]:02X}"
            f" at line {line})",
            code=RejectCode.WRONG_ENCODING,
        )
        # the document may still be read: only the items that hold such a byte are refused
        text = data.decode("utf-8", "surrogateescape")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        reason = _json_reason(error, text)
        code = RejectCode.TRUNCATED if reason.startswith("truncated") else RejectCode.MALFORMED
        return [wrong or Rejected(reason, code=code)]
    except RecursionError:
        return [wrong or Rejected("JSON nested too deeply", code=RejectCode.MALFORMED)]
    if isinstance(document, dict) and isinstance(document.get("entries"), list):
        items = document["entries"]  # the dpa-digitalwires API envelope
    elif (
        isinstance(document, dict)
        and isinstance(document.get("items"), list)
        and not (ninjs.looks_like(document) or digitalwires.looks_like(document))
    ):
        items = document["items"]
    elif isinstance(document, list):
        items = document
    else:
        items = [document]
    if not items:
        return [wrong or Rejected("JSON without any items", code=RejectCode.NO_ITEMS)]
    if wrong is not None and len(items) > 1:  # one item: the document's reason says where
        return [_json_item_bytes(item, index) for index, item in enumerate(items, start=1)]
    if wrong is not None:
        return [wrong]
    return [_json_item(item, index) for index, item in enumerate(items, start=1)]


def _json_item_bytes(item: object, index: int) -> ArticleDraft | Rejected:
    """An item of a JSON document that is not all UTF-8: refused if it holds such a byte (the
    rest of the document is read; one bad byte does not cost every item of a wire's file)."""
    escaped = _ESCAPED_BYTE.search(json.dumps(item))
    if escaped is None:
        return _json_item(item, index)
    guid = str(item.get("urn") or item.get("uri") or "") if isinstance(item, dict) else ""
    return Rejected(
        f"wrong encoding: JSON item {index} is not valid UTF-8 (byte 0x{escaped[1].upper()})",
        guid=guid,
        code=RejectCode.WRONG_ENCODING,
    )


def _json_item(item: object, index: int) -> ArticleDraft | Rejected:
    if not isinstance(item, dict):
        return Rejected(f"JSON item {index} is not an object", code=RejectCode.UNREADABLE_ITEM)
    guid = str(item.get("urn") or item.get("uri") or "")
    try:
        if digitalwires.looks_like(item):
            return digitalwires.parse_item(item)
        if ninjs.looks_like(item):
            return ninjs.parse_item(item)
    except Exception as error:
        return Rejected(
            f"JSON item {index} could not be read: {type(error).__name__}: {error}",
            guid=guid,
            code=RejectCode.UNREADABLE_ITEM,
        )
    return Rejected(
        f"unknown JSON format in item {index}: neither dpa-digitalwires nor ninjs",
        guid=guid,
        code=RejectCode.UNKNOWN_FORMAT,
    )


def _root_of(text: str) -> etree._Element | None:
    """The root element of a markup document, read leniently (a page is rarely well-formed
    XML) but safely: no entities, DTDs or network; comments and PIs before it are skipped."""
    try:
        return etree.fromstring(as_utf8_xml(text), parser=safe_parser(recover=True))
    except (etree.XMLSyntaxError, ValueError):
        return None


# An HTML document's start: its doctype in any case ("<!doctype html>", which the XML parser
# cannot read, so a page with it has no root) or its root element, after white space and
# comments.
_HTML_START = re.compile(
    r"\A\ufeff?\s*(?:<!--.*?-->\s*)*(?:<!doctype\s+html\b|<html\b)", re.IGNORECASE | re.DOTALL
)


def _is_html(root: etree._Element | None, text: object = "") -> bool:
    if isinstance(text, str) and _HTML_START.match(text[:100_000]):
        return True
    if root is None:
        return False
    doctype = (root.getroottree().docinfo.doctype or "").lower()
    return local(root.tag).lower() in _HTML_ROOTS or doctype.startswith("<!doctype html")


def _parse_markup(data: bytes, url: str, content_type: str) -> ParseResults:
    text = decode_markup(data, content_type, xml=True)
    lenient = decode_markup(data, content_type, xml=False) if isinstance(text, Rejected) else text
    root = _root_of(lenient)
    if _is_html(root, lenient):
        return _parse_page(lenient, url, content_type)
    if isinstance(text, Rejected):
        return [text]  # an XML document in no encoding it or UTF-8 names
    if root is None:
        return [
            Rejected(
                "unrecognised format: not JSON, XML, a feed or HTML", code=RejectCode.UNKNOWN_FORMAT
            )
        ]
    canonical = as_utf8_xml(text)  # decoded once: lxml and feedparser read the same text
    strict = parse_xml(canonical)
    name = local(root.tag)
    if name in rss.ROOTS or name == "channel":
        if isinstance(strict, Rejected) and strict.code is not RejectCode.MALFORMED:
            return [strict]  # truncated or refused: do not guess at half a feed
        return rss.parse_feed(
            strip_doctype(canonical), None if isinstance(strict, Rejected) else strict, url=url
        )
    if isinstance(strict, Rejected):
        return [strict]
    name = local(strict.tag)
    if name in newsml.ROOTS:
        return newsml.parse_root(strict)
    return [
        Rejected(
            f"unknown XML format: root element <{name}> is not NewsML-G2, RSS, RDF or Atom",
            code=RejectCode.UNKNOWN_FORMAT,
        )
    ]


def _parse_page(data: bytes | str, url: str, content_type: str) -> ParseResults:
    result = page.extract_article(data, url, content_type)
    if isinstance(result, Rejected) and any(t in content_type.lower() for t in _FEED_TYPES):
        result = Rejected(
            f"expected a feed but got an HTML page ({result.reason})",
            guid=result.guid,
            code=result.code,
        )
    return [result]


def parse(data: bytes, *, url: str = "", content_type: str = "") -> ParseResults:
    """Read one document (file or HTTP body) into drafts and rejections.

    The format is detected from the content: dpa-digitalwires or ninjs JSON, NewsML-G2 XML,
    RSS/RDF/Atom feeds, or else an HTML article page. ``url`` is used as the base for relative
    links and as the page's identity; ``content_type`` only sharpens error messages.
    """
    try:
        return _parse(data, url, content_type)
    except Exception as error:
        reason = f"unexpected error: {type(error).__name__}: {error}"
        return [Rejected(reason, guid=url, code=RejectCode.UNEXPECTED)]


def _parse(data: bytes, url: str, content_type: str) -> ParseResults:
    if isinstance(data, str):
        data = data.encode("utf-8")
    if too_large(len(data)):
        return [Rejected(too_large(len(data)), guid=url)]
    if not data or not data.strip():
        return [Rejected("empty input", guid=url, code=RejectCode.EMPTY)]
    data = _decode_bom(data)
    stripped = data.lstrip()
    if not stripped:
        return [Rejected("empty input", guid=url, code=RejectCode.EMPTY)]
    if b"\x00" in stripped[:1024]:
        return [Rejected("binary data, not a text document", guid=url, code=RejectCode.BINARY)]
    if stripped[:1] in (b"{", b"["):
        return _parse_json(data)  # unstripped: error line numbers match the file
    if stripped[:1] == b"<":
        return _parse_markup(stripped, url, content_type)
    reason = "unrecognised format: not JSON, XML, a feed or HTML"
    return [Rejected(reason, guid=url, code=RejectCode.UNKNOWN_FORMAT)]
