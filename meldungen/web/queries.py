"""List queries of the portal: the visible articles (the rule is ``Article.objects.visible()``
in news/visibility.py) and one entry per story."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import connections
from django.db.models import Exists, OuterRef, Q, QuerySet

from meldungen.news.models import Article
from meldungen.news.storyinfo import story_label, with_story_info
from meldungen.news.visibility import HIDDEN_STATUSES, listed_languages

__all__ = [
    "HIDDEN_STATUSES",
    "Statement",
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


@dataclass(frozen=True)
class Statement:
    """A query's SQL built once with stand-in values and run with real ones: building the SQL
    of a list costs Django more than the database takes to answer it. ``slots``: for each
    parameter, the role of the stand-in it holds (None: the parameter itself)."""

    sql: str
    params: tuple
    slots: tuple

    @classmethod
    def build(cls, query, db: str, stand_ins: Mapping[object, Hashable]) -> Statement | None:
        """``query`` (a ``Query``) compiled for ``db``, each parameter equal to a key of
        ``stand_ins`` (values no row holds) marked with its role; None when a stand-in went
        into the SQL text instead of a parameter of its own."""
        sql, params = query.get_compiler(db).as_sql()
        if any(str(value) in sql for value in stand_ins):
            return None
        slots = tuple(
            stand_ins.get(p) if isinstance(p, (str, int, datetime)) else None for p in params
        )
        return cls(sql, tuple(params), slots)

    def run(self, db: str, values: Mapping[Hashable, object]) -> list[tuple]:
        """The rows of the statement with each role's value from ``values``."""
        filled = [
            p if r is None else values[r] for p, r in zip(self.params, self.slots, strict=True)
        ]
        with connections[db].cursor() as cursor:
            cursor.execute(self.sql, filled)
            return cursor.fetchall()


# A value no field holds: stands for the value of ``first_of_each``'s statement, built once.
_EACH = "\uffff meldungen: each value \uffff"


def first_of_each(
    qs: QuerySet[Article], field: str, values: Sequence[str], limit: int
) -> dict[str, list[Article]]:
    """The first ``limit`` rows of ``qs`` (in its order) whose ``field`` is each of ``values``.

    As ``qs.filter(field=value)[:limit]`` for each value, but Django builds the statement once
    (``Statement``) and runs it for each value, then reads the rows of all in one query:
    building the SQL of a list (the visibility rule, one entry per story) costs Django about
    ten times what SQLite takes to answer it, and home asks it once per Ressort."""
    values = list(dict.fromkeys(values))
    if not values:
        return {}
    one = qs.filter(**{field: _EACH}).values_list("pk", flat=True)[:limit]
    statement = Statement.build(one.query, qs.db, {_EACH: "each"})
    ids: dict[str, list[int]] = {}
    if statement is None or statement.slots.count("each") != 1:  # never seen: one query each
        for value in values:
            ids[value] = list(qs.filter(**{field: value}).values_list("pk", flat=True)[:limit])
    else:
        for value in values:
            ids[value] = [row[0] for row in statement.run(qs.db, {"each": value})]
    wanted = [pk for group in ids.values() for pk in group]
    rows = {a.pk: a for a in qs.order_by().filter(pk__in=wanted)} if wanted else {}
    return {value: [rows[pk] for pk in ids[value] if pk in rows] for value in values}
