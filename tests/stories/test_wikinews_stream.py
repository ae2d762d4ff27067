"""Real German articles (../shared Wikinews) with generated copies and teasers cluster cleanly."""

from __future__ import annotations

import csv
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from meldungen.stories.cluster import Article
from meldungen.text import split_sentences as sentences
from meldungen.training.stories_eval import cluster_stream, pairwise_prf

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
CSV_PATH = SHARED / "data" / "news" / "dewikinews-politik.csv"


def _articles(n: int) -> list[tuple[str, str, datetime]]:
    if not CSV_PATH.exists():
        pytest.skip(f"../shared not present: {CSV_PATH}")
    out = []
    with open(CSV_PATH, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter=";"):
            if not re.fullmatch(r"\d\d\.\d\d\.\d{4}", row["datum"].strip()):
                continue
            text = " ".join(row["text"].split())
            if len(sentences(text)) < 5:
                continue
            # all within two days: many articles on related political topics side by side
            when = datetime(2005, 6, 1, tzinfo=UTC) + timedelta(hours=len(out) % 48)
            out.append((row["id"], text, when))
            if len(out) == n:
                break
    return out


def test_copies_and_teasers_of_real_articles_join_and_distinct_articles_stay_apart() -> None:
    stream, gold = [], {}
    for aid, text, when in _articles(40):
        sents = sentences(text)
        title = " ".join(sents[0].split()[:8])
        items = [
            Article(aid, title, text, when),
            Article(
                f"{aid}-c",
                "Neu: " + title,
                "Berlin (dpa) - " + " ".join(sents[:3]),
                when + timedelta(hours=5),
            ),
            Article(f"{aid}-t", title, sents[0], when + timedelta(minutes=30)),
        ]
        stream += items
        gold.update({a.id: aid for a in items})
    pred = cluster_stream(stream)
    p, r, f = pairwise_prf(pred, gold)
    assert f >= 0.95, (p, r, f)
    originals = [aid for aid in gold if gold[aid] == aid]
    assert len({pred[a] for a in originals}) >= len(originals) - 2  # distinct articles stay apart
