"""The portal's global change counter, for changes that touch every page at once (editors'
merges and renames, re-enrichment of the archive). The helpers that bump and read it, with the
page cache, are in meldungen.web.contentversion.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class ContentVersion(models.Model):
    version = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "content version"

    def __str__(self) -> str:
        return f"v{self.version} ({self.changed_at:%Y-%m-%d %H:%M:%S})"
