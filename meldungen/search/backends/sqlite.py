"""SQLite FTS5: the index holds Snowball-stemmed text in three weighted columns, and the
stems of the compounds' parts in a fourth, weighed least ("Atomprogramm" is found by "Atom",
below articles that have the word itself)."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection

from ..text import Query, fts5_expression, indexed_columns
from . import clear_table, scored_rows

TABLE = "search_fts"
# bm25 weights of title, lead, body and compound parts: a match in the headline counts most.
WEIGHTS = (10.0, 4.0, 1.0, 0.5)

CREATE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
    "title, lead, body, parts, tokenize = 'unicode61 remove_diacritics 0')"
)
DROP = f"DROP TABLE IF EXISTS {TABLE}"


def index(rows: Sequence[tuple[int, str, str, str]]) -> None:
    """(Re)index (article id, title, lead, body) rows."""
    with connection.cursor() as cur:
        cur.executemany(f"DELETE FROM {TABLE} WHERE rowid = %s", [(r[0],) for r in rows])
        cur.executemany(
            f"INSERT INTO {TABLE} (rowid, title, lead, body, parts) VALUES (%s, %s, %s, %s, %s)",
            [(i, *indexed_columns(t, lead, b)) for i, t, lead, b in rows],
        )


def remove(article_id: int) -> None:
    with connection.cursor() as cur:
        cur.execute(f"DELETE FROM {TABLE} WHERE rowid = %s", [article_id])


def clear() -> None:
    clear_table(TABLE)


def match(
    query: Query,
    candidates: tuple[str, Sequence],
    *,
    by_date: bool,
    limit: int,
    offset: int = 0,
    count: bool = True,
    hidden: tuple[str, Sequence] | None = None,
    restrict: tuple[str, Sequence] | None = None,
) -> tuple[list[tuple[int, float]], int]:
    """(id, score) of the matching candidates, best (or newest) first, and their number.

    ``candidates`` is SQL selecting ``id, published`` of the articles that may be shown.
    The score is bm25's: lower is better.
    """
    sql, params = candidates
    newest = _published_index() if hidden is not None and by_date else ""
    if hidden is not None and (newest or not by_date):
        return _match_shown(
            query, hidden, restrict, newest, limit=limit, offset=offset, count=count
        )
    order = "c.published DESC, c.id DESC" if by_date else "m.score, c.published DESC, c.id DESC"
    # The MATCH runs first (materialized), then the filters join by primary key: otherwise
    # SQLite may walk a filter's index and probe FTS5 once per article. The window count
    # gives the number of hits in the same pass.
    return _ranked(
        query,
        "c.id",
        f"FROM m JOIN ({sql}) c ON c.id = m.id ORDER BY {order}",
        params,
        limit=limit,
        offset=offset,
        count=count,
    )


def _ranked(
    query: Query,
    column: str,
    rest: str,
    args: Sequence,
    *,
    limit: int,
    offset: int,
    count: bool,
) -> tuple[list[tuple[int, float]], int]:
    """Materialize the matches ``m`` with their bm25 score, then select the ids in ``column``
    with the score and the window count ``rest`` (FROM ... ORDER BY ...) gives, one page."""
    w = ", ".join(str(x) for x in WEIGHTS)
    total_sql = "count(*) OVER ()" if count else "0"
    return scored_rows(
        f"WITH m AS MATERIALIZED (SELECT rowid AS id, bm25({TABLE}, {w}) AS score"
        f" FROM {TABLE} WHERE {TABLE} MATCH %s)"
        f" SELECT {column}, m.score, {total_sql} {rest} LIMIT %s OFFSET %s",
        [fts5_expression(query), *args, limit, offset],
        count=count,
        offset=offset,
    )


def _shown(
    column: str, hidden: tuple[str, Sequence], restrict: tuple[str, Sequence] | None
) -> tuple[str, list]:
    """SQL and parameters keeping the ids in ``column`` that are not hidden and, with
    ``restrict``, that the filters select."""
    where = f"{column} NOT IN ({hidden[0]})"
    args = [*hidden[1]]
    if restrict is not None:
        where += f" AND {column} IN ({restrict[0]})"
        args += restrict[1]
    return where, args


_published_index_name: list[str] = []


def _published_index() -> str:
    """Name of the single-column index on news_article.published ("" when there is none)."""
    if not _published_index_name:
        name = ""
        with connection.cursor() as cur:
            cur.execute("PRAGMA index_list('news_article')")
            for row in cur.fetchall():
                cur.execute(f"PRAGMA index_info('{row[1]}')")
                if [r[2] for r in cur.fetchall()] == ["published"]:
                    name = row[1]
                    break
        _published_index_name.append(name)
    return _published_index_name[0]


def _match_shown(
    query: Query,
    hidden: tuple[str, Sequence],
    restrict: tuple[str, Sequence] | None,
    newest_index: str,
    *,
    limit: int,
    offset: int,
    count: bool,
) -> tuple[list[tuple[int, float]], int]:
    """The matches that are not hidden and, with ``restrict``, that the filters select, both
    by id through indexes, instead of reading every match's (wide) article row.

    Relevance (``newest_index`` ""): rank the matches by bm25. Newest first (``newest_index``
    the published index's name): walk that index backwards and keep the ids that match, which
    stops after one page for common words instead of sorting every match (the number of
    matches is always counted then)."""
    if not newest_index:
        where, args = _shown("m.id", hidden, restrict)
        return _ranked(
            query,
            "m.id",
            f"FROM m WHERE {where} ORDER BY m.score, m.id DESC",
            args,
            limit=limit,
            offset=offset,
            count=count,
        )
    where, args = _shown("a.id", hidden, restrict)
    count_where = where.replace("a.id", "m.id")
    with connection.cursor() as cur:
        cur.execute(
            f"WITH m AS MATERIALIZED (SELECT rowid AS id FROM {TABLE} WHERE {TABLE} MATCH %s)"
            f" SELECT a.id, (SELECT count(*) FROM m WHERE {count_where})"
            f' FROM news_article a INDEXED BY "{newest_index}"'
            f" WHERE a.published IS NOT NULL AND a.id IN (SELECT id FROM m) AND {where}"
            f" ORDER BY a.published DESC, a.id DESC LIMIT %s OFFSET %s",
            [fts5_expression(query), *args, *args, limit, offset],
        )
        fetched = cur.fetchall()
    rows = [(int(i), 0.0) for i, _ in fetched]
    total = int(fetched[0][1]) if fetched else offset
    return rows, total
