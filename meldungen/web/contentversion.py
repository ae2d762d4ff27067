"""The portal's global change counter (the ContentVersion row of the search app), for changes
that touch every page at once (editors' merges and renames, re-enrichment of the archive).
Bumping it also bumps the page cache's "all" tag; a single stored article only changes the
pages that show it (meldungen.web.pagecache)."""

from __future__ import annotations

from django.db.models import F
from django.utils import timezone

from meldungen.search.models import ContentVersion

from .pagecache import bump_on_commit


def bump_content_version() -> None:
    """Record that published content changed (call after bulk updates that skip save())."""
    now = timezone.now()
    if not ContentVersion.objects.filter(pk=1).update(version=F("version") + 1, changed_at=now):
        ContentVersion.objects.get_or_create(pk=1, defaults={"version": 1, "changed_at": now})
    bump_on_commit({"all"})


def current_content_version() -> tuple[int, object]:
    """(version, changed_at) of the published content."""
    row = ContentVersion.objects.filter(pk=1).values_list("version", "changed_at").first()
    return row if row else (0, None)
