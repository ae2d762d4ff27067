"""Searching: filters, the backend's ranking, one result per story, highlighted snippets."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.utils import timezone

from meldungen.news.models import Article, ArticleEntity, Entity
from meldungen.news.storyinfo import with_story_info
from meldungen.news.topics import resolve
from meldungen.news.visibility import HIDDEN_STATUSES, listed_languages, story_reports_q
from meldungen.text import html_to_text, slug

from .backends import backend
from .text import Query, highlight, parse_query, snippet

SORTS = ("relevance", "date")
SORT_ALIASES = {"datum": "date", "neueste": "date", "relevanz": "relevance"}  # German links


@dataclass
class SearchParams:
    """What the reader asked for; every field is optional except the query for a search."""

    q: str = ""
    ressort: str = ""  # Ressort name or its slug
    tag: str = ""  # entity slug
    source: int | None = None  # Source id
    since: datetime | None = None
    until: datetime | None = None
    sort: str = "relevance"


@dataclass
class Hit:
    article: Article
    score: float
    headline_html: str
    snippet_html: str
    others: list[Article] = field(default_factory=list)  # "weitere Quellen" of the same story


@dataclass
class SearchResult:
    query: Query
    hits: list[Hit]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _clean(value: str | None, limit: int = 300) -> str:
    return _CONTROL.sub("", value or "").strip()[:limit]


# Days outside these bounds limit nothing (no article is that old or new) and would overflow
# datetime arithmetic and time-zone conversion at the calendar's ends: they are ignored.
_FIRST_DAY, _LAST_DAY = date(1000, 1, 1), date(9998, 12, 31)


def _day(value: str) -> date | None:
    try:
        day = date.fromisoformat(_clean(value, 10))
    except ValueError:
        return None
    return day if _FIRST_DAY <= day <= _LAST_DAY else None


def params_from_request(get: Mapping[str, str]) -> SearchParams:
    """Search parameters from a query string: q, ressort, thema, quelle, von, bis, sort.

    ``von``/``bis`` are days (YYYY-MM-DD) in the portal's time zone, both included; values
    that cannot be read are ignored rather than failing the page.
    """
    tz = timezone.get_default_timezone()
    since, until = _day(get.get("von", "")), _day(get.get("bis", ""))
    source = _clean(get.get("quelle", ""), 12)
    sort = _clean(get.get("sort", ""), 20).lower()
    sort = SORT_ALIASES.get(sort, sort)
    return SearchParams(
        q=_clean(get.get("q", ""), 500),
        ressort=_clean(get.get("ressort", "")),
        tag=_clean(get.get("thema", "")),
        source=int(source) if source.isdigit() else None,
        since=datetime.combine(since, time.min, tzinfo=tz) if since else None,
        until=datetime.combine(until + timedelta(days=1), time.min, tzinfo=tz) if until else None,
        sort=sort if sort in SORTS else "relevance",
    )


def ressort_name(value: str) -> str | None:
    """The Ressort called ``value`` or whose slug is ``value`` (None when there is none)."""

    def find(names: list[str]) -> str | None:
        return next((n for n in names if value in (n, slug(n))), None)

    names = cache.get("search_ressort_names")
    if names is not None and (found := find(names)):
        return found
    # A DISTINCT over all articles: cached, and redone when a name is not (yet) in the cache.
    qs = Article.objects.exclude(ressort="").order_by().values_list("ressort", flat=True)
    names = list(qs.distinct())
    cache.set("search_ressort_names", names, 300)
    return find(names)


def tag_entity_ids(slug: str) -> list[int]:
    """The entity with ``slug`` (following merges) and every entity merged into it."""
    entity = Entity.objects.filter(slug=slug).first()
    if entity is None:
        return []
    entity = resolve(entity)  # bounded: an editor's merges may make a circle
    return [entity.pk, *Entity.objects.filter(merged_into=entity).values_list("pk", flat=True)]


def filtered(params: SearchParams, base: QuerySet[Article] | None = None) -> QuerySet[Article]:
    """The visible articles (one per story) that pass the filters, newest first.

    An unknown Ressort or tag matches nothing rather than everything.
    """
    qs = Article.objects.visible() if base is None else base
    if params.ressort:
        name = ressort_name(params.ressort)
        qs = qs.filter(ressort=name) if name else qs.filter(pk__lt=0)
    if params.tag:
        ids = tag_entity_ids(params.tag)
        # Every article linked to the entity, as the tag page lists them.
        links = ArticleEntity.objects.filter(entity_id__in=ids).values("article_id")
        qs = qs.filter(pk__in=links) if ids else qs.filter(pk__lt=0)
    if params.source is not None:
        qs = qs.filter(source_id=params.source)
    if params.since is not None:
        qs = qs.filter(published__gte=params.since)
    if params.until is not None:
        qs = qs.filter(published__lt=params.until)
    return qs


def candidates_sql(qs: QuerySet[Article]) -> tuple[str, tuple]:
    """SQL selecting ``id, published`` of the queryset's articles, for the backends to join."""
    inner = qs.order_by().values_list("id", "published")
    sql, params = inner.query.sql_with_params()
    return sql, tuple(params)


def match_ids(
    params: SearchParams,
    *,
    limit: int,
    offset: int = 0,
    count: bool = True,
    base: QuerySet[Article] | None = None,
) -> tuple[Query, list[tuple[int, float]], int]:
    """The parsed query, (article id, score) best first (or newest), and the number of hits."""
    query = parse_query(params.q)
    if query.is_empty:
        return query, [], 0
    by_date = params.sort == "date"
    fast = base is None  # select by ids rather than joining every match (see SQLite backend)
    has_filters = bool(
        params.ressort or params.tag or params.source is not None or params.since or params.until
    )
    restrict = None
    if has_filters or not fast:
        # The ids the filters (and a caller's base) allow: SQLite joins them in its fast path,
        # PostgreSQL looks for its newest matches among them only (backends/postgres.py).
        only = filtered(params, (Article.objects if fast else base).order_by()).values_list("id")
        sql, sql_params = only.query.sql_with_params()
        restrict = (sql, tuple(sql_params))
    rows, total = backend().match(
        query,
        candidates_sql(filtered(params, base)),
        by_date=by_date,
        limit=limit,
        offset=offset,
        count=count,
        hidden=hidden_sql() if fast else None,
        restrict=restrict,
    )
    return query, rows, total


def hidden_sql(now: datetime | None = None) -> tuple[str, tuple]:
    """SQL selecting the ids of articles never shown in results (the complement of
    Article.objects.visible(): copies, withdrawn, under embargo); few, and found through indexes."""
    now = now or timezone.now()
    ids = Article.objects.order_by().values_list("id")
    # A UNION of three index searches: SQLite reads an OR of them as a full table scan.
    qs = ids.filter(duplicate_of__isnull=False).union(
        ids.filter(pubstatus__in=HIDDEN_STATUSES),
        ids.filter(embargo__gt=now),
        ids.exclude(kind="news"),  # service traffic (ingest/kind.py)
        ids.exclude(language__in=listed_languages()),
        all=True,
    )
    sql, params = qs.query.sql_with_params()
    return sql, tuple(params)


def fold_stories(
    articles: list[Article], now: datetime | None = None, *, links_only: bool = False
) -> dict[int, list[Article]]:
    """Other reports of each article's story, keyed by article id ("weitere Quellen"):
    its copies (``duplicate_of``) and the other visible articles of its story.

    The one place that decides what a story is for search, feeds and the API. ``links_only``:
    the others are shown as links (search results), so their bodies are not read.
    """
    now = now or timezone.now()
    others: dict[int, list[Article]] = {a.pk: [] for a in articles}
    by_story: dict[str, int] = {}
    for a in articles:
        if getattr(a, "story_id", None):
            by_story.setdefault(a.story_id, a.pk)
    # The stories' members first, then one query of conditions that each have an index (an
    # OR with a join to duplicate_of reads the whole table on PostgreSQL).
    story_of = dict(
        Article.objects.filter(story_id__in=list(by_story)).values_list("id", "story_id")
        if by_story
        else []
    )
    related = Q(duplicate_of_id__in=list(others) + list(story_of))
    if by_story:
        related |= Q(story_id__in=list(by_story))
    copies = (
        Article.objects.filter(related)
        .exclude(pk__in=list(others))
        # news in the portal's languages, not withdrawn (the family goes together)
        .filter(story_reports_q(now))
        .select_related("source")
        .order_by("published", "id")
    )
    if links_only:
        copies = copies.defer("body")
    for copy in copies:
        target = copy.duplicate_of_id if copy.duplicate_of_id in others else None
        original_story = story_of.get(copy.duplicate_of_id)
        target = target or by_story.get(copy.story_id) or by_story.get(original_story)
        if target is not None:
            others[target].append(copy)
    return others


def one_per_story(articles: list[Article]) -> list[Article]:
    """The best-ranked article of each story, in rank order (the rest fold into it)."""
    seen: set[str] = set()
    kept = []
    for a in articles:
        key = f"s:{a.story_id}" if getattr(a, "story_id", None) else f"a:{a.pk}"
        if key not in seen:
            seen.add(key)
            kept.append(a)
    return kept


MAX_FOLD_ROWS = 2000  # matches read to fold a page's stories; deeper pages fold approximately


def story_rows(
    params: SearchParams, *, limit: int, offset: int = 0
) -> tuple[Query, list[tuple[int, float]], int]:
    """Like ``match_ids``, but one row per story across pages: the matches are read from the
    top and folded (each story's best-ranked article), then the page's slice is taken. The
    total counts stories when every match was read, else matches less the folded ones seen."""
    want = offset + limit
    fetch = min(MAX_FOLD_ROWS, max(2 * want, 50))
    while True:
        query, rows, total = match_ids(params, limit=fetch, count=True)
        ids = [i for i, _ in rows]
        stories = dict(Article.objects.filter(pk__in=ids).values_list("pk", "story_id"))
        seen: set[str] = set()
        folded = []
        for i, score in rows:
            key = f"s:{stories[i]}" if stories.get(i) else f"a:{i}"
            if key not in seen:
                seen.add(key)
                folded.append((i, score))
        complete = len(rows) < fetch
        if complete or len(folded) >= want or fetch >= MAX_FOLD_ROWS:
            break
        fetch = min(MAX_FOLD_ROWS, fetch * 2)
    total = len(folded) if complete else max(len(folded), total - (len(rows) - len(folded)))
    return query, folded[offset:want], total


def _snippet_text(article: Article) -> str:
    """Teaser and body as plain text, the teaser once when the body begins with it (a feed's
    description is often both)."""
    body = html_to_text(article.body).strip()
    teaser = article.teaser.strip()
    if not teaser or " ".join(body.split()).startswith(" ".join(teaser.split())):
        return body
    return f"{teaser}\n{body}".strip()


def search(params: SearchParams, page: int = 1, per_page: int = 20) -> SearchResult:
    """One page of results: one hit per story, headline and snippet highlighted."""
    page = max(1, page)
    query, rows, total = story_rows(params, limit=per_page, offset=(page - 1) * per_page)
    by_id = Article.objects.select_related("source").in_bulk([i for i, _ in rows])
    articles = with_story_info(one_per_story([by_id[i] for i, _ in rows if i in by_id]))
    scores = dict(rows)
    others = fold_stories(articles, links_only=True)
    marks = query.highlight_stems()
    hits = [
        Hit(
            article=a,
            score=scores[a.pk],
            headline_html=highlight(a.headline, marks),
            snippet_html=snippet(_snippet_text(a), marks),
            others=others[a.pk],
        )
        for a in articles
    ]
    return SearchResult(query=query, hits=hits, total=total, page=page, per_page=per_page)
