"""PostgreSQL full-text search with a GIN index over the same stems as SQLite's index.

The text is cut and stemmed by search/text.py (PyStemmer's Snowball German, the function words
left out) and handed to PostgreSQL as those stems, with the `simple` configuration, which only
lower-cases; the queries likewise. PostgreSQL's own `german` configuration would find other
articles than SQLite for the same words: its parser reads "CDU/CSU", URLs, dates and "COVID-19"
as tokens of their own where a query has words, its function word list drops nouns ("Weg") and
its older Snowball German keeps "-in", "-et" and "ue" for "ü" ("Ministerin" is no "Minister",
"Gruene" no "Grüne"). The parts of German compounds (search.compounds) are indexed too, with the
least weight."""

from __future__ import annotations

import json
from collections.abc import Sequence

from django.db import connection

from ..text import Clause, Query, indexed_columns
from . import clear_table, scored_rows

TABLE = "search_document"

CREATE = [
    f"CREATE TABLE IF NOT EXISTS {TABLE} ("
    # No foreign key: a flush (TRUNCATE news_article) must not need this table; searches
    # join with the articles, so a stale row is never shown.
    " article_id bigint PRIMARY KEY,"
    " document tsvector NOT NULL)",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_gin ON {TABLE} USING GIN (document)",
]
DROP = [f"DROP TABLE IF EXISTS {TABLE}"]
# Matches ranked per query, newest first (see newest_matches). bench/search_rank.py weighs it:
# at 1,000,000 articles, 500 shares 76 % of page 1 and its first story 91 % of the time with
# 2,000, in about half the time; docs/benchmarks.md has the figures.
MAX_RANKED = 500
FIRST_WINDOW = 2_000  # the fewest newest ids searched first (see newest_matches)
DENSE = 0.1  # a query matching this share of the documents or more walks them newest first

_DOCUMENT = (
    "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B')"
    " || setweight(to_tsvector('simple', %s), 'C')"
    " || setweight(to_tsvector('simple', %s), 'D')"  # the compounds' parts weigh least
)


def index(rows: Sequence[tuple[int, str, str, str]]) -> None:
    """(Re)index (article id, title, lead, body) rows."""
    with connection.cursor() as cur:
        cur.executemany(
            f"INSERT INTO {TABLE} (article_id, document) VALUES (%s, {_DOCUMENT})"
            " ON CONFLICT (article_id) DO UPDATE SET document = EXCLUDED.document",
            [(i, *indexed_columns(t, lead, b)) for i, t, lead, b in rows],
        )


def remove(article_id: int) -> None:
    with connection.cursor() as cur:
        cur.execute(f"DELETE FROM {TABLE} WHERE article_id = %s", [article_id])


def clear() -> None:
    clear_table(TABLE)


def tsquery(query: Query) -> tuple[str, list[str]]:
    """The query as a tsquery expression over the stems (the function words left out, as in
    the indexed text: a phrase's words are neighbours there too)."""
    params: list[str] = []

    def clause(c: Clause) -> str:
        parts = []
        for alt in c.alternatives:
            if alt.prefix:  # stems are \w+ only: no tsquery operators can get in
                params.append(" <-> ".join(alt.stems) + ":*")
                parts.append("to_tsquery('simple', %s)")
            else:
                params.append(" ".join(alt.stems))
                parts.append("phraseto_tsquery('simple', %s)")
        return "(" + " || ".join(parts) + ")"

    # A clause twice ("Steuer Steuer") is asked once: the planner would take the words for
    # unrelated and expect a tiny share of matches (see newest_matches).
    positive, seen = [], set()
    for c in query.positive:
        key = tuple((a.stems, a.prefix) for a in c.alternatives)
        if key not in seen:
            seen.add(key)
            positive.append(c)
    expr = " && ".join(clause(c) for c in positive)
    for c in query.negative:
        expr = f"{expr} && !!{clause(c)}"
    return expr, params


def newest_matches(
    expr: str,
    qparams: list[str],
    restrict: tuple[str, Sequence] | None = None,
    limit: int | None = None,
    clauses: Sequence[tuple[str, list[str]]] = (),
) -> list[int]:
    """Ids of the newest ``limit`` (MAX_RANKED) documents matching ``expr``, newest first.

    Only these are ranked: a common word matches a third of a big archive, and ranking all of
    them costs seconds. Finding them is asked of windows of the newest ids, widened until one
    holds MAX_RANKED matches or covers every id: within a window PostgreSQL combines the GIN
    index with the primary key's range (a BitmapAnd) and reads only the window's matches,
    where one query over the whole table reads either every match of a word or, newest first,
    every document until enough match (48,000 documents for a word in 4 % of 1,000,000).
    The newest matches in a window that holds enough are the newest of all, so the answer is
    the same as that one query's. The first window is sized from the planner's estimates
    (``_estimate``) of the matches of each of the query's ``clauses`` (tsquery expression,
    parameters; default: the whole query): a window too narrow costs one more query, one too
    wide reads every match it holds from the table, so the least selective clause's estimate
    is taken (the planner's estimate of words together assumes they are unrelated, and
    "Preise Polizei" match 200 times more often than it expects).

    ``restrict`` (SQL selecting article ids, and its parameters) keeps only the ids it selects:
    the filters of a search (Ressort, tag, source, days) and a caller's own set, so that a
    filtered search ranks the newest matches that pass its filters, not those of everything."""
    limit = limit or MAX_RANKED
    where, rparams = "", []
    if restrict is not None:
        where, rparams = f" AND article_id IN ({restrict[0]})", list(restrict[1])
    with connection.cursor() as cur:
        cur.execute(f"SELECT max(article_id) FROM {TABLE}")
        top = cur.fetchone()[0]
        if top is None:
            return []
        whole = _estimate(cur, f"document @@ ({expr}){where}", [*qparams, *rparams])
        each = [  # one clause: the whole query's estimate is its own
            _estimate(cur, f"document @@ ({e}){where}", [*p, *rparams]) for e, p in clauses
        ] if len(clauses) > 1 else []  # fmt: skip
        window = max(FIRST_WINDOW, int(top * limit * 1.5 / max(whole, *each, 1)))
        # A word in a tenth of the documents or more: the newest documents are read in the
        # primary key's order until enough match (for a quarter, about four per match), where
        # the GIN index would first collect every match ("IS TRUE" keeps it out of the plan).
        match = (
            f"(document @@ ({expr})) IS TRUE" if whole >= DENSE * top else f"document @@ ({expr})"
        )
        while True:
            low = top - window
            cur.execute(
                f"SELECT article_id FROM {TABLE} WHERE {match} AND article_id > %s"
                f"{where} ORDER BY article_id DESC LIMIT %s",
                [*qparams, low, *rparams, limit],
            )
            ids = [row[0] for row in cur.fetchall()]
            if len(ids) >= limit or low <= 0:
                return ids
            # the next window should hold enough at the rate seen so far (at least 4x wider)
            wanted = int(window * limit * 1.5 / len(ids)) if ids else 0
            window = max(window * 4, wanted)


def _estimate(cur, condition: str, params: list) -> float:
    """The planner's estimate of the documents matching ``condition`` (its statistics of the
    document column know each word's share)."""
    cur.execute(f"EXPLAIN (FORMAT JSON) SELECT article_id FROM {TABLE} WHERE {condition}", params)
    plan = cur.fetchone()[0]
    return (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]["Plan Rows"]


def match(
    query: Query,
    candidates: tuple[str, Sequence],
    *,
    by_date: bool,
    limit: int,
    offset: int = 0,
    count: bool = True,
    hidden: tuple[str, Sequence] | None = None,  # used by SQLite only
    restrict: tuple[str, Sequence] | None = None,  # the ids the filters allow (newest_matches)
) -> tuple[list[tuple[int, float]], int]:
    """(id, score) of the matching candidates, best (or newest) first, and their number.

    The score is ts_rank_cd's negated, so that lower is better as with bm25.
    """
    sql, params = candidates
    expr, qparams = tsquery(query)
    order = "c.published DESC, c.id DESC" if by_date else "score, c.published DESC, c.id DESC"
    total_sql = "count(*) OVER ()" if count else "0"
    clauses = [tsquery(Query(query.raw, [c])) for c in query.positive]
    newest = newest_matches(expr, qparams, restrict, MAX_RANKED + 1, clauses)  # one to tell
    query.capped = len(newest) > MAX_RANKED
    newest = newest[:MAX_RANKED]
    return scored_rows(
        f"WITH m AS (SELECT unnest(%s::bigint[]) AS article_id)"
        f" SELECT c.id, -ts_rank_cd(d.document, ({expr})) AS score, {total_sql}"
        f" FROM m JOIN {TABLE} d ON d.article_id = m.article_id"
        f" JOIN ({sql}) c ON c.id = m.article_id"
        f" ORDER BY {order} LIMIT %s OFFSET %s",
        [newest, *qparams, *params, limit, offset],
        count=count,
        offset=offset,
    )
