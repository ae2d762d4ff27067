"""The portal's change counter: bumped whenever an article, tag or source is stored.

The search index is kept in step by the same signals; HTTP caching (web/caching.py) derives
ETag and Last-Modified from it, so every page and feed revalidates after a change.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F
from django.utils import timezone


class ContentVersion(models.Model):
    version = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "content version"

    def __str__(self) -> str:
        return f"v{self.version} ({self.changed_at:%Y-%m-%d %H:%M:%S})"


def bump_content_version() -> None:
    """Record that published content changed (call after bulk updates that skip save())."""
    now = timezone.now()
    if not ContentVersion.objects.filter(pk=1).update(version=F("version") + 1, changed_at=now):
        ContentVersion.objects.get_or_create(pk=1, defaults={"version": 1, "changed_at": now})


def current_content_version() -> tuple[int, object]:
    """(version, changed_at) of the published content."""
    row = ContentVersion.objects.filter(pk=1).values_list("version", "changed_at").first()
    return row if row else (0, None)
