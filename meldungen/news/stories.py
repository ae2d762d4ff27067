"""Shell side of stories: assign stored articles to stories and rank "Weitere Meldungen"
with the pure core (meldungen.stories), reading and writing through the Django models."""

from __future__ import annotations

from django.conf import settings

from meldungen.ingest.sanitize import text_of
from meldungen.stories.cluster import Article as StoryInput
from meldungen.stories.cluster import Assignment, StoryClusterer
from meldungen.stories.related import RelatedItem, related_articles

from .models import Article, ArticleEntity, Entity, TermFrequency
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
    text = text_of(article.body) if article.body else ""
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
    index (the newest articles per shared entity), never from a scan of the archive.
    """
    limit = settings.MELDUNGEN["RELATED_LIMIT"] if limit is None else limit
    own = entity_saliences(article)
    if not own or limit <= 0:
        return []
    cand_ids: set[int] = set()
    # Entity ids first: with a constant id the planner reads the (entity, article) index
    # backwards and stops after the newest few, even for an entity in 300,000 articles.
    for entity_id in Entity.objects.filter(key__in=list(own)).values_list("id", flat=True):
        cand_ids.update(
            ArticleEntity.objects.filter(entity_id=entity_id)
            .order_by("-article_id")  # newest stored first
            .values_list("article_id", flat=True)[:CANDIDATES_PER_ENTITY]
        )
    cand_ids.discard(article.pk)
    candidates = {a.pk: a for a in visible.filter(pk__in=cand_ids)}
    if not candidates:
        return []
    ents: dict[int, dict[str, float]] = {pk: {} for pk in candidates}
    for aid, key, sal in ArticleEntity.objects.filter(
        article_id__in=candidates, entity__blocked=False
    ).values_list("article_id", "entity__key", "salience"):
        ents[aid][key] = max(0.0, min(1.0, float(sal)))
    items = [
        _related_item(a, ents[a.pk], a.story_id, a.duplicate_of_id) for a in candidates.values()
    ]
    doc_freq = dict(Entity.objects.filter(key__in=own).values_list("key", "article_count"))
    n_docs = TermFrequency.objects.filter(term="").values_list("df", flat=True).first() or 1
    me = _related_item(article, own, article.story_id, article.duplicate_of_id)
    ranked = related_articles(me, items, limit=limit, doc_freq=doc_freq, n_docs=n_docs)
    names = dict(Entity.objects.filter(key__in=own).values_list("key", "display"))
    return [
        (candidates[int(r.article_id)], tuple(names[k] for k in r.shared_tags if k in names))
        for r in ranked
    ]
