"""Volume over time and "Oft zusammen mit" over time, for topic and story pages.

Counting happens in the database (``Trunc`` in Berlin time, grouped), so a topic with a large
archive costs two aggregate queries, not a scan in Python. ``charts`` does the drawing maths.
"""

from __future__ import annotations

from datetime import UTC, datetime

from django.db.models import Count, Max, Min, Q, QuerySet
from django.db.models.functions import TruncDay, TruncHour, TruncMonth, TruncWeek
from django.utils import timezone

from meldungen.news.models import Article, ArticleEntity, Entity

from .charts import BERLIN, Chart, bar_chart, buckets, floor, label, pick_unit
from .queries import HIDDEN_STATUSES

TRUNC = {"hour": TruncHour, "day": TruncDay, "week": TruncWeek, "month": TruncMonth}
TOGETHER_PERIODS = 6  # the latest weeks or months shown in "Oft zusammen mit" over time
TOGETHER_PER_PERIOD = 3


def story_members(story_id: str, now: datetime | None = None) -> QuerySet[Article]:
    """Every report of a story readers may see, copies included (as the story page lists)."""
    now = now or timezone.now()
    return (
        Article.objects.filter(story_id=story_id)
        .exclude(pubstatus__in=HIDDEN_STATUSES)
        .filter(Q(embargo__isnull=True) | Q(embargo__lte=now))
    )


def _keyed(value: datetime, unit: str, zone=BERLIN) -> datetime:
    """A truncated value from the database, as the bucket start ``charts.buckets`` makes."""
    if timezone.is_naive(value):  # SQLite without tz support in the driver
        value = timezone.make_aware(value, zone)
    return floor(value, unit)


def _zone(unit: str):
    """Where the database truncates: hours in UTC (Berlin's hours are UTC's, and truncated on
    Berlin's clock the two hours from 2 to 3 o'clock of the night the clocks go back are one),
    days, weeks and months on Berlin's clock."""
    return UTC if unit == "hour" else BERLIN


def time_span(articles: QuerySet[Article]) -> dict:
    """{"first": ..., "last": ...}: the first and last publication time of ``articles`` (None
    when there are none); read once for a page's chart and its "Oft zusammen mit"."""
    return articles.order_by().aggregate(first=Min("published"), last=Max("published"))


def volume_chart(articles: QuerySet[Article], span: dict | None = None) -> Chart | None:
    """Reports per hour, day, week or month (whichever fits), or None when there are none."""
    articles = articles.order_by()
    span = span or time_span(articles)
    if span["first"] is None:
        return None
    unit = pick_unit(span["first"], span["last"])
    starts = buckets(span["first"], span["last"], unit)
    zone = _zone(unit)
    rows = (
        articles.filter(published__gte=starts[0])
        .annotate(bucket=TRUNC[unit]("published", tzinfo=zone))
        .values("bucket")
        .annotate(n=Count("id"))
    )
    # keyed by the instant: Berlin times of one zone object compare by the clock alone, so
    # the two 2 o'clocks of the night the clocks go back would be one key
    counts: dict[datetime, int] = {}
    for row in rows:
        key = _keyed(row["bucket"], unit, zone).astimezone(UTC)
        counts[key] = counts.get(key, 0) + row["n"]
    return bar_chart(starts, [counts.get(s.astimezone(UTC), 0) for s in starts], unit)


def together_counts(articles: QuerySet[Article], entity: Entity, span: dict | None = None) -> dict:
    """The topics most often tagged together with ``entity`` in each of the latest weeks (or
    months, for a topic older than half a year), as entity ids (plain data a cache can keep;
    ``with_entities`` reads them): {"unit": ..., "periods": [(label, [(entity id, count),
    ...]), ...]} newest first, each period's leading candidates; empty periods left out."""
    articles = articles.order_by()
    span = span or time_span(articles)
    if span["first"] is None:
        return {"unit": "", "periods": []}
    unit = "week" if (span["last"] - span["first"]).days <= 183 else "month"
    starts = buckets(span["first"], span["last"], unit)[-TOGETHER_PERIODS:]
    rows = (
        ArticleEntity.objects.filter(
            article__in=articles.filter(published__gte=starts[0]).values("pk"),
            is_tag=True,
            entity__blocked=False,
        )
        .exclude(entity=entity)
        .exclude(entity__merged_into=entity)
        .annotate(bucket=TRUNC[unit]("article__published", tzinfo=BERLIN))
        .values("bucket", "entity")
        .annotate(n=Count("article", distinct=True))
        .order_by()
    )
    per_period: dict[datetime, dict[int, int]] = {}
    for row in rows:
        slot = per_period.setdefault(_keyed(row["bucket"], unit), {})
        slot[row["entity"]] = slot.get(row["entity"], 0) + row["n"]
    periods = []
    for start in reversed(starts):
        found = per_period.get(start, {})
        top = sorted(found.items(), key=lambda kv: -kv[1])[: TOGETHER_PER_PERIOD * 3]
        if top:
            periods.append((label(start, unit), top))
    return {"unit": unit, "periods": periods}


def with_entities(counts: dict) -> dict:
    """``together_counts`` with the entities read now (so a name an editor changed shows as
    changed, and a topic blocked since the counts were made is left out), the first
    TOGETHER_PER_PERIOD of each period by count, then name."""
    ids = {pk for _label, items in counts["periods"] for pk, _n in items}
    entities = {e.pk: e for e in Entity.objects.filter(pk__in=ids, blocked=False)}
    periods = []
    for period, found in counts["periods"]:
        items = [(entities[pk], n) for pk, n in found if pk in entities]
        items.sort(key=lambda en: (-en[1], en[0].display.casefold()))
        if items:
            periods.append((period, items[:TOGETHER_PER_PERIOD]))
    return {"unit": counts["unit"], "periods": periods}
