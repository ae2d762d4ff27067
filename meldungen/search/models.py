"""The portal's global change counter, for changes that touch every page at once (editors'
merges and renames, re-enrichment of the archive). Bumping it also bumps the page cache's "all"
tag; a single stored article only changes the pages that show it (meldungen.web.pagecache).
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
    from meldungen.web.pagecache import bump_on_commit

    bump_on_commit({"all"})


def current_content_version() -> tuple[int, object]:
    """(version, changed_at) of the published content."""
    row = ContentVersion.objects.filter(pk=1).values_list("version", "changed_at").first()
    return row if row else (0, None)
