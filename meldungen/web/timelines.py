"""Volume over time and "Oft zusammen mit" over time, for topic and story pages.

Counting happens in the database (grouped by the bucket each row's time falls in, compared with
the bucket starts in Berlin time), so a topic with a large archive costs two aggregate queries,
not a scan in Python. ``charts`` does the drawing maths.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, Expression, F, IntegerField, Max, Min, Q, QuerySet
from django.utils import timezone

from meldungen.news.models import Article, ArticleEntity, Entity

from .charts import Chart, bar_chart, buckets, label, pick_unit
from .queries import HIDDEN_STATUSES

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


class BucketOf(Expression):
    """Which of ``starts`` a row's ``field`` falls in, as its index (0 for the first): nested
    ``CASE WHEN field < start`` of plain comparisons that the database makes itself, where a
    ``Trunc`` in Berlin time is, on SQLite, a call back into Python for every row (and
    Django's ``Case``/``When`` builds each comparison as a filter: milliseconds for a chart of
    60 bars). The caller keeps rows before ``starts[0]`` out; those after the last start are
    the last bucket's (``starts`` run to the newest row's)."""

    output_field = IntegerField()

    def __init__(self, field: str, starts: list[datetime]):
        super().__init__()
        self.source = F(field)
        self.starts = list(starts)

    def get_source_expressions(self):
        return [self.source]

    def set_source_expressions(self, exprs):
        (self.source,) = exprs

    def as_sql(self, compiler, connection):
        column, params = compiler.compile(self.source)
        adapt = connection.ops.adapt_datetimefield_value

        def split(low: int, high: int) -> tuple[str, list]:
            """Buckets low..high, halved at each CASE: a row meets a handful of comparisons
            (six for 60 bars), not one per bar before its own."""
            if low >= high:
                return str(low), []
            mid = (low + high + 1) // 2  # the upper half's first bucket
            below, below_params = split(low, mid - 1)
            above, above_params = split(mid, high)
            sql = f"CASE WHEN {column} < %s THEN {below} ELSE {above} END"
            return sql, [*params, adapt(self.starts[mid]), *below_params, *above_params]

        return split(0, len(self.starts) - 1)


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
    rows = (
        articles.filter(published__gte=starts[0])
        .annotate(bucket=BucketOf("published", starts))
        .values("bucket")
        .annotate(n=Count("id"))
    )
    counts = [0] * len(starts)
    for row in rows:
        counts[row["bucket"]] += row["n"]
    return bar_chart(starts, counts, unit)


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
    starts = buckets(span["first"], span["last"], unit, keep=TOGETHER_PERIODS)
    rows = (
        ArticleEntity.objects.filter(
            article__in=articles.filter(published__gte=starts[0]).values("pk"),
            is_tag=True,
            entity__blocked=False,
        )
        .exclude(entity=entity)
        .exclude(entity__merged_into=entity)
        .annotate(bucket=BucketOf("article__published", starts))
        .values("bucket", "entity")
        .annotate(n=Count("article", distinct=True))
        .order_by()
    )
    per_period: dict[int, dict[int, int]] = {}
    for row in rows:
        slot = per_period.setdefault(row["bucket"], {})
        slot[row["entity"]] = slot.get(row["entity"], 0) + row["n"]
    periods = []
    for index, start in reversed(list(enumerate(starts))):
        found = per_period.get(index, {})
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
