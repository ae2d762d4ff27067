"""``meldungen eval trends``: build a stream with planted bursts and measure the detector.

The detector runs hourly from the end of the warm-up weeks to the stream's end with the portal's
own parameters (stories/trends.py: TrendParams), its baseline the warm-up weeks before.
"""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from meldungen.stories.trends import TrendParams
from meldungen.training.trend_eval import evaluate, print_result

from .trend_stream import corpus_articles, make_stream, synthetic_articles

DEFAULT_CORPUS = (
    Path(__file__).resolve().parents[2]
    / ".."
    / "shared"
    / "data"
    / "news"
    / "dewikinews-politik.csv"
)


def eval_trends(
    *,
    out: TextIO,
    err: TextIO,
    corpus: Path | None = None,
    synthetic: bool = False,
    days: int = 42,
    warmup_days: int = 28,
    per_day: float = 80,
    bursts: int = 12,
    seed: int = 0,
    **_ignored,
) -> None:
    if warmup_days < 1 or days <= warmup_days + 2:
        raise ValueError("--days must exceed --warmup-days by more than 2")
    if bursts < 1 or per_day <= 0:
        raise ValueError("--bursts and --per-day must be positive")
    path = corpus or DEFAULT_CORPUS
    if synthetic:
        articles, what = synthetic_articles(seed=seed), "generated articles"
    elif path.is_file():
        articles, what = corpus_articles(path), f"{path.name} (tags by our enrichment)"
    elif corpus is not None:
        raise ValueError(f"no such file: {corpus}")
    else:
        err.write(f"{path} not found: using generated articles instead\n")
        articles, what = synthetic_articles(seed=seed), "generated articles"
    params = TrendParams(baseline_days=min(TrendParams().baseline_days, warmup_days))
    reports, planted = make_stream(
        articles,
        days=days,
        warmup_days=warmup_days,
        stories_per_day=per_day,
        n_bursts=bursts,
        seed=seed,
    )
    out.write(
        f"stream: {len(articles)} {what}, {len({r.story for r in reports})} stories, "
        f"{len(reports)} reports over {days} days, {len(planted)} planted bursts\n"
    )
    result = evaluate(reports, planted, params, start=warmup_days * 24, end=days * 24)
    print_result(result, out, days=days - warmup_days, params=params)
