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


def visible_q(path: str = "", now: datetime | None = None, *, copies: bool = False) -> Q:
    """The condition of ``ArticleQuerySet.visible`` on the article at ``path`` ("article__" for
    an entity link's article), for queries that count or filter through another table;
    ``copies``: also the copies of a visible article (lists fold them into it; a count of the
    reports of each source keeps them)."""
    now = now or timezone.now()
    copy = {} if copies else {f"{path}duplicate_of__isnull": True}
    return Q(
        Q(**copy, **{f"{path}kind": "news"}),
        Q(**{f"{path}language__in": listed_languages()}),
        ~Q(**{f"{path}pubstatus__in": HIDDEN_STATUSES}),
        Q(**{f"{path}embargo__isnull": True}) | Q(**{f"{path}embargo__lte": now}),
    )


class ArticleQuerySet(models.QuerySet):
    def visible(self, now: datetime | None = None) -> ArticleQuerySet:
        """Not withdrawn/canceled, embargo passed, not a copy of another article, news (not
        service traffic, ingest/kind.py) in one of the portal's languages; newest first."""
        return (
            self.filter(visible_q(now=now)).select_related("source").order_by("-published", "-id")
        )
