"""Shell side of stories: assign stored articles to stories and rank "Weitere Meldungen"
with the pure core (meldungen.stories), reading and writing through the Django models."""

from __future__ import annotations

from django.conf import settings

from meldungen.ingest.corrections import corrected_subject
from meldungen.ingest.limits import MAX_ANALYSIS_CHARS
from meldungen.stories.cluster import Article as StoryInput
from meldungen.stories.cluster import Assignment, StoryClusterer
from meldungen.text import html_to_text

from .models import Article, ArticleEntity
from .story_index import DjangoStoryIndex
from .withdrawals import listed_original


def entity_saliences(article: Article) -> dict[str, float]:
    """Canonical entity key -> salience (0..1) of the article's non-blocked entities."""
    rows = ArticleEntity.objects.filter(article=article, entity__blocked=False).values_list(
        "entity__key", "salience"
    )
    return {key: max(0.0, min(1.0, float(s))) for key, s in rows}


def _story_text(article: Article) -> str:
    text = html_to_text(article.body[:MAX_ANALYSIS_CHARS]) if article.body else ""
    if article.teaser and article.teaser not in text:
        text = f"{article.teaser}\n{text}"
    return text


def story_title(headline: str, text: str) -> str:
    """The headline the clustering reads: a correction notice's is what it corrects
    ("Korrektur: …" without the marker, or the quoted headline of a "Korrektur-Hinweis"), so
    the notice joins its report's story (``ingest/corrections.py``)."""
    return corrected_subject(headline, text)


def assign_story(article: Article) -> Assignment:
    """Put a stored article into a story (or start one); a near-copy gets duplicate_of."""
    text = _story_text(article)
    item = StoryInput(
        id=str(article.pk),
        title=story_title(article.headline, text),
        text=text,
        published=article.published,
        entities=entity_saliences(article),
        source=article.source_name or article.credit,
    )
    assignment = StoryClusterer(DjangoStoryIndex()).add(item)
    updates = {"story_id": assignment.story_id}
    if article.duplicate_of_id is None and listed_original(assignment.copy_of):
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


def assign_copy(article: Article, original: Article) -> bool:
    """Put an exact copy (same content hash) into its original's story without clustering it
    again: its story-index record is the original's (same text, so the same signature, vectors
    and entities), marked as a copy, with the original's band and topical keys so later
    near-duplicates and headline twins still find it. Its document and terms are counted as
    for any article, so term weights stay what full assignment gives. False when the original
    has no index record (then the caller assigns the copy the full way)."""
    from meldungen.stories.cluster import headline_key
    from meldungen.stories.similarity import term_counts

    from .models import Story, StoryArticle, StoryBand, StoryKey

    index = DjangoStoryIndex()
    with index.transaction():
        rec = StoryArticle.objects.filter(article_id=original.pk).first()
        if rec is None or StoryArticle.objects.filter(article_id=article.pk).exists():
            return False
        story = Story.objects.select_for_update().filter(id=rec.story_id).first()
        if story is None:
            return False
        StoryArticle.objects.create(
            article_id=article.pk,
            story_id=rec.story_id,
            published=article.published,
            copy_of=rec.copy_of or str(original.pk),
            signature=rec.signature,
            vector=rec.vector,
            title_vector=rec.title_vector,
            entities=rec.entities,
        )
        bands = StoryBand.objects.filter(article_id=original.pk).values_list("band_key", flat=True)
        StoryBand.objects.bulk_create(StoryBand(band_key=k, article_id=article.pk) for k in bands)
        keys = list(StoryKey.objects.filter(article_id=original.pk).values_list("key", flat=True))
        own = headline_key(original.source_name or original.credit, original.headline)
        keys = [k for k in keys if k != own]
        hkey = headline_key(article.source_name or article.credit, article.headline)
        if hkey is not None:
            keys.append(hkey)
        StoryKey.objects.bulk_create(
            StoryKey(key=k[:300], published=article.published, article_id=article.pk)
            for k in dict.fromkeys(keys)
        )
        terms = term_counts(article.headline, _story_text(article))
        index._count_terms([t for t in terms if t and len(t) <= 200])
        story.n_articles += 1
        if article.published < story.first_published:
            story.first_published, story.first_article_id = article.published, article.pk
        story.last_published = max(story.last_published, article.published)
        story.save(
            update_fields=["n_articles", "first_published", "first_article_id", "last_published"]
        )
        Article.objects.filter(pk=article.pk).update(story_id=rec.story_id)
        article.story_id = rec.story_id
    return True
