"""Decode a markup document once; every later stage (lxml, feedparser, trafilatura) gets the
same text, so one item can never be read in two encodings.

Order: a byte-order mark, then the charset the sender declares (HTTP ``charset=``, the XML
declaration, ``<meta charset>``), then UTF-8. A declared single-byte charset that the bytes
contradict (they are valid UTF-8 with multi-byte sequences, which Latin-1/Windows-1252 text
practically never is) is overruled by UTF-8. For XML a document that is neither what it
declares nor UTF-8 is rejected; an HTML page falls back to Windows-1252 as browsers do.
"""

from __future__ import annotations

import codecs
import re

from .draft import Rejected
from .errors import RejectCode

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_HTTP_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_XML_DECL = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9_.:-]+)[\"']")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECL_TEXT = re.compile(r"^\s*<\?xml[^>]*\?>")


def _codec(name: str | bytes | None) -> str | None:
    if not name:
        return None
    if isinstance(name, bytes):
        name = name.decode("ascii", "replace")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _single_byte(codec: str) -> bool:
    return not codec.startswith(("utf", "gb", "big5", "shift", "euc", "iso2022", "cp9", "hz"))


def declared_charset(data: bytes, content_type: str = "") -> str | None:
    """The charset the sender declares: HTTP header first, then the document itself."""
    match = _HTTP_CHARSET.search(content_type or "")
    if match and (codec := _codec(match.group(1))):
        return codec
    head = data[:4096]
    for pattern in (_XML_DECL, _META_CHARSET):
        if (match := pattern.search(head)) and (codec := _codec(match.group(1))):
            return codec
    return None


def decode_markup(data: bytes, content_type: str = "", *, xml: bool) -> str | Rejected:
    """The text of an XML or HTML document, decoded exactly once (see the module doc)."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as error:
                return _wrong(data, codec, error, xml)
    declared = declared_charset(data, content_type)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        utf8_error = error
    else:
        if declared is None or declared == "utf-8" or _single_byte(declared) or data.isascii():
            return text  # valid UTF-8 with multi-byte characters: a Latin-1 label lies
        utf8_error = None
    if declared and declared != "utf-8":
        try:
            return data.decode(declared)
        except UnicodeDecodeError as error:
            if utf8_error is None:
                return data.decode("utf-8")
            if xml:
                return _wrong(data, declared, error, xml)
    if xml and utf8_error is not None:
        return _wrong(data, "utf-8", utf8_error, xml)
    return data.decode("cp1252", "replace")


def _wrong(data: bytes, codec: str, error: UnicodeDecodeError, xml: bool) -> Rejected:
    line = data[: error.start].count(b"\n") + 1
    kind = "XML" if xml else "HTML"
    return Rejected(
        f"wrong encoding in {kind} at line {line}: byte 0x{data[error.start]:02X} is not"
        f" valid {codec}",
        code=RejectCode.WRONG_ENCODING,
    )


def as_utf8_xml(text: str) -> bytes:
    """XML text as UTF-8 bytes whose declaration says so (for parsers that want bytes)."""
    text = _XML_DECL_TEXT.sub("", text.lstrip("\ufeff").lstrip(), count=1)
    return b'<?xml version="1.0" encoding="utf-8"?>' + text.encode("utf-8")
