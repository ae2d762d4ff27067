"""List queries of the portal: the visible articles (the rule is ``Article.objects.visible()``
in news/visibility.py) and one entry per story."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.db import connections
from django.db.models import Exists, OuterRef, Q, QuerySet

from meldungen.news.models import Article
from meldungen.news.storyinfo import story_label, with_story_info
from meldungen.news.visibility import HIDDEN_STATUSES, listed_languages

__all__ = [
    "HIDDEN_STATUSES",
    "first_of_each",
    "listed_languages",
    "story_label",
    "story_leads",
    "visible_articles",
    "with_story_info",
]


def visible_articles(now: datetime | None = None) -> QuerySet[Article]:
    """The articles readers may see (``Article.objects.visible``, news/visibility.py)."""
    return Article.objects.visible(now)


def story_leads(qs: QuerySet[Article]) -> QuerySet[Article]:
    """One entry per story of the list ``qs``: the story's newest article in ``qs`` (ties: the
    higher id). An article without a story is its own. A NOT EXISTS over the story's other
    members in the same list, so ordering, slicing and pagination stay those of ``qs`` and it
    runs as one query on SQLite and PostgreSQL (story_id is indexed). A correction is no
    exception: a wire's corrected version or a re-sent "(Berichtigung: …)" carries the right
    text, and the report it corrects the wrong one."""
    newer = (
        qs.order_by()
        .filter(story_id=OuterRef("story_id"))
        .filter(
            Q(published__gt=OuterRef("published"))
            | Q(published=OuterRef("published"), pk__gt=OuterRef("pk"))
        )
    )
    return qs.filter(~Exists(newer.values("pk")))


# A value no field holds: stands for the value of ``first_of_each``'s statement, built once.
_EACH = "\uffff meldungen: each value \uffff"


def first_of_each(
    qs: QuerySet[Article], field: str, values: Sequence[str], limit: int
) -> dict[str, list[Article]]:
    """The first ``limit`` rows of ``qs`` (in its order) whose ``field`` is each of ``values``.

    As ``qs.filter(field=value)[:limit]`` for each value, but Django builds the statement once
    and runs it for each value, then reads the rows of all in one query: building the SQL of a
    list (the visibility rule, one entry per story) costs Django about ten times what SQLite
    takes to answer it, and home asks it once per Ressort."""
    values = list(dict.fromkeys(values))
    if not values:
        return {}
    one = qs.filter(**{field: _EACH}).values_list("pk", flat=True)[:limit]
    sql, params = one.query.sql_with_params()
    at = [i for i, p in enumerate(params) if p == _EACH]
    ids: dict[str, list[int]] = {}
    if len(at) != 1:  # not one place to put the value (never seen): one query each
        for value in values:
            ids[value] = list(qs.filter(**{field: value}).values_list("pk", flat=True)[:limit])
    else:
        with connections[qs.db].cursor() as cursor:
            for value in values:
                cursor.execute(sql, [value if i == at[0] else p for i, p in enumerate(params)])
                ids[value] = [row[0] for row in cursor.fetchall()]
    wanted = [pk for group in ids.values() for pk in group]
    rows = {a.pk: a for a in qs.order_by().filter(pk__in=wanted)} if wanted else {}
    return {value: [rows[pk] for pk in ids[value] if pk in rows] for value in values}
