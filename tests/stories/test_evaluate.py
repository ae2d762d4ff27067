"""The eval commands' metrics, input handling and last-line format."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from meldungen.text import split_sentences as sentences
from meldungen.training.stories_eval import bcubed_prf, eval_similarity, eval_stories, pairwise_prf

from .texts import (
    ELBE,
    ELBE_TITLE,
    GASPREIS,
    GASPREIS_TITLE,
    LEHRERVERBAND,
    LEHRERVERBAND_TITLE,
    SCHULGESETZ,
    SCHULGESETZ_TITLE,
)


def test_pairwise_and_bcubed_on_a_known_example() -> None:
    gold = {"a": 1, "b": 1, "c": 1, "d": 2}
    pred = {"a": "x", "b": "x", "c": "y", "d": "y"}
    p, r, f = pairwise_prf(pred, gold)
    assert (p, r) == (0.5, 1 / 3) and f == pytest.approx(0.4)
    bp, br, _ = bcubed_prf(pred, gold)
    assert bp == pytest.approx(0.75) and br == pytest.approx((2 / 3 * 2 + 1 / 3 + 1) / 4)
    assert pairwise_prf(gold, gold) == (1.0, 1.0, 1.0)


def _write_stream(path: Path) -> None:
    s = sentences(SCHULGESETZ)
    rows = [
        {
            "id": 1,
            "title": SCHULGESETZ_TITLE,
            "text": SCHULGESETZ,
            "date": "2026-03-04T09:00:00Z",
            "story": "schule",
        },
        {
            "id": 2,
            "title": "Neu",
            "text": "Hannover (dpa) - " + " ".join(s[:4]),
            "date": "2026-03-04T12:00:00+01:00",
            "story": "schule",
        },
        {
            "id": 3,
            "title": SCHULGESETZ_TITLE,
            "text": s[0],
            "date": "2026-03-04",
            "story": "schule",
        },
        {
            "id": 4,
            "title": LEHRERVERBAND_TITLE,
            "text": LEHRERVERBAND,
            "date": "2026-03-04T10:00",
            "story": "lehrer",
        },
        {
            "id": 5,
            "title": ELBE_TITLE,
            "text": ELBE,
            "date": "2026-03-05T08:00:00Z",
            "story": "elbe",
        },
        {
            "id": 6,
            "title": GASPREIS_TITLE,
            "text": GASPREIS,
            "date": "2026-03-05T09:00:00Z",
            "story": "gas",
        },
    ]
    lines = [json.dumps(r, ensure_ascii=False) for r in rows]
    lines.insert(2, '{"id": 9, "title": "kaputt"')  # broken JSON
    lines.insert(
        3, json.dumps({"id": 10, "title": "x", "text": "y", "date": "gestern", "story": 1})
    )
    lines.append(json.dumps({"id": 11, "title": "ohne Story", "text": "z", "date": "2026-03-05"}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_eval_stories_skips_bad_lines_and_ends_with_pairwise_line(tmp_path: Path) -> None:
    path = tmp_path / "stream.jsonl"
    _write_stream(path)
    out = io.StringIO()
    assert eval_stories(path, out) == 0
    lines = out.getvalue().splitlines()
    assert sum("skipped" in line for line in lines) == 3
    assert "articles=6 gold_stories=4 predicted_stories=4" in lines
    assert re.fullmatch(r"P=\d\.\d{3} R=\d\.\d{3} F1=\d\.\d{3}", lines[-1])
    assert lines[-1] == "P=1.000 R=1.000 F1=1.000"
    assert any(line.startswith("bcubed P=") for line in lines)


def test_eval_stories_reports_missing_file(tmp_path: Path) -> None:
    out = io.StringIO()
    assert eval_stories(tmp_path / "nope.jsonl", out) == 2
    assert "cannot read" in out.getvalue()


def test_eval_similarity_prints_correlations(tmp_path: Path) -> None:
    path = tmp_path / "pairs.csv"
    s = sentences(SCHULGESETZ)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["text1", "text2", "score"])
        w.writerow([SCHULGESETZ, " ".join(s[:6]), 4])
        w.writerow([SCHULGESETZ, LEHRERVERBAND, 2.5])
        w.writerow([SCHULGESETZ, GASPREIS, 1])
        w.writerow([ELBE, GASPREIS, 1])
        w.writerow([ELBE, ELBE.replace("Dresden", "Meißen"), 4])
        w.writerow([ELBE, "x", "viel"])  # bad score: skipped
    out = io.StringIO()
    assert eval_similarity(path, out) == 0
    lines = out.getvalue().splitlines()
    assert "skipped: bad score" in out.getvalue()
    m = re.fullmatch(r"pearson=(\d\.\d{3}) spearman=(\d\.\d{3})", lines[-1])
    assert m and float(m.group(1)) > 0.9 and float(m.group(2)) > 0.8


def test_eval_similarity_rejects_wrong_columns(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    out = io.StringIO()
    assert eval_similarity(path, out) == 1
    assert "need columns text1,text2,score" in out.getvalue()
