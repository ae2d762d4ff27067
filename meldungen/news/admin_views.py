"""Staff views beside the admin: ingest health per source over the last 24 hours."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Q, Sum
from django.shortcuts import render
from django.utils import timezone

from .models import FetchLog, Rejection, Source


def ingest_health(request):
    since = timezone.now() - timedelta(hours=24)
    fetches = {
        row["source"]: row
        for row in FetchLog.objects.filter(at__gte=since)
        .values("source")
        .annotate(
            polls=Count("id"),
            failed=Count("id", filter=~Q(error="")),
            new=Sum("new"),
            updated=Sum("updated"),
            rejected=Sum("rejected"),
        )
    }
    rejections = dict(
        Rejection.objects.filter(created_at__gte=since)
        .values("source")
        .annotate(n=Count("id"))
        .values_list("source", "n")
    )
    rows = []
    for source in Source.objects.order_by("name"):
        f = fetches.get(source.pk, {})
        rows.append(
            {
                "source": source,
                "polls": f.get("polls", 0),
                "failed": f.get("failed", 0),
                "new": f.get("new") or 0,
                "updated": f.get("updated") or 0,
                "rejected": rejections.get(source.pk, 0),
                "healthy": source.active and not source.last_error,
            }
        )
    context = {
        "title": "Ingest-Zustand (24 Stunden)",
        "rows": rows,
        "unsourced_rejections": rejections.get(None, 0),
        "recent_rejections": Rejection.objects.select_related("source")[:20],
        "since": since,
    }
    return render(request, "admin/news/ingest_health.html", context)
