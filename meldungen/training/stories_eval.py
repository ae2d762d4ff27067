"""Measurements behind ``meldungen eval stories`` and ``meldungen eval similarity``.

Bad lines are reported on ``out`` with their line number and skipped; they never stop a run.
"""

from __future__ import annotations

import csv
import math
import sys
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from scipy.stats import pearsonr, spearmanr

from meldungen.stories.cluster import Article, StoryClusterer
from meldungen.stories.index import MemoryStoryIndex
from meldungen.stories.relatedness import Profile, default_model, pair_features
from meldungen.stories.similarity import (
    DocumentFrequencies,
    cosine,
    name_keys,
    similarity,
    term_counts,
    tfidf_vector,
)
from meldungen.training.jsonl import json_lines


def parse_date(value: str) -> datetime:
    """ISO 8601 date or datetime; naive values are taken as UTC."""
    dt = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def load_stream(path: str | Path, out: TextIO) -> list[tuple[Article, str]]:
    """Read a JSONL stream (id, title, text, date, story); skip bad lines with a message."""
    items: list[tuple[Article, str]] = []
    seen: set[str] = set()
    for lineno, row in json_lines(path):
        try:
            if isinstance(row, ValueError):
                raise row
            if not isinstance(row, dict):
                raise ValueError("not a JSON object")
            missing = [k for k in ("id", "date", "story") if row.get(k) in (None, "")]
            if missing:
                raise ValueError(f"missing {', '.join(missing)}")
            aid = str(row["id"])
            if aid in seen:
                raise ValueError(f"duplicate id {aid!r}")
            title, text = str(row.get("title") or ""), str(row.get("text") or "")
            if not (title.strip() or text.strip()):
                raise ValueError("neither title nor text")
            art = Article(id=aid, title=title, text=text, published=parse_date(row["date"]))
        except (ValueError, TypeError) as exc:
            print(f"{path}:{lineno}: skipped: {exc}", file=out)
            continue
        seen.add(aid)
        items.append((art, str(row["story"])))
    return items


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def pairwise_prf(pred: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> tuple[float, ...]:
    """Pairwise precision, recall, F1 over all item pairs (items present in both maps)."""
    ids = [i for i in pred if i in gold]
    cells = Counter((pred[i], gold[i]) for i in ids)
    tp = sum(_pairs(n) for n in cells.values())
    pred_pairs = sum(_pairs(n) for n in Counter(pred[i] for i in ids).values())
    gold_pairs = sum(_pairs(n) for n in Counter(gold[i] for i in ids).values())
    p = tp / pred_pairs if pred_pairs else 1.0
    r = tp / gold_pairs if gold_pairs else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def bcubed_prf(pred: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> tuple[float, ...]:
    """B-cubed precision, recall, F1 (Bagga and Baldwin 1998), averaged over items."""
    ids = [i for i in pred if i in gold]
    if not ids:
        return 0.0, 0.0, 0.0
    cells = Counter((pred[i], gold[i]) for i in ids)
    pred_size = Counter(pred[i] for i in ids)
    gold_size = Counter(gold[i] for i in ids)
    p = sum(cells[(pred[i], gold[i])] / pred_size[pred[i]] for i in ids) / len(ids)
    r = sum(cells[(pred[i], gold[i])] / gold_size[gold[i]] for i in ids) / len(ids)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def cluster_stream(articles: Iterable[Article]) -> dict[str, str]:
    """Feed articles in date order (stable) into a fresh in-memory clusterer: id -> story id."""
    clusterer = StoryClusterer(MemoryStoryIndex())
    ordered = sorted(enumerate(articles), key=lambda ia: (ia[1].published, ia[0]))
    return {a.id: clusterer.add(a).story_id for _, a in ordered}


def eval_stories(path: str | Path, out: TextIO = sys.stdout) -> int:
    """Cluster a gold-labelled JSONL stream and print pairwise and B-cubed P/R/F1.

    The last line is ``P=0.xxx R=0.xxx F1=0.xxx`` (pairwise). Returns an exit status.
    """
    items, status = _read(load_stream, path, out)
    if status:
        return status
    gold = {a.id: label for a, label in items}
    pred = cluster_stream(a for a, _ in items)
    bp, br, bf = bcubed_prf(pred, gold)
    p, r, f = pairwise_prf(pred, gold)
    n_gold, n_pred = len(set(gold.values())), len(set(pred.values()))
    print(f"articles={len(items)} gold_stories={n_gold} predicted_stories={n_pred}", file=out)
    print(f"bcubed P={bp:.3f} R={br:.3f} F1={bf:.3f}", file=out)
    print(f"pairwise P={p:.3f} R={r:.3f} F1={f:.3f}", file=out)
    print(f"P={p:.3f} R={r:.3f} F1={f:.3f}", file=out)
    return 0


def eval_similarity(path: str | Path, out: TextIO = sys.stdout) -> int:
    """Correlate the relatedness model (text-only profiles: terms, compounds, stand-in names)
    with human scores in a CSV (text1,text2,score), beside plain TF-IDF cosine and the story
    clustering's similarity.

    Document frequencies come from the file's own texts (no labels used). The last line is
    ``pearson=0.xxx spearman=0.xxx`` (the relatedness model). Returns an exit status.
    """
    pairs: list[tuple[str, str, float]] = []
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            need = {"text1", "text2", "score"}
            if not reader.fieldnames or not need <= set(reader.fieldnames):
                print(f"{path}: need columns text1,text2,score, got {reader.fieldnames}", file=out)
                return 1
            for lineno, row in enumerate(reader, 2):
                try:
                    score = float(row["score"])
                    if math.isnan(score):
                        raise ValueError("score is NaN")
                except (TypeError, ValueError) as exc:
                    print(f"{path}:{lineno}: skipped: bad score: {exc}", file=out)
                    continue
                pairs.append((row["text1"] or "", row["text2"] or "", score))
    except (OSError, csv.Error) as exc:
        print(f"cannot read {path}: {exc}", file=out)
        return 2
    if len(pairs) < 3:
        print(f"{path}: need at least 3 scored pairs, got {len(pairs)}", file=out)
        return 1
    stats = DocumentFrequencies()
    for text in dict.fromkeys(t for a, b, _ in pairs for t in (a, b)):
        stats.add(term_counts("", text))
    profiles = {
        t: text_profile(t, stats) for t in dict.fromkeys(t for a, b, _ in pairs for t in (a, b))
    }
    model = default_model()
    ours = [
        model.probability(pair_features(profiles[a], profiles[b], lambda k: 1.0))
        for a, b, _ in pairs
    ]
    gold = [s for _, _, s in pairs]
    tfidf = [cosine(profiles[a].terms, profiles[b].terms) for a, b, _ in pairs]
    blend = [similarity(a, b, stats) for a, b, _ in pairs]
    if len(set(ours)) < 2 or len(set(gold)) < 2:
        print(f"{path}: constant scores, correlation undefined", file=out)
        return 1
    pearson = float(pearsonr(ours, gold)[0])
    spearman = float(spearmanr(ours, gold)[0])
    by_gold: dict[float, list[float]] = defaultdict(list)
    for o, g in zip(ours, gold, strict=True):
        by_gold[g].append(o)
    print(f"pairs={len(pairs)}", file=out)
    if len(by_gold) <= 10:  # a few levels: show the mean of ours per level
        for g in sorted(by_gold):
            vals = by_gold[g]
            print(
                f"  score={g:g}: n={len(vals)} mean_similarity={sum(vals) / len(vals):.3f}",
                file=out,
            )
    for name, vals in (("tfidf_cosine", tfidf), ("story_similarity", blend)):
        if len(set(vals)) > 1:
            print(
                f"  {name}: pearson={pearsonr(vals, gold)[0]:.3f} "
                f"spearman={spearmanr(vals, gold)[0]:.3f}",
                file=out,
            )
    print(f"pearson={pearson:.3f} spearman={spearman:.3f}", file=out)
    return 0


def text_profile(text: str, stats: DocumentFrequencies) -> Profile:
    """A relatedness profile from plain text: lemma TF-IDF vector, and rare capitalised words
    standing in for entities (as the clustering does for articles without entities)."""
    names = name_keys(text)
    top = max(names.values(), default=1)
    return Profile(
        id=text[:40],
        published=datetime(2000, 1, 1, tzinfo=UTC),
        terms=tfidf_vector(term_counts("", text), stats.df, stats.n_docs),
        entities={f"n:{k}": c / top for k, c in names.items()},
    )


def _dcg(gains: list[float]) -> float:
    return sum(g / math.log2(i + 2) for i, g in enumerate(gains))


def _read(load, path: str | Path, out: TextIO) -> tuple[list, int]:
    """`load(path, out)`'s items and status 0, or no items and the exit status after saying why
    (2: the file cannot be read, 1: no usable line)."""
    try:
        items = load(path, out)
    except OSError as exc:
        print(f"cannot read {path}: {exc}", file=out)
        return [], 2
    if not items:
        print(f"{path}: no usable articles", file=out)
        return [], 1
    return items, 0


def load_judged(path: str | Path, out: TextIO) -> list[tuple[list[str], dict[str, float]]]:
    """(ranked ids, judged grades) of each line of a related-news JSONL; bad lines are reported
    and skipped."""
    rows = []
    for lineno, row in json_lines(path):
        try:
            if isinstance(row, ValueError):
                raise row
            if not isinstance(row, dict) or "article" not in row:
                raise ValueError("not an object with 'article'")
            ranked = [str(i) for i in row.get("ranked") or []]
            judged = {str(i): float(g) for i, g in (row.get("judged") or {}).items()}
            if not judged:
                raise ValueError("no judged neighbours")
        except (ValueError, TypeError, AttributeError) as exc:
            print(f"{path}:{lineno}: skipped: {exc}", file=out)
            continue
        rows.append((ranked, judged))
    return rows


def eval_related(path: str | Path, out: TextIO = sys.stdout, k: int = 5, relevant: int = 3) -> int:
    """Score ranked related-news lists against judged neighbours.

    JSONL, one article a line: ``{"article": id, "ranked": [id, ...], "judged": {id: grade}}``
    with grades 1-4 (4 same event, 3 same issue, 2 same country/person only, 1 unrelated).
    A ranked id is relevant if judged ``>= relevant``; unjudged ids count as not relevant.
    Prints precision@k (relevant among the first k, over k), the precision of what is shown,
    and nDCG@k (gain = grade - 1; articles without any judged gain are left out of nDCG). The
    last line is ``p@5=0.xxx ndcg@5=0.xxx``. Bad lines are reported and skipped.
    """
    rows, status = _read(load_judged, path, out)
    if status:
        return status
    precisions, shown_prec, ndcgs, lengths = [], [], [], []
    for ranked, judged in rows:
        top = list(dict.fromkeys(ranked))[:k]
        hits = [judged.get(i, 0.0) >= relevant for i in top]
        precisions.append(sum(hits) / k)
        lengths.append(len(top))
        if top:
            shown_prec.append(sum(hits) / len(top))
        ideal = _dcg(sorted((max(0.0, g - 1) for g in judged.values()), reverse=True)[:k])
        if ideal > 0:
            ndcgs.append(_dcg([max(0.0, judged.get(i, 1.0) - 1) for i in top]) / ideal)
    n = len(precisions)
    ndcg = sum(ndcgs) / len(ndcgs) if ndcgs else 0.0
    print(
        f"articles={n} mean_shown={sum(lengths) / n:.2f} empty_lists={lengths.count(0)}", file=out
    )
    if shown_prec:
        print(f"precision_of_shown={sum(shown_prec) / len(shown_prec):.3f}", file=out)
    print(f"p@{k}={sum(precisions) / n:.3f} ndcg@{k}={ndcg:.3f}", file=out)
    return 0
