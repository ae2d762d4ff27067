"""Which articles readers may see, in one place: pages, feeds, search and the API all ask
``Article.objects.visible()``. No import of the models here (models.py imports this)."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

HIDDEN_STATUSES = ("withdrawn", "canceled")


def listed_languages() -> list[str]:
    """The languages lists and feeds show (setting MELDUNGEN_LANGUAGES, German by default)."""
    return settings.MELDUNGEN.get("LANGUAGES") or ["de"]


class ArticleQuerySet(models.QuerySet):
    def visible(self, now: datetime | None = None) -> ArticleQuerySet:
        """Not withdrawn/canceled, embargo passed, not a copy of another article, news (not
        service traffic, ingest/kind.py) in one of the portal's languages; newest first."""
        now = now or timezone.now()
        return (
            self.filter(duplicate_of__isnull=True, kind="news")
            .filter(language__in=listed_languages())
            .exclude(pubstatus__in=HIDDEN_STATUSES)
            .filter(Q(embargo__isnull=True) | Q(embargo__lte=now))
            .select_related("source")
            .order_by("-published", "-id")
        )
