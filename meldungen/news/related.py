""" "Weitere Meldungen" on the database: candidates from the story index, profiles from the
clustering's per-article records, ranking by the stories core's learned relatedness model.

Candidates come from index range scans only: the newest articles per topical key of the
article (``StoryKey``: its canonical entities and heaviest lemmas), plus ids the caller found
elsewhere (the page side asks the search index for the article's salient terms). Articles
without a story record (tagged by hand, not yet clustered) fall back to the entity index.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from django.db.models import F, Q, Window
from django.db.models.functions import Length, RowNumber

from meldungen.stories.related import RelatedItem, related_articles, shortlist
from meldungen.stories.relatedness import salient

from .models import Article, ArticleEntity, Entity, StoryArticle, StoryKey, TermFrequency

CANDIDATES_PER_KEY = 40  # newest articles per topical key
MAX_KEYS = 16  # topical keys of the article looked up
CANDIDATES_PER_ENTITY = 100  # newest articles per entity from the entity index
SEARCH_TERMS = 6  # salient terms the page side sends to the search index


def _places(entities: dict) -> frozenset[str]:
    return frozenset(k for k in entities if k.startswith("loc:"))


def salient_terms(article: Article, n: int = SEARCH_TERMS) -> list[str]:
    """The article's heaviest lemmas (from its story record), for a "more like this" query."""
    rec = StoryArticle.objects.filter(article_id=article.pk).values_list("vector", flat=True)
    vector = rec.first() or {}
    return [t for t in salient(vector, n) if t.isalpha()]


def _candidate_ids(article: Article, own: dict[str, float], has_record: bool) -> set[int]:
    ids: set[int] = set()
    keys = list(
        StoryKey.objects.filter(article_id=article.pk)
        .exclude(key__startswith="h:")
        .values_list("key", flat=True)[:MAX_KEYS]
    )
    for key in keys:
        ids.update(
            StoryKey.objects.filter(key=key)
            .order_by("-published")
            .values_list("article_id", flat=True)[:CANDIDATES_PER_KEY]
        )
    # the entity index: every entity when the article has no story record, else only its
    # tags (editors may have set them after clustering, so the story index lacks them)
    tags = (
        set(own)
        if not has_record
        else set(
            ArticleEntity.objects.filter(article_id=article.pk, is_tag=True).values_list(
                "entity__key", flat=True
            )
        )
    )
    if tags:  # one window query for every entity (the newest per entity)
        newest = Window(RowNumber(), partition_by=F("entity_id"), order_by=F("article_id").desc())
        ids.update(
            ArticleEntity.objects.filter(entity__key__in=tags)
            .annotate(newest=newest)
            .filter(newest__lte=CANDIDATES_PER_ENTITY)
            .values_list("article_id", flat=True)
        )
    ids.discard(article.pk)
    return ids


def ranked_related(
    article: Article,
    own: dict[str, float],
    visible,
    limit: int,
    extra_ids: Iterable[int] = (),
) -> list[tuple[Article, tuple[str, ...]]]:
    """(article, why) pairs, best first: ``why`` is the shared entities' display names, or the
    shared theme terms when the two share no entity."""
    record = (
        StoryArticle.objects.filter(article_id=article.pk)
        .values("vector", "title_vector", "entities")
        .first()
    )
    if not own and record is None:
        return []
    cand_ids = _candidate_ids(article, own, record is not None) | {
        int(i) for i in extra_ids if int(i) != article.pk
    }
    if not cand_ids:
        return []
    rows = visible.filter(pk__in=cand_ids).annotate(
        body_len=Length("body"), teaser_len=Length("teaser")
    )
    meta = {
        pk: (published, story, dup, body_len if full else teaser_len)
        for pk, published, story, dup, full, body_len, teaser_len in rows.values_list(
            "pk", "published", "story_id", "duplicate_of_id", "full_text", "body_len", "teaser_len"
        )
    }
    if not meta:
        return []
    records = {
        r["article_id"]: r
        for r in StoryArticle.objects.filter(article_id__in=list(meta)).values(
            "article_id", "vector", "entities"
        )
    }
    missing = [pk for pk in meta if pk not in records]
    fallback: dict[int, dict[str, float]] = {pk: {} for pk in missing}
    if missing:
        for aid, key, sal in ArticleEntity.objects.filter(
            article_id__in=missing, entity__blocked=False
        ).values_list("article_id", "entity__key", "salience"):
            fallback[aid][key] = max(0.0, min(1.0, float(sal)))
    items = []
    for pk, (published, story, dup, length) in meta.items():
        rec = records.get(pk)
        ents = dict(rec["entities"]) if rec else fallback[pk]
        items.append(
            RelatedItem(
                id=str(pk),
                published=published,
                entities=ents,
                story_id=story,
                copy_of=str(dup) if dup else None,
                text_length=length or 0,
                terms=rec["vector"] if rec else {},
                places=_places(ents),
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
    # headline vectors only for the candidates scored in full
    items = shortlist(me, items)
    titles = dict(
        StoryArticle.objects.filter(article_id__in=[int(i.id) for i in items]).values_list(
            "article_id", "title_vector"
        )
    )
    # entities as the editors have them now (tags added, merged or blocked after clustering)
    current: dict[int, dict[str, float]] = {}
    for aid, key, sal in ArticleEntity.objects.filter(
        article_id__in=[int(i.id) for i in items], entity__blocked=False
    ).values_list("article_id", "entity__key", "salience"):
        current.setdefault(aid, {})[key] = max(0.0, min(1.0, float(sal)))
    items = [
        replace(
            i,
            title_terms=titles.get(int(i.id)) or {},
            entities=current.get(int(i.id), i.entities),
            places=_places(current.get(int(i.id), i.entities)),
        )
        for i in items
    ]
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
        why = tuple(names[k] for k in r.shared_tags if k in names) or r.shared_terms
        out.append((cand, why))
    return out
