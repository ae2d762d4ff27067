"""The article page's own queries, prepared once per process (``prepared.Prepared``): its tag
line and how many sources reported its story. The same queries as ``Article.tags()`` and a
plain ORM count, without building and compiling them on every uncached request."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from meldungen.news.models import Article, Entity
from meldungen.news.visibility import listed_languages, story_reports_q

from .prepared import Prepared

TAG_LINE = Prepared(
    lambda pk: Entity.objects.filter(
        article_links__article_id=pk, article_links__is_tag=True, blocked=False
    ).order_by("article_links__rank"),
    {"pk": int},
)
STORY_MEMBERS = Prepared(  # the story's reports as its page shows them, copies included
    lambda story_id, now: (
        Article.objects.filter(story_reports_q(now), story_id=story_id)
        .order_by()
        .values_list("source_name", "credit")
    ),
    {"story_id": str, "now": datetime},
    key=lambda: tuple(listed_languages()),
)


def tag_line(article: Article) -> list[Entity]:
    """The tag line (as ``Article.tags()``): entities in rank order, blocked ones left out."""
    return list(TAG_LINE.raw(Entity, pk=article.pk))


def story_source_count(article: Article) -> int:
    """How many sources reported the article's story (copies included)."""
    if not article.story_id:
        return 0
    members = STORY_MEMBERS.rows(story_id=article.story_id, now=timezone.now())
    return len({(name or credit or "?").strip().lower() for name, credit in members})
