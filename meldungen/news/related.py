""" "Weitere Meldungen" on the database: candidates from the story index, profiles from the
clustering's per-article records, ranking by the stories core's learned relatedness model.

Candidates come from index range scans only: the newest articles per topical key of the
article (``StoryKey``: its canonical entities and heaviest lemmas), plus ids the caller found
elsewhere (the page side asks the search index for the article's salient terms). Articles
without a story record (tagged by hand, not yet clustered) fall back to the entity index.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import connection
from django.db.models import Q
from django.db.models.functions import Length

from meldungen.stories.related import (
    KEY_SHORTLIST,
    RelatedItem,
    by_shared_keys,
    related_articles,
)
from meldungen.stories.relatedness import salient

from .models import Article, ArticleEntity, Entity, StoryArticle, StoryKey, TermFrequency

CANDIDATES_PER_KEY = 40  # newest articles per topical key
MAX_KEYS = 16  # topical keys of the article looked up
CANDIDATES_PER_ENTITY = 100  # newest articles per entity from the entity index
SEARCH_TERMS = 6  # salient terms the page side sends to the search index
Search = Callable[[list[str]], Iterable[int]]


def _places(entities: dict) -> frozenset[str]:
    return frozenset(k for k in entities if k.startswith("loc:"))


def salient_terms(vector: dict[str, float], n: int = SEARCH_TERMS) -> list[str]:
    """The heaviest lemmas of a story-record vector, for a "more like this" query."""
    return [t for t in salient(vector or {}, n) if t.isalpha()]


def as_written(terms: Iterable[str], names: Iterable[str]) -> tuple[str, ...]:
    """Shared-theme terms (lemmas, lower case unless nouns) as the article's entity names write
    them: "putin" -> "Putin" when the article names Wladimir Putin; other terms as they are."""
    written: dict[str, str] = {}
    for name in names:
        for word in name.split():
            written.setdefault(word.lower(), word)
    return tuple(written.get(t.lower(), t) for t in terms)


def _newest_per_key(keys: list[str], n: int) -> list[tuple[int, str, object]]:
    """(article_id, key, published) of the newest ``n`` articles per topical key: one query of
    index range scans (a UNION ALL of one LIMITed scan per key), never a scan of a whole key."""
    if not keys:
        return []
    table = connection.ops.quote_name(StoryKey._meta.db_table)
    part = (
        f"SELECT * FROM (SELECT article_id, key, published FROM {table} WHERE key = %s "
        f"ORDER BY published DESC LIMIT {int(n)}) AS k{{i}}"
    )
    sql = " UNION ALL ".join(part.format(i=i) for i in range(len(keys)))
    with connection.cursor() as cur:
        cur.execute(sql, keys)
        return cur.fetchall()


def _candidates(article: Article, record: dict | None, search: Search | None) -> list[int]:
    """Candidate ids, the most promising first: how many of the article's topical keys each
    shares (a search-index hit counts as one), the newer first on a tie. The search index is
    asked only when the story and entity indexes give fewer than ``KEY_SHORTLIST``."""
    has_record = record is not None
    keys = list(
        StoryKey.objects.filter(article_id=article.pk)
        .exclude(key__startswith="h:")
        .values_list("key", flat=True)[:MAX_KEYS]
    )
    shared: dict[int, int] = {}
    newest: dict[int, object] = {}
    for aid, _, published in _newest_per_key(keys, CANDIDATES_PER_KEY):
        shared[aid] = shared.get(aid, 0) + 1
        newest[aid] = str(published)  # ISO text (SQLite) or datetime: compared as text
    # the entity index: every entity when the article has no story record, else only its
    # tags (editors may have set them after clustering, so the story index lacks them). One
    # query per entity id, newest first: with a constant id the planner reads the (entity,
    # article) index backwards and stops after the newest few, even for a frequent entity.
    ents = ArticleEntity.objects.filter(article_id=article.pk, entity__blocked=False)
    if has_record:
        ents = ents.filter(is_tag=True)
    for entity_id in ents.values_list("entity_id", flat=True):
        for aid in (
            ArticleEntity.objects.filter(entity_id=entity_id)
            .order_by("-article_id")
            .values_list("article_id", flat=True)[:CANDIDATES_PER_ENTITY]
        ):
            shared[aid] = shared.get(aid, 0) + 1
            newest.setdefault(aid, "")
    shared.pop(article.pk, None)
    if search is not None and len(shared) < KEY_SHORTLIST:
        terms = salient_terms(record["vector"] if record else {})
        for aid in search(terms) if terms else ():  # hits for the salient terms
            aid = int(aid)
            shared[aid] = shared.get(aid, 0) + 1
            newest.setdefault(aid, "")
    shared.pop(article.pk, None)
    return by_shared_keys(shared, newest)


def ranked_related(
    article: Article,
    own: dict[str, float],
    visible,
    limit: int,
    search: Search | None = None,
) -> list[tuple[Article, tuple[str, ...]]]:
    """(article, why) pairs, best first: ``why`` is the shared entities' display names, or the
    shared theme terms when the two share no entity. ``search(terms)`` returns ids of articles
    matching the article's salient terms (the page side asks the search index)."""
    record = (
        StoryArticle.objects.filter(article_id=article.pk).values("vector", "title_vector").first()
    )
    if not own and record is None:
        return []
    order = _candidates(article, record, search)
    if not order:
        return []
    # visible ones of the first candidates; only these are read in full
    head = order[: 2 * KEY_SHORTLIST]
    rows = visible.filter(pk__in=head).annotate(
        body_len=Length("body"), teaser_len=Length("teaser")
    )
    found = {
        pk: (published, story, dup, body_len if full else teaser_len)
        for pk, published, story, dup, full, body_len, teaser_len in rows.values_list(
            "pk", "published", "story_id", "duplicate_of_id", "full_text", "body_len", "teaser_len"
        )
    }
    meta = {pk: found[pk] for pk in head if pk in found}
    meta = dict(list(meta.items())[:KEY_SHORTLIST])
    if not meta:
        return []
    records = {
        r["article_id"]: r
        for r in StoryArticle.objects.filter(article_id__in=list(meta)).values(
            "article_id", "vector", "title_vector"
        )
    }
    # entities as the editors have them now (tags added, merged or blocked after clustering)
    current: dict[int, dict[str, float]] = {pk: {} for pk in meta}
    for aid, key, sal in ArticleEntity.objects.filter(
        article_id__in=list(meta), entity__blocked=False
    ).values_list("article_id", "entity__key", "salience"):
        current[aid][key] = max(0.0, min(1.0, float(sal)))
    items = []
    for pk, (published, story, dup, length) in meta.items():
        rec = records.get(pk) or {}
        items.append(
            RelatedItem(
                id=str(pk),
                published=published,
                entities=current[pk],
                story_id=story,
                copy_of=str(dup) if dup else None,
                text_length=length or 0,
                terms=rec.get("vector") or {},
                title_terms=rec.get("title_vector") or {},
                places=_places(current[pk]),
            )  # fmt: skip
        )
    keys = set(own) | {k for it in items for k in it.entities if k in own}
    doc_freq = dict(Entity.objects.filter(key__in=keys).values_list("key", "article_count"))
    n_docs = TermFrequency.objects.filter(term="").values_list("df", flat=True).first() or 1
    me = RelatedItem(
        id=str(article.pk), published=article.published, entities=own,
        story_id=article.story_id,
        copy_of=str(article.duplicate_of_id) if article.duplicate_of_id else None,
        terms=record["vector"] if record else {},
        title_terms=record["title_vector"] if record else {}, places=_places(own),
    )  # fmt: skip
    ranked = related_articles(me, items, limit=limit, doc_freq=doc_freq, n_docs=n_docs)
    if not ranked:
        return []
    names = dict(Entity.objects.filter(key__in=own).values_list("key", "display"))
    shown = Article.objects.filter(pk__in=[int(r.article_id) for r in ranked]).filter(
        ~Q(pk=article.pk)
    )
    by_pk = {a.pk: a for a in shown}
    out = []
    for r in ranked:
        cand = by_pk.get(int(r.article_id))
        if cand is None:
            continue
        why = tuple(names[k] for k in r.shared_tags if k in names) or as_written(
            r.shared_terms, names.values()
        )
        cand.related_score = r.score  # P(related), kept with a stored list
        out.append((cand, why))
    return out
