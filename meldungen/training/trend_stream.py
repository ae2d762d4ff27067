"""A news stream with planted bursts, for ``meldungen eval trends``.

Background: stories arrive around the clock (fewer at night), each one a real Wikinews article
from ``../shared/data/news/dewikinews-politik.csv`` drawn at random, carrying the tags our own
enrichment gives it, with one to three reports. Drawing at random keeps every entity at its usual
share, so "Deutschland" is frequent but steady. On top of that, after the warm-up weeks, bursts
are planted: extra stories about one entity within a few hours. Three kinds, in turn:

- "neu": a name never seen before (a fictitious one), 4 to 8 stories;
- "selten": an entity the corpus mentions now and then, 4 to 8 extra stories;
- "häufig": one of the most frequent entities, as many extra stories as it usually has in that
  time again, twice or three times (the hard case: a rise relative to a high rate).

Without the corpus (tests, a machine without ../shared) the articles are generated: made-up
entity names drawn with Zipf-like frequencies.

Only the evaluation imports this module; nothing at run time does.
"""

from __future__ import annotations

import csv
import random
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from meldungen.training.trend_eval import Burst, Report

# Relative story rate per hour of the day (Europe/Berlin): quiet nights, busy days.
HOURLY_WEIGHT = [0.3] * 6 + [0.9, 1.2, 1.4, 1.5, 1.5, 1.5, 1.4, 1.4, 1.4, 1.4] + [1.3] * 4
HOURLY_WEIGHT += [1.0, 0.8, 0.6, 0.4]
NEW_NAMES = [
    "Jorinde Malvesi",
    "Ostravik-Abkommen",
    "Tarsiland",
    "Hendrik Quellmalz",
    "Borrelia-Werke",
    "Pelgrim-Kommission",
    "Ysolde Narwick",
    "Kaltenau",
]


def read_corpus(path: Path) -> list[str]:
    """The article texts of a Wikinews CSV (``id;dateiname;datum;ort;text``, ``;``-separated)."""
    texts = []
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter=";"):
            text = " ".join((row.get("text") or "").split())
            if len(text.split()) >= 20:
                texts.append(text)
    if not texts:
        raise ValueError(f"{path}: no article texts (expected ';'-separated columns with 'text')")
    return texts


def corpus_articles(path: Path) -> list[frozenset[str]]:
    """Each corpus article's tags as our enrichment picks them (the portal counts tags)."""
    from meldungen.enrich.pipeline import enrich
    from meldungen.ingest.draft import ArticleDraft

    out = []
    for n, text in enumerate(read_corpus(path)):
        headline, _, body = text.partition(". ")
        draft = ArticleDraft(guid=f"wn:{n}", headline=headline, format="rss", body=f"<p>{body}</p>")
        tags = frozenset(enrich(draft).tags)
        if tags:
            out.append(tags)
    return out


def synthetic_articles(n: int = 400, seed: int = 0) -> list[frozenset[str]]:
    """Generated stand-ins: 1-5 names per article, name k drawn with weight 1/k (one heavy
    hitter "Land 1" in many articles, a long tail of rare ones)."""
    rng = random.Random(seed)
    names = [f"Land {k}" for k in range(1, 11)] + [f"Person {k}" for k in range(1, 291)]
    weights = [1.0 / (k + 1) for k in range(len(names))]
    return [frozenset(rng.choices(names, weights=weights, k=rng.randint(1, 5))) for _ in range(n)]


def _story_hours(rng: random.Random, days: int, per_day: float) -> list[float]:
    total = sum(HOURLY_WEIGHT)
    out = []
    for hour in range(days * 24):
        rate = per_day * HOURLY_WEIGHT[hour % 24] / total
        # Poisson count by thinning: enough for a stream generator
        count = sum(
            1 for _ in range(int(rate * 4) + 4) if rng.random() < rate / (int(rate * 4) + 4)
        )
        out.extend(hour + rng.random() for _ in range(count))
    return out


def _reports(rng: random.Random, story: str, start: float, entities: frozenset[str]):
    """One to three reports of a story within a few hours."""
    n = rng.choice((1, 1, 2, 3))
    return [Report(start + (i and rng.uniform(0, 4)), story, entities) for i in range(n)]


def make_stream(
    articles: Sequence[frozenset[str]],
    *,
    days: int = 42,
    warmup_days: int = 28,
    stories_per_day: float = 80,
    n_bursts: int = 12,
    seed: int = 0,
) -> tuple[list[Report], list[Burst]]:
    """Background stories over ``days`` days and ``n_bursts`` bursts planted after the warm-up."""
    if not articles:
        raise ValueError("no articles to build a stream from")
    rng = random.Random(seed)
    reports: list[Report] = []
    for n, hour in enumerate(_story_hours(rng, days, stories_per_day)):
        reports.extend(_reports(rng, f"s{n}", hour, rng.choice(articles)))
    freq = Counter(key for a in articles for key in sorted(a))
    ranked = [k for k, _ in freq.most_common()]
    frequent = ranked[:3]
    rare = [k for k, c in sorted(freq.items()) if 2 <= c <= max(2, len(articles) // 50)] or ranked[
        -5:
    ]
    kinds = ("neu", "selten", "häufig")
    slots = sorted(rng.sample(range(warmup_days * 24 + 12, days * 24 - 30, 6), n_bursts))
    bursts: list[Burst] = []
    used: set[str] = set()
    for i, start in enumerate(slots):
        kind = kinds[i % 3]
        length = rng.choice((3, 6, 12))
        if kind == "neu":
            entity = NEW_NAMES[i // 3 % len(NEW_NAMES)] + ("" if i < 24 else f" {i}")
            extra = rng.randint(4, 8)
        elif kind == "selten":
            entity = rng.choice([k for k in rare if k not in used] or rare)
            extra = rng.randint(4, 8)
        else:
            entity = frequent[(i // 3) % len(frequent)]
            share = freq[entity] / len(articles)
            usual = share * stories_per_day * length / 24
            extra = max(4, round(usual * rng.choice((2, 3))))
        used.add(entity)
        start_h = float(start) + rng.random()
        for j in range(extra):
            story_at = start_h + rng.uniform(0, length)
            ents = rng.choice(articles) | {entity}
            reports.extend(_reports(rng, f"b{i}-{j}", story_at, ents))
        bursts.append(Burst(entity, start_h, start_h + length, kind, extra))
    reports.sort(key=lambda r: r.hour)
    return reports, bursts
