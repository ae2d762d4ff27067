"""Shell side of stories: assign stored articles to stories and rank "Weitere Meldungen"
with the pure core (meldungen.stories), reading and writing through the Django models."""

from __future__ import annotations

from django.conf import settings
from django.db.models.functions import Length

from meldungen.ingest.limits import MAX_ANALYSIS_CHARS
from meldungen.ingest.sanitize import text_of
from meldungen.stories.cluster import Article as StoryInput
from meldungen.stories.cluster import Assignment, StoryClusterer
from meldungen.stories.related import RelatedItem, related_articles

from .models import Article, ArticleEntity, TermFrequency
from .story_index import DjangoStoryIndex

CANDIDATES_PER_ENTITY = 200  # newest articles per shared entity considered for related news


def entity_saliences(article: Article) -> dict[str, float]:
    """Canonical entity key -> salience (0..1) of the article's non-blocked entities."""
    rows = ArticleEntity.objects.filter(article=article, entity__blocked=False).values_list(
        "entity__key", "salience"
    )
    return {key: max(0.0, min(1.0, float(s))) for key, s in rows}


def assign_story(article: Article) -> Assignment:
    """Put a stored article into a story (or start one); a near-copy gets duplicate_of."""
    text = text_of(article.body[:MAX_ANALYSIS_CHARS]) if article.body else ""
    if article.teaser and article.teaser not in text:
        text = f"{article.teaser}\n{text}"
    item = StoryInput(
        id=str(article.pk),
        title=article.headline,
        text=text,
        published=article.published,
        entities=entity_saliences(article),
        source=article.source_name or article.credit,
    )
    assignment = StoryClusterer(DjangoStoryIndex()).add(item)
    updates = {"story_id": assignment.story_id}
    if assignment.copy_of and article.duplicate_of_id is None:
        updates["duplicate_of_id"] = int(assignment.copy_of)
    Article.objects.filter(pk=article.pk).update(**updates)
    for name, value in updates.items():
        setattr(article, name, value)
    return assignment


def _related_item(article: Article, entities: dict[str, float], story_id, copy_of) -> RelatedItem:
    return RelatedItem(
        id=str(article.pk),
        published=article.published,
        entities=entities,
        story_id=story_id,
        copy_of=str(copy_of) if copy_of else None,
        text_length=len(article.body) if article.full_text else len(article.teaser),
    )


def related_for(article: Article, visible, limit: int | None = None) -> list[tuple[Article, tuple]]:
    """ "Weitere Meldungen": (article, shared entity names) pairs, one per story, best first.

    ``visible`` is the queryset of articles a reader may see; candidates come from the entity
    index (the newest articles per shared entity), never from a scan of the archive. Only the
    shared entities count in the ranking, so each candidate's saliences come with it from that
    index, candidates are read as a few columns, and only the ranked few are loaded in full.
    """
    limit = settings.MELDUNGEN["RELATED_LIMIT"] if limit is None else limit
    own_rows = ArticleEntity.objects.filter(article=article, entity__blocked=False).values_list(
        "entity_id", "entity__key", "entity__display", "entity__article_count", "salience"
    )
    keys, own, names, doc_freq = {}, {}, {}, {}
    for entity_id, key, display, count, salience in own_rows:
        keys[entity_id], names[key], doc_freq[key] = key, display, count
        own[key] = max(0.0, min(1.0, float(salience)))
    if not own or limit <= 0:
        return []
    ents: dict[int, dict[str, float]] = {}
    # One query per shared entity id, newest stored first: with a constant id the planner reads
    # the (entity, article) index backwards and stops after the newest few, even for an entity
    # in 300,000 articles (a window over all of them took half a second at a million).
    for entity_id, key in keys.items():
        newest = (
            ArticleEntity.objects.filter(entity_id=entity_id)
            .order_by("-article_id")
            .values_list("article_id", "salience")[:CANDIDATES_PER_ENTITY]
        )
        for aid, salience in newest:
            ents.setdefault(aid, {})[key] = max(0.0, min(1.0, float(salience)))
    ents.pop(article.pk, None)
    rows = (
        visible.filter(pk__in=list(ents))
        .order_by()
        .values_list("pk", "published", "story_id", "duplicate_of_id", "full_text")
        .annotate(body_length=Length("body"), teaser_length=Length("teaser"))
    )
    items = [
        RelatedItem(
            id=str(pk),
            published=published,
            entities=ents[pk],
            story_id=story_id,
            copy_of=str(copy_of) if copy_of else None,
            text_length=(body_length if full_text else teaser_length) or 0,
        )
        for pk, published, story_id, copy_of, full_text, body_length, teaser_length in rows
    ]
    if not items:
        return []
    n_docs = TermFrequency.objects.filter(term="").values_list("df", flat=True).first() or 1
    me = _related_item(article, own, article.story_id, article.duplicate_of_id)
    ranked = related_articles(me, items, limit=limit, doc_freq=doc_freq, n_docs=n_docs)
    loaded = visible.in_bulk([int(r.article_id) for r in ranked])
    return [
        (loaded[int(r.article_id)], tuple(names[k] for k in r.shared_tags if k in names))
        for r in ranked
        if int(r.article_id) in loaded
    ]
