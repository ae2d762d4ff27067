"""Pool candidates for judging "Weitere Meldungen" on Wikinews (run once, then judge by hand).

For a fixed random sample of query articles, the pool is the union of the top 5 of the entity
ranking the portal had (stories.related.related_articles before the learned model), the top 5
by TF-IDF cosine of compound-split lemma vectors, and one random article: the usual pooling of
retrieval evaluations. Prints one block per query (title, date, place, a snippet to judge by);
the judgements go into ``data/related_judged.csv`` (ids, titles, scores 1-4: no article text).

Run: PYTHONPATH=. python -m meldungen.training.related_pool [--queries 120] [--seed 18]
"""

from __future__ import annotations

import argparse
import random

from meldungen.stories.related import RelatedItem
from meldungen.stories.relatedness import expanded
from meldungen.stories.similarity import cosine
from meldungen.training.related_baseline import legacy_related
from meldungen.training.related_data import load_profiles


def entity_ranking(qid: str, profiles: dict, limit: int = 5) -> list[str]:
    items = {
        i: RelatedItem(i, p.published, p.entities, p.story_id, None, p.text_length)
        for i, p in profiles.items()
    }
    return legacy_related(items[qid], items.values(), limit=limit)


def text_ranking(qid: str, profiles: dict, limit: int = 5) -> list[str]:
    q = profiles[qid]
    eq = expanded(q.terms)
    scored = [
        (cosine(eq, expanded(p.terms)), i)
        for i, p in profiles.items()
        if i != qid and p.story_id != q.story_id
    ]
    return [i for _, i in sorted(scored, reverse=True)[:limit]]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--queries", type=int, default=120)
    ap.add_argument("--seed", type=int, default=18)
    args = ap.parse_args()
    rows, profiles = load_profiles()
    by_id = {r["id"]: r for r in rows}
    rng = random.Random(args.seed)
    queries = rng.sample(sorted(profiles), args.queries)
    for qid in queries:
        q = by_id[qid]
        pool = dict.fromkeys(entity_ranking(qid, profiles) + text_ranking(qid, profiles))
        pool[rng.choice([i for i in profiles if i != qid])] = None
        print(f"Q {qid} {q['day']:%Y-%m-%d} [{q['place']}] {q['title']} :: {q['text'][:160]}")
        for cid in pool:
            c = by_id[cid]
            print(f"  {cid} {c['day']:%Y-%m-%d} [{c['place']}] {c['title']} :: {c['text'][:90]}")


if __name__ == "__main__":
    main()
