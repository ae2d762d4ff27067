"""`meldungen eval trends` on a small stream: generated articles, and a tiny Wikinews-shaped CSV
written here (tags by our own enrichment)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from meldungen.training import trend_eval_cli
from meldungen.training.trend_eval_cli import eval_trends
from meldungen.training.trend_stream import make_stream, read_corpus, synthetic_articles


def _last_figures(text: str) -> dict[str, float]:
    last = text.strip().splitlines()[-1]
    return {k: float(v) for k, v in (part.split("=") for part in last.split())}


def test_eval_trends_on_generated_articles_prints_figures_last():
    out, err = io.StringIO(), io.StringIO()
    eval_trends(out=out, err=err, synthetic=True, days=24, warmup_days=14, bursts=6, seed=2)
    figures = _last_figures(out.getvalue())
    assert set(figures) == {"precision", "recall", "F1", "delay_median_h", "delay_mean_h"}
    assert figures["recall"] >= 0.5 and figures["precision"] >= 0.5
    assert 0 <= figures["delay_median_h"] <= 18
    assert out.getvalue().count("burst '") == 6


def test_missing_named_corpus_is_an_error(tmp_path):
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(ValueError, match="no such file"):
        eval_trends(out=out, err=err, corpus=tmp_path / "missing.csv", days=20, warmup_days=14)


def test_absent_shared_corpus_falls_back_to_generated_text(tmp_path, monkeypatch):
    monkeypatch.setattr(trend_eval_cli, "DEFAULT_CORPUS", tmp_path / "absent.csv")
    out, err = io.StringIO(), io.StringIO()
    eval_trends(out=out, err=err, days=20, warmup_days=14, bursts=3)
    assert "using generated articles" in err.getvalue()
    assert "generated articles" in out.getvalue().splitlines()[0]
    assert _last_figures(out.getvalue())["recall"] >= 0


def test_planted_bursts_fall_after_the_warm_up():
    reports, bursts = make_stream(synthetic_articles(seed=1), days=20, warmup_days=14, n_bursts=4)
    assert len(bursts) == 4
    assert all(b.start >= 14 * 24 and b.end <= 20 * 24 for b in bursts)
    assert {b.kind for b in bursts} == {"neu", "selten", "häufig"}
    planted = {r.story for r in reports if r.story.startswith("b")}
    assert len(planted) == sum(b.stories for b in bursts)


def test_eval_trends_on_a_small_wikinews_shaped_csv(tmp_path: Path):
    rows = ["id;dateiname;datum;ort;text"]
    places = ["Berlin", "Wien", "Paris", "Rom", "Madrid", "Prag"]
    for i in range(24):
        a, b = places[i % 6], places[(i * 5 + 1) % 6]
        rows.append(
            f"article_{i};x_{i};0{i % 9 + 1}.01.2010;{a} ;Die Regierung in {a} hat am Montag "
            f"mit Vertretern aus {b} über den Haushalt gesprochen. Angela Merkel sagte in {a}, "
            f"man werde die Gespräche mit {b} in der kommenden Woche fortsetzen und Ergebnisse "
            f"vorlegen."
        )
    path = tmp_path / "wikinews.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert len(read_corpus(path)) == 24
    out, err = io.StringIO(), io.StringIO()
    eval_trends(out=out, err=err, corpus=path, days=20, warmup_days=14, bursts=3, seed=0)
    text = out.getvalue()
    assert text.startswith("stream: ") and "wikinews.csv" in text
    assert "recall=" in text.strip().splitlines()[-1]
