"""Shell side of stories: assign stored articles to stories and rank "Weitere Meldungen"
with the pure core (meldungen.stories), reading and writing through the Django models."""

from __future__ import annotations

from django.conf import settings

from meldungen.ingest.limits import MAX_ANALYSIS_CHARS
from meldungen.ingest.sanitize import text_of
from meldungen.stories.cluster import Article as StoryInput
from meldungen.stories.cluster import Assignment, StoryClusterer

from .models import Article, ArticleEntity
from .story_index import DjangoStoryIndex


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


def related_for(
    article: Article, visible, limit: int | None = None, search=None
) -> list[tuple[Article, tuple]]:
    """ "Weitere Meldungen": (article, why) pairs, one per story, best first; ``why`` names the
    shared entities, or the shared theme terms when there are none (see ``news.related``).

    ``visible`` is the queryset of articles a reader may see; candidates come from the story
    index (and ``search(terms)``, the search index, when it gives too few), never from a scan.
    """
    from .related import ranked_related

    limit = settings.MELDUNGEN["RELATED_LIMIT"] if limit is None else limit
    if limit <= 0:
        return []
    return ranked_related(article, entity_saliences(article), visible, limit, search)
