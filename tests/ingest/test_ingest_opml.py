"""OPML lists (meldungen.ingest.opml): nested folders read, DTDs refused, sources written."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from meldungen.ingest.opml import OpmlError, Outline, read_opml, write_opml

NESTED = b"""<?xml version="1.0"?>
<opml version="2.0"><head><title>Abos</title></head><body>
  <outline text="Politik">
    <outline text="Landespresse" xmlUrl=" https://presse.example/feed.xml " category="/Politik"/>
  </outline>
  <outline title="Ohne Ordner" text="ignored" xmlurl="https://blog.example/rss"/>
  <outline text="Folder without feed"/>
</body></opml>"""


def test_reads_feeds_of_nested_folders():
    assert read_opml(NESTED) == [
        Outline("https://presse.example/feed.xml", "Landespresse", "Politik"),
        Outline("https://blog.example/rss", "Ohne Ordner", ""),
    ]


def test_refuses_dtds_and_broken_xml():
    evil = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><opml><body/></opml>'
    for data in (evil, b"<opml><body>"):
        with pytest.raises(OpmlError, match="not a readable OPML file"):
            read_opml(data)


@dataclass
class _Source:
    name: str
    url: str
    ressort: str


def test_written_list_reads_back():
    sources = [_Source('Presse "A" & B', "https://a.example/f?x=1&y=2", "Sport")]
    text = write_opml(sources, now=datetime(2026, 3, 1, 8, 30, tzinfo=UTC))
    assert "<dateCreated>Sun, 01 Mar 2026 08:30:00 +0000</dateCreated>" in text
    assert read_opml(text.encode()) == [
        Outline("https://a.example/f?x=1&y=2", 'Presse "A" & B', "Sport")
    ]
