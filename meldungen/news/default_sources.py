"""Public German news feeds seeded on first start (the admin can remove or change them): the
list is data, ``default_sources.json`` beside this module (name, feed URL, and the Ressort for
all its items, "" = decide per item)."""

import json
from functools import cache
from pathlib import Path

SOURCES_FILE = Path(__file__).with_name("default_sources.json")


@cache
def default_sources() -> tuple[tuple[str, str, str], ...]:
    """(name, feed URL, Ressort) of each default feed, read once."""
    rows = json.loads(SOURCES_FILE.read_text("utf-8"))
    return tuple((row["name"], row["url"], row["ressort"]) for row in rows)
