"""OPML subscription lists: read the feeds of one (nested folders included) and write the
portal's sources as one. Pure: no Django. Entities and DTDs are refused (defusedxml)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol
from xml.sax.saxutils import quoteattr

import defusedxml.ElementTree as ET


class OpmlError(ValueError):
    """The file is no readable OPML (bad XML, a DTD or entities)."""


@dataclass(frozen=True)
class Outline:
    """One feed of an OPML file: its address, its name and its folder (the Ressort)."""

    url: str
    name: str
    ressort: str


class SourceLike(Protocol):
    name: str
    url: str
    ressort: str


def read_opml(data: bytes) -> list[Outline]:
    """Outlines with an xmlUrl, nested folders included; entities and DTDs refused."""
    try:
        root = ET.fromstring(data, forbid_dtd=True)
    except Exception as exc:  # defusedxml raises several types; all mean "unreadable"
        raise OpmlError(f"not a readable OPML file: {exc}") from exc
    out = []
    for outline in root.iter("outline"):
        url = outline.get("xmlUrl") or outline.get("xmlurl")
        if url:
            name = (outline.get("title") or outline.get("text") or url).strip()
            out.append(Outline(url.strip(), name, (outline.get("category") or "").strip("/ ")))
    return out


def write_opml(sources: Iterable[SourceLike], now: datetime | None = None) -> str:
    """The sources as an OPML 2.0 document (type rss, name as text and title, Ressort as
    category)."""
    now = now or datetime.now(UTC)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        f"  <head><title>Meldungen sources</title>"
        f"<dateCreated>{now:%a, %d %b %Y %H:%M:%S} +0000</dateCreated></head>",
        "  <body>",
    ]
    for s in sources:
        name = quoteattr(s.name)
        attrs = f'type="rss" text={name} title={name} xmlUrl={quoteattr(s.url)}'
        if s.ressort:
            attrs += f" category={quoteattr(s.ressort)}"
        lines.append(f"    <outline {attrs}/>")
    lines += ["  </body>", "</opml>"]
    return "\n".join(lines) + "\n"
