"""Fixtures for the portal tests: an isolated image cache and a small article factory.

Articles are created through the ORM (not the ingest pipeline) so that page tests depend only
on the models; the seed end-to-end test goes through ``ingest_bytes`` instead.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import cache
from django.utils.text import slugify

BASE_TIME = datetime(2025, 2, 12, 17, 27, 49, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _portal_isolation(settings, tmp_path):
    """Pictures go to a temporary folder; the cached Ressort navigation starts empty."""
    settings.IMAGE_CACHE_DIR = tmp_path / "images"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def make_article(db) -> Callable:
    """Create a stored article with tags (keyword entities, in the given order)."""
    from meldungen.news.models import Article, ArticleEntity, Entity

    counter = {"n": 0}

    def make(
        headline: str = "Meldung", *, tags: tuple[str, ...] = (), minutes: int = 0, **fields
    ) -> Article:
        counter["n"] += 1
        fields.setdefault("published", BASE_TIME + timedelta(minutes=minutes))
        fields.setdefault("format", "digitalwires")
        fields.setdefault("credit", "dpa")
        fields.setdefault("source_name", "dpa")
        fields.setdefault("body", f"<p>Text zur Meldung {counter['n']}.</p>")
        digest = hashlib.sha256(f"{headline}|{counter['n']}".encode()).hexdigest()
        article = Article.objects.create(
            guid=f"urn:test:{counter['n']}", headline=headline, content_hash=digest, **fields
        )
        for rank, name in enumerate(tags):
            entity, _ = Entity.objects.get_or_create(
                key=f"kw:{slugify(name)}",
                defaults={"name": name, "display": name, "type": "KW", "slug": slugify(name)},
            )
            ArticleEntity.objects.create(
                article=article, entity=entity, is_tag=True, rank=rank, salience=1.0
            )
        return article

    return make
