"""The seed page built as a reader sees it: its article, and every "Weitere Meldungen" line as
an item of its own (headline, the teaser after it as teaser and as body, its Ressort and time),
stored through the real ingest path. The seed is read from ``<repo>/../shared`` at test time."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest

SEED = Path(__file__).resolve().parents[2] / ".." / "shared" / "seed" / "000_3bb928ff6e2d3dd4.txt"


def seed_text() -> str:
    if not SEED.exists():
        pytest.skip(f"../shared not present ({SEED} missing): the seed is read at test time")
    return SEED.read_text(encoding="utf-8")


def ingest_seed_as_it_reads() -> tuple[dict, list[dict]]:
    """Store the seed article and its related lines; returns (article item, related items)."""
    from meldungen.news.demo import seed_related, seed_to_digitalwires
    from meldungen.news.services import ingest_bytes

    text = seed_text()
    item = seed_to_digitalwires(text)
    related = seed_related(text)
    for entry in related:
        entry["article_html"] = f"<p>{html.escape(entry['teaser'], quote=False)}</p>"
    results = ingest_bytes(json.dumps(item).encode("utf-8"), "seed:article")
    results += ingest_bytes(json.dumps(related).encode("utf-8"), "seed:related")
    assert all(r.article_id for r in results), [r.line() for r in results]
    return item, related
