"""Which articles readers may see, in one place so every page applies the same rule."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from meldungen.news.models import Article

HIDDEN_STATUSES = ("withdrawn", "canceled")


def visible_articles(now: datetime | None = None) -> QuerySet[Article]:
    """Not withdrawn/canceled, embargo passed, not a copy of another article; newest first."""
    now = now or timezone.now()
    return (
        Article.objects.filter(duplicate_of__isnull=True)
        .exclude(pubstatus__in=HIDDEN_STATUSES)
        .filter(Q(embargo__isnull=True) | Q(embargo__lte=now))
        .select_related("source")
        .order_by("-published", "-id")
    )
