"""Learn the weights of the relatedness model and measure it (never imported at run time).

Pairs (Wikinews, ../shared/data/news/dewikinews-politik.csv):
- judged: ``data/related_judged.csv``, pooled candidates judged by hand on a 1-4 scale
  (4 same event or story, 3 the same specific issue, 2 same country/person/field only,
  1 unrelated); label = score >= 3. Queries are split by a hash of their id: the "heldout" part
  (about 30 %) is never used to fit or to choose the threshold.
- generated: republished copies and teasers of an article (same story, label 1) and articles of
  the same place within 14 days that share no headline term and little text (label 0), plus
  random pairs (label 0); they weigh ``SYNTHETIC_WEIGHT`` of a judged pair.

Writes ``meldungen/stories/data/related_weights.json`` (``--write``) and prints, on the held-out
pairs, Pearson/Spearman of the model's P(related) against the judgements beside plain TF-IDF
cosine and the entity score the portal used before; then precision@5 and nDCG@5 of "Weitere
Meldungen" on every judged query (and on the held-out ones) beside that earlier ranking:
"new" scores the candidates the portal would (newest per topical key, cut by shared keys),
"uncut" the same candidates without the cut, "all" every article of the corpus.

Run: PYTHONPATH=. python -m meldungen.training.related_train [--write] [--out-dir DIR]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from collections import Counter
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import numpy as np
from scipy.stats import pearsonr, spearmanr
from sklearn.linear_model import LogisticRegression

from meldungen.stories.related import (
    KEY_SHORTLIST,
    RelatedItem,
    by_shared_keys,
    related_articles,
    topical_keys,
)
from meldungen.stories.relatedness import (
    FEATURES,
    TEXT_FEATURES,
    WEIGHTS_PATH,
    Profile,
    RelatednessModel,
    pair_features,
)
from meldungen.stories.similarity import cosine, tfidf_vector
from meldungen.text import content_lemmas
from meldungen.text import split_sentences as sentences
from meldungen.training.related_baseline import entity_score, legacy_related
from meldungen.training.related_data import JUDGED, entity_rarity, load_profiles
from meldungen.training.stories_eval import eval_related

SYNTHETIC_WEIGHT = 0.3
CANDIDATES_PER_KEY = 40  # as news/related.py reads the story index
SEED = 18
ENTITY_FEATURES = tuple(f for f in FEATURES if f not in TEXT_FEATURES)


def read_judged(path: Path = JUDGED) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return [dict(r, score=int(r["score"])) for r in csv.DictReader(fh)]


def _copy_profile(p: Profile, rows: dict, stats, rng: random.Random, teaser: bool) -> Profile:
    """A republished copy (cut, new headline) or a teaser (headline + first sentence)."""
    row = rows[p.id]
    sents = sentences(row["text"])
    if teaser:
        title, text = row["title"], sents[0] if sents else row["text"]
    else:
        words = row["title"].split()
        title = rng.choice(["Aktuell: ", "Medienbericht: ", ""]) + " ".join(
            words[: max(3, len(words) - 2)]
        )
        text = " ".join(sents[: max(2, int(len(sents) * rng.uniform(0.4, 0.8)))])
    counts = Counter(content_lemmas(text))
    for lem in content_lemmas(title):
        counts[lem] += 3
    return replace(
        p,
        id=p.id + ("-teaser" if teaser else "-copy"),
        published=p.published + timedelta(hours=rng.randint(1, 20)),
        terms=tfidf_vector(counts, stats[0], stats[1]),
        title_terms=tfidf_vector(Counter(content_lemmas(title)), stats[0], stats[1]),
        text_length=len(text),
    )


def synthetic_pairs(rows: dict, profiles: dict, rng: random.Random, train_ids: set[str]):
    """(a, b, label) generated pairs over articles of the training part only."""
    from meldungen.stories.similarity import DocumentFrequencies, term_counts

    df = DocumentFrequencies()
    for r in rows.values():
        df.add(term_counts(r["title"], r["text"]))
    stats = (df.df, df.n_docs)
    ids = sorted(i for i in profiles if i in train_ids)
    out = []
    for i in rng.sample(ids, min(150, len(ids))):
        out.append((profiles[i], _copy_profile(profiles[i], rows, stats, rng, teaser=False), 1))
        out.append((profiles[i], _copy_profile(profiles[i], rows, stats, rng, teaser=True), 1))
    by_place: dict[str, list[str]] = {}
    for i in ids:
        by_place.setdefault(rows[i]["place"], []).append(i)
    for same in by_place.values():
        for a in same:
            for b in same:
                pa, pb = profiles[a], profiles[b]
                near = abs((pa.published - pb.published).days) <= 14
                apart = not (pa.title_terms.keys() & pb.title_terms.keys())
                if a < b and near and apart and cosine(pa.terms, pb.terms) < 0.1:
                    out.append((pa, pb, 0))
    for _ in range(300):
        a, b = rng.sample(ids, 2)
        out.append((profiles[a], profiles[b], 0))
    return out


def fit(X: np.ndarray, y: np.ndarray, w: np.ndarray, names: tuple[str, ...]) -> dict:
    cols = [FEATURES.index(n) for n in names]
    clf = LogisticRegression(C=1.0, max_iter=2000, class_weight="balanced")
    clf.fit(X[:, cols], y, sample_weight=w)
    return {
        "weights": {n: round(float(c), 5) for n, c in zip(names, clf.coef_[0], strict=True)},
        "bias": round(float(clf.intercept_[0]), 5),
    }


def best_threshold(probs: list[float], labels: list[int], min_precision: float = 0.5) -> float:
    """The lowest threshold at which, on the training judgements, at least ``min_precision`` of
    the pairs above it are related: every second entry shown or better, as many as that allows."""
    for t in np.arange(0.2, 0.95, 0.01):
        above = [y for p, y in zip(probs, labels, strict=True) if p >= t]
        if above and sum(above) / len(above) >= min_precision:
            return round(float(t), 2)
    return 0.95


def item(p: Profile) -> RelatedItem:
    return RelatedItem(
        p.id, p.published, p.entities, p.story_id, p.copy_of, p.text_length, p.terms,
        p.title_terms, p.places,
    )  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--write", action="store_true", help="write the weights JSON")
    ap.add_argument("--out-dir", type=Path, default=Path("/tmp"), help="eval files go here")
    ap.add_argument(
        "--pairs-csv",
        type=Path,
        help="also write the held-out pairs as text1,text2,score "
        "(texts read from ../shared; for `meldungen eval similarity`; keep it out of the repo)",
    )
    args = ap.parse_args(argv)
    rows_list, profiles = load_profiles()
    rows = {r["id"]: r for r in rows_list}
    rarity = entity_rarity(profiles)
    judged = [
        j for j in read_judged() if j["query_id"] in profiles and j["candidate_id"] in profiles
    ]
    heldout_q = {j["query_id"] for j in judged if j["split"] == "heldout"}
    train = [j for j in judged if j["split"] == "train"]
    test = [j for j in judged if j["split"] == "heldout"]
    # generated pairs never touch an article of a held-out query or its judged candidates
    held_ids = heldout_q | {j["candidate_id"] for j in test}
    rng = random.Random(SEED)
    synth = synthetic_pairs(rows, profiles, rng, set(profiles) - held_ids)

    def feats(a: Profile, b: Profile) -> list[float]:
        return pair_features(a, b, rarity)

    X = [feats(profiles[j["query_id"]], profiles[j["candidate_id"]]) for j in train]
    y = [int(j["score"] >= 3) for j in train]
    w = [1.0] * len(train)
    for a, b, label in synth:
        X.append(feats(a, b))
        y.append(label)
        w.append(SYNTHETIC_WEIGHT)
    Xa, ya, wa = np.array(X), np.array(y), np.array(w)
    full = fit(Xa, ya, wa, FEATURES)
    ents = fit(Xa, ya, wa, ENTITY_FEATURES)
    provisional = RelatednessModel.from_dict(
        {"full": full, "entities_only": ents, "threshold": 0.5}
    )
    train_probs = [provisional.probability(x) for x in X[: len(train)]]
    threshold = best_threshold(train_probs, y[: len(train)])
    data = {
        "about": "Logistic relatedness model for 'Weitere Meldungen'; fitted by "
        "meldungen/training/related_train.py on judged Wikinews pairs (train part) and "
        "generated pairs; do not edit by hand.",
        "features": list(FEATURES),
        "full": full,
        "entities_only": ents,
        "threshold": threshold,
        "trained_on": {"judged_pairs": len(train), "generated_pairs": len(synth)},
    }
    model = RelatednessModel.from_dict(data)
    print(f"train: judged={len(train)} generated={len(synth)} threshold={threshold}")
    print("weights:", json.dumps(full["weights"]), "bias", full["bias"])
    if args.write:
        WEIGHTS_PATH.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", "utf-8")
        print(f"wrote {WEIGHTS_PATH}")

    # --- held-out pairs: correlation with the judgements -------------------------------
    gold = [j["score"] for j in test]
    pairs = [(profiles[j["query_id"]], profiles[j["candidate_id"]]) for j in test]
    ours = [model.probability(feats(a, b)) for a, b in pairs]
    tfidf = [cosine(a.terms, b.terms) for a, b in pairs]
    items = {i: item(p) for i, p in profiles.items()}
    df_ent = Counter(k for p in profiles.values() for k in p.entities)
    portal = [entity_score(items[a.id], items[b.id], df_ent, len(profiles)) for a, b in pairs]
    print(f"held-out pairs={len(test)} queries={len(heldout_q)}")
    for name, vals in (("relatedness", ours), ("tfidf_cosine", tfidf), ("portal_entities", portal)):
        print(
            f"  {name:16s} pearson={pearsonr(vals, gold)[0]:.3f} "
            f"spearman={spearmanr(vals, gold)[0]:.3f}"
        )

    if args.pairs_csv:
        args.pairs_csv.parent.mkdir(parents=True, exist_ok=True)
        with open(args.pairs_csv, "w", encoding="utf-8", newline="") as fh:
            out = csv.writer(fh)
            out.writerow(["text1", "text2", "score"])
            for j in test:
                a, b = rows[j["query_id"]], rows[j["candidate_id"]]
                out.writerow(
                    [f"{a['title']}. {a['text']}", f"{b['title']}. {b['text']}", j["score"]]
                )
        print(f"wrote {args.pairs_csv}")

    # --- "Weitere Meldungen": precision@5 and nDCG@5 on every judged query --------------
    by_query: dict[str, dict[str, int]] = {}
    for j in judged:
        by_query.setdefault(j["query_id"], {})[j["candidate_id"]] = j["score"]
    args.out_dir.mkdir(parents=True, exist_ok=True)
    keys_of = {i: topical_keys(p.entities, p.terms) for i, p in profiles.items()}
    by_key: dict[str, list[str]] = {}
    for i in sorted(profiles, key=lambda i: profiles[i].published, reverse=True):
        for k in keys_of[i]:
            by_key.setdefault(k, []).append(i)

    def portal_pool(q: str, cut: bool = True) -> list[RelatedItem]:
        """The candidates the portal scores: the newest CANDIDATES_PER_KEY per topical key of
        the article, cut to KEY_SHORTLIST by shared keys (no search-index hits here)."""
        shared: Counter[str] = Counter()
        for k in sorted(keys_of[q])[:16]:
            shared.update(by_key[k][:CANDIDATES_PER_KEY])
        shared.pop(q, None)
        newest = {i: profiles[i].published for i in shared}
        ranked = by_shared_keys(shared, newest)
        return [items[i] for i in (ranked[:KEY_SHORTLIST] if cut else ranked)]

    for name, rank in (
        ("new", lambda q: [r.article_id for r in related_articles(items[q], portal_pool(q), 5)]),
        (
            "uncut",
            lambda q: [r.article_id for r in related_articles(items[q], portal_pool(q, False), 5)],
        ),
        ("all", lambda q: [r.article_id for r in related_articles(items[q], items.values(), 5)]),
        ("before", lambda q: legacy_related(items[q], items.values(), 5)),
    ):
        for part, queries in (("all", sorted(by_query)), ("heldout", sorted(heldout_q))):
            path = args.out_dir / f"related_{name}_{part}.jsonl"
            with open(path, "w", encoding="utf-8") as fh:
                for q in queries:
                    line = {"article": q, "ranked": rank(q), "judged": by_query[q]}
                    fh.write(json.dumps(line) + "\n")
            print(f"{name} ranking, {part} judged queries ({path}):")
            eval_related(path, out=sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
