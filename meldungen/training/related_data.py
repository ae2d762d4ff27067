"""Wikinews articles (../shared/data/news/dewikinews-politik.csv) as relatedness profiles.

Each article is enriched with the shipped pipeline (entities, salience), vectorised like the
story index does it (lemma TF-IDF, headline vector) and clustered into stories in date order.
Enrichment is slow (~0.5 s an article), so profiles are cached as JSON outside the repository.
No article text is written into the repository: only ids, titles and scores are.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from meldungen.stories.cluster import Article, StoryClusterer
from meldungen.stories.index import MemoryStoryIndex
from meldungen.stories.relatedness import Profile
from meldungen.stories.similarity import DocumentFrequencies, term_counts, tfidf_vector
from meldungen.text import content_lemmas
from meldungen.training.wikinews import wikinews_title

REPO = Path(__file__).resolve().parents[2]
WIKINEWS = REPO / ".." / "shared" / "data" / "news" / "dewikinews-politik.csv"
CACHE = Path("/tmp/meldungen-related-profiles.json")
JUDGED = Path(__file__).with_name("data") / "related_judged.csv"


def decode_title(dateiname: str) -> str:
    """'https_de.wikinews.org_wiki_Ab_2010_str_C3_B6mt_...' -> 'Ab 2010 strömt ...'."""
    title = wikinews_title(dateiname)
    half = len(title) // 2  # file names often repeat the title
    if len(title) > 20 and title[: half - 1].strip() in title[half - 1 :]:
        title = title[:half].strip(" .")
    return title


def read_wikinews(path: Path = WIKINEWS) -> list[dict]:
    """id, title, day, place, text of every dated article with at least 40 words."""
    rows = []
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter=";"):
            try:
                day = datetime.strptime(row["datum"].strip(), "%d.%m.%Y").replace(tzinfo=UTC)
            except ValueError:
                continue
            text = re.sub(r"\s*Kommentar abgeben\s*$", "", " ".join(row["text"].split()))
            if len(text.split()) < 40:
                continue
            title = decode_title(row["dateiname"])
            rows.append(
                {"id": row["id"], "title": title, "day": day, "place": row["ort"].strip(),
                 "text": text}
            )  # fmt: skip
    return rows


def _entities(article: dict) -> dict[str, float]:
    from meldungen.enrich.pipeline import enrich
    from meldungen.ingest.draft import ArticleDraft

    draft = ArticleDraft(
        guid=article["id"], format="page", headline=article["title"],
        body=f"<p>{article['text']}</p>",
    )  # fmt: skip
    ents = enrich(draft).entities
    top = max((e.salience for e in ents), default=0.0) or 1.0
    return {e.key: round(max(e.salience, 0.0) / top, 4) for e in ents}


def load_profiles(refresh: bool = False) -> tuple[list[dict], dict[str, Profile]]:
    """The Wikinews rows and their profiles (id -> Profile), enriched once and cached."""
    rows = read_wikinews()
    cache: dict = {}
    if CACHE.exists() and not refresh:
        cache = json.loads(CACHE.read_text(encoding="utf-8"))
    changed = False
    for r in rows:
        if r["id"] not in cache:
            cache[r["id"]] = _entities(r)
            changed = True
    if changed:
        CACHE.write_text(json.dumps(cache), encoding="utf-8")
    stats = DocumentFrequencies()
    counts = {r["id"]: term_counts(r["title"], r["text"]) for r in rows}
    for c in counts.values():
        stats.add(c)
    clusterer = StoryClusterer(MemoryStoryIndex())
    story = {}
    for r in sorted(rows, key=lambda r: (r["day"], r["id"])):
        art = Article(r["id"], r["title"], r["text"], r["day"], entities=cache[r["id"]])
        story[r["id"]] = clusterer.add(art).story_id
    profiles = {}
    for r in rows:
        ents = cache[r["id"]]
        profiles[r["id"]] = Profile(
            id=r["id"],
            published=r["day"],
            terms=tfidf_vector(counts[r["id"]], stats.df, stats.n_docs),
            title_terms=tfidf_vector(Counter(content_lemmas(r["title"])), stats.df, stats.n_docs),
            entities=ents,
            places=frozenset(k for k in ents if k.startswith("loc:")),
            story_id=story[r["id"]],
            text_length=len(r["text"]),
        )
    return rows, profiles


def entity_rarity(profiles: dict[str, Profile]):
    """IDF of entity keys over the profiles (what ``Entity.article_count`` gives the shell)."""
    import math

    df = Counter(k for p in profiles.values() for k in p.entities)
    n = len(profiles)
    return lambda k: math.log((n + 1.0) / (df.get(k, 0) + 0.5)) + 1.0
