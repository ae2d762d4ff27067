"""Safe XML parsing: no entity expansion, no network, no huge trees, specific error reasons."""

from __future__ import annotations

import re

from lxml import etree

from .draft import Rejected
from .errors import RejectCode

_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)
_INTERNAL_SUBSET = re.compile(rb"<!DOCTYPE[^>\[]*\[", re.IGNORECASE)
_DOCTYPE_DECL = re.compile(rb"<!DOCTYPE[^>\[]*>", re.IGNORECASE)


def safe_parser(recover: bool = False) -> etree.XMLParser:
    """lxml's parser with entities, network, DTDs and huge trees off; `recover` reads broken
    markup as far as it goes (format detection)."""
    return etree.XMLParser(
        recover=recover,
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        remove_comments=True,
        remove_pis=True,
    )


def refuse_dtd(data: bytes) -> Rejected | None:
    """Reject documents with entity declarations or an internal DTD subset (billion laughs)."""
    if _ENTITY.search(data):
        return Rejected("XML entity declarations are not allowed", code=RejectCode.UNSAFE_XML)
    if _INTERNAL_SUBSET.search(data):
        return Rejected(
            "XML DOCTYPE with an internal subset is not allowed", code=RejectCode.UNSAFE_XML
        )
    return None


def strip_doctype(data: bytes) -> bytes:
    """Drop a plain external DOCTYPE line (RSS 0.91 has one); it is never fetched anyway."""
    return _DOCTYPE_DECL.sub(b"", data, count=1) if _DOCTYPE.search(data) else data


_TRUNCATION_HINTS = (
    "end of data",
    "expected '>'",
    "couldn't find end",
    "unfinished",
    "mandates value",
    "not finished",
    "unterminated",
    "attvalue",
)


def xml_error_code(error: etree.XMLSyntaxError, data: bytes) -> RejectCode:
    """The code of `xml_error_reason`'s reason."""
    return _xml_error(error, data)[0]


def xml_error_reason(error: etree.XMLSyntaxError, data: bytes) -> str:
    """A specific reason: wrong encoding, truncated document, or malformed at line N."""
    return _xml_error(error, data)[1]


def _xml_error(error: etree.XMLSyntaxError, data: bytes) -> tuple[RejectCode, str]:
    message = " ".join(str(getattr(error, "msg", "") or error).split())
    line = error.lineno or 0
    lowered = message.lower()
    if "encoding" in lowered or "not proper utf-8" in lowered:
        return RejectCode.WRONG_ENCODING, f"wrong encoding in XML at line {line}: {message}"
    lines = data.rstrip().split(b"\n")
    column = error.position[1] if getattr(error, "position", None) else 0
    on_last_line = line >= len(lines)
    at_the_end = on_last_line and column >= len(lines[-1].rstrip()) - 1
    if (
        "premature end of data" in lowered
        or at_the_end
        or (on_last_line and any(hint in lowered for hint in _TRUNCATION_HINTS))
    ):
        return RejectCode.TRUNCATED, f"truncated XML at line {line}"
    return RejectCode.MALFORMED, f"malformed XML at line {line}: {message}"


def parse_xml(data: bytes) -> etree._Element | Rejected:
    """Parse XML bytes safely; returns the root element or a Rejected with a specific reason."""
    refused = refuse_dtd(data)
    if refused:
        return refused
    try:
        root = etree.fromstring(strip_doctype(data), parser=safe_parser())
    except etree.XMLSyntaxError as error:
        return Rejected(xml_error_reason(error, data), code=xml_error_code(error, data))
    if root is None:
        return Rejected("empty XML document", code=RejectCode.EMPTY)
    return root


def local(tag: object) -> str:
    """Tag name without namespace ("{ns}newsItem" → "newsItem"); "" for comments/PIs."""
    return etree.QName(tag).localname if isinstance(tag, str) else ""
