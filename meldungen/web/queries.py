"""Which articles readers may see, in one place so every page applies the same rule."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from meldungen.news.models import Article

HIDDEN_STATUSES = ("withdrawn", "canceled")


def listed_languages() -> list[str]:
    """The languages lists and feeds show (setting MELDUNGEN_LANGUAGES, German by default)."""
    return settings.MELDUNGEN.get("LANGUAGES") or ["de"]


def visible_articles(now: datetime | None = None) -> QuerySet[Article]:
    """Not withdrawn/canceled, embargo passed, not a copy of another article, news (not service
    traffic, ingest/kind.py) in one of the portal's languages; newest first."""
    now = now or timezone.now()
    return (
        Article.objects.filter(duplicate_of__isnull=True, kind="news")
        .filter(language__in=listed_languages())
        .exclude(pubstatus__in=HIDDEN_STATUSES)
        .filter(Q(embargo__isnull=True) | Q(embargo__lte=now))
        .select_related("source")
        .order_by("-published", "-id")
    )
