"""Shell side of enrichment: run the pure pipeline on a stored article and persist its
entities, tags and Ressort, following the editors' choices (renames, merges, blocks)."""

from __future__ import annotations

from django.db.models import Count
from django.utils.text import slugify

from .models import Article, ArticleEntity, Entity

RESSORT_WORDS = {
    "politik": "Politik",
    "ausland": "Ausland",
    "international": "Ausland",
    "welt": "Ausland",
    "wirtschaft": "Wirtschaft",
    "finanzen": "Wirtschaft",
    "sport": "Sport",
    "kultur": "Kultur",
    "wissenschaft": "Wissenschaft",
    "wissen": "Wissenschaft",
    "panorama": "Panorama",
    "vermischtes": "Panorama",
    "digital": "Digital",
}


def _unique_slug(base: str, key: str) -> str:
    slug = slugify(base)[:280] or slugify(key)[:280] or "thema"
    candidate, n = slug, 2
    while Entity.objects.filter(slug=candidate).exclude(key=key).exists():
        candidate, n = f"{slug}-{n}", n + 1
    return candidate


def entity_for(key: str, name: str, display: str, type_: str) -> Entity:
    entity = Entity.objects.filter(key=key).first()
    if entity is None:
        entity = Entity.objects.create(
            key=key, name=name, display=display, type=type_, slug=_unique_slug(display, key)
        )
    while entity.merged_into_id is not None:  # follow the editors' merges
        entity = entity.merged_into
    return entity


def ressort_from_hints(hints: list[str]) -> str:
    for hint in hints:
        word = hint.strip().lower().strip("/")
        if word in RESSORT_WORDS:
            return RESSORT_WORDS[word]
    return ""


def enrich_article(article: Article) -> None:
    """Replace the article's entity links and Ressort with freshly computed ones."""
    ArticleEntity.objects.filter(article=article).delete()
    rank = 0
    for keyword in article.keywords:
        key = f"kw:{slugify(keyword)}"
        if not slugify(keyword):
            continue
        entity = entity_for(key, keyword, keyword, "KW")
        ArticleEntity.objects.get_or_create(
            article=article, entity=entity, defaults={"is_tag": True, "rank": rank, "salience": 1.0}
        )
        rank += 1
    article.ressort = ressort_from_hints(article.ressort_hints) or article.ressort
    article.ressort_origin = "metadata" if article.ressort else ""
    Article.objects.filter(pk=article.pk).update(
        ressort=article.ressort, ressort_origin=article.ressort_origin
    )


def refresh_entity_counts() -> None:
    counts = dict(
        ArticleEntity.objects.values_list("entity")
        .annotate(n=Count("article"))
        .values_list("entity", "n")
    )
    for entity in Entity.objects.all():
        n = counts.get(entity.pk, 0)
        if entity.article_count != n:
            Entity.objects.filter(pk=entity.pk).update(article_count=n)
