"""Helpers shared by the search, feed and API tests: store an article through the real store,
and tag it by hand (those tests are about publishing, not about which tags enrichment picks)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

from django.db import connections
from django.utils.text import slugify

from meldungen.ingest.draft import ArticleDraft
from meldungen.news.models import Article, ArticleEntity, Entity, Source
from meldungen.news.services import store_draft


def put(guid: str, headline: str, source: Source | None = None, **kw) -> Article:
    """Store a ninjs-like draft with guid ``urn:test:<guid>`` and return the article."""
    draft = ArticleDraft(guid=f"urn:test:{guid}", headline=headline, format="ninjs", **kw)
    result = store_draft(draft, source)
    assert result.article_id, result
    return Article.objects.get(pk=result.article_id)


def tag(article: Article, display: str, rank: int = 0) -> None:
    slug = slugify(display)
    entity = Entity.objects.filter(slug=slug).first() or Entity.objects.create(
        key=f"test:{slug}", name=display, display=display, type="KW", slug=slug
    )
    ArticleEntity.objects.update_or_create(
        article=article, entity=entity, defaults={"is_tag": True, "rank": rank, "salience": 1.0}
    )


def fernwaerme_wire(paragraphs: list[str], **kw) -> ArticleDraft:
    """The wire item the story and copy tests start from (Magdeburg's district heating prices),
    with the given body paragraphs; ``kw`` replaces any field."""
    base = dict(
        guid="urn:test:fernwaerme",
        headline="Fernwärme in Magdeburg wird teurer",
        format="digitalwires",
        teaser="Die Stadtwerke heben die Preise zum April an.",
        body="".join(f"<p>{p}</p>" for p in paragraphs),
        published=datetime(2025, 3, 3, 9, 0, tzinfo=UTC),
        credit="dpa",
        source="dpa",
    )
    base.update(kw)
    return ArticleDraft(**base)


def run_writers(work, writers: int, *, together: bool = False, timeout: float = 120) -> list:
    """Run ``work(writer_index)`` in ``writers`` threads (``together``: released at once by a
    barrier); their results in order. A writer's exception fails the calling test."""
    results: list = [None] * writers
    errors: list = []
    barrier = threading.Barrier(writers) if together else None

    def target(i: int) -> None:
        try:
            if barrier is not None:
                barrier.wait(60)
            results[i] = work(i)
        except Exception as error:  # reported below, with the writer's error
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert not errors, errors
    return results
