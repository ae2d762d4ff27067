"""The JSON API: articles, tags, stories, sources, and POST /api/ingest.

Read endpoints are public and show only what the portal shows; the ingest endpoint takes a
Bearer token issued in the admin. OpenAPI at /api/openapi.json, interactive docs at /api/docs.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections import defaultdict
from datetime import UTC, datetime

from django.db.models import Count, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import NinjaAPI, Path, Query, Status
from ninja.errors import HttpError

from meldungen.ingest.draft import ArticleDraft
from meldungen.ingest.urls import safe_http_url
from meldungen.news.models import Article, ArticleEntity, Entity, Source, Story, owner_key
from meldungen.news.topics import resolve
from meldungen.news.visibility import reports_q, story_reports_q, unseen_tags, visible_q
from meldungen.search.service import SearchParams, fold_stories
from meldungen.search.text import parse_query

from . import tag_counts
from .auth import TokenAuth
from .paging import listed_page
from .schemas import (
    ArticleDetail,
    ArticlePage,
    EntityOut,
    IngestOut,
    Message,
    SourceOut,
    StoryDetail,
    StoryOut,
    TagStats,
    ValidationErrorOut,
)

api = NinjaAPI(
    title="Meldungen API",
    version="1.0",
    description=(
        "Articles, tags and sources of this Meldungen portal. Lists are newest first and paged "
        "with an opaque `cursor`; times are UTC (ISO 8601). `POST /api/ingest` accepts the same "
        "documents as `meldungen ingest` (dpa-digitalwires or ninjs JSON, NewsML-G2, RSS/Atom, "
        "HTML) with a Bearer token from the admin."
    ),
    urls_namespace="api",
)

MAX_ID = 2**63 - 1  # larger ids cannot be database keys
# Why a `q` searches nothing (search.text.Query.empty_reason, which the search page tells
# readers in German): the 400 answer's words.
UNUSABLE_Q = {
    "only_excluded": "it only excludes words (-word): give at least one word to search for",
    "no_word": "it has no word to search for: punctuation and symbols alone are not searched",
    "only_function_words": (
        'its words are too common to be searched ("und", "der"): give a more specific word'
    ),
}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean(value: str | None) -> str:
    """A query string parameter without control characters (PostgreSQL rejects NUL)."""
    return _CONTROL.sub("", value or "").strip()


def aware(value: datetime | None) -> datetime | None:
    """A query time in UTC (a naive time is taken as UTC). Python accepts UTC offsets up to
    23:59 but PostgreSQL only up to 15:59, so the offset is resolved here; a time that leaves
    the representable range in UTC (year 9999 at -05:00) is clamped to its end."""
    if value is None:
        return None
    if timezone.is_naive(value):
        return value.replace(tzinfo=UTC)
    try:
        return value.astimezone(UTC)
    except OverflowError:
        return (datetime.max if value.year > 1 else datetime.min).replace(tzinfo=UTC)


def encode_cursor(article: Article) -> str:
    raw = f"{article.published.astimezone(UTC).isoformat()}|{article.pk}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        when, pk = raw.rsplit("|", 1)
        published = datetime.fromisoformat(when)
        if timezone.is_naive(published):
            raise ValueError("naive time")
        return aware(published), int(pk)
    except (ValueError, UnicodeDecodeError, binascii.Error) as exc:
        raise HttpError(400, "invalid cursor: pass next_cursor from the previous page") from exc


def tags_by_article(ids: list[int]) -> dict[int, list[Entity]]:
    out: dict[int, list[Entity]] = defaultdict(list)
    links = (
        ArticleEntity.objects.filter(article_id__in=ids, is_tag=True, entity__blocked=False)
        .select_related("entity")
        .order_by("article_id", "rank")
    )
    for link in links:
        out[link.article_id].append(link.entity)
    return out


def article_out(request: HttpRequest, a: Article, tags: list[Entity]) -> dict:
    return {
        "id": a.pk,
        "url": request.build_absolute_uri(a.get_absolute_url()),
        "original_url": safe_http_url(a.url),
        "guid": a.guid,
        "version": a.version,
        "kicker": a.kicker,
        "headline": a.headline,
        "teaser": a.teaser,
        "published": a.published,
        "updated": a.updated,
        "ressort": a.ressort,
        "source": {"id": a.source.pk, "name": a.source.name} if a.source_id else None,
        "source_name": a.source_name,
        "full_text": a.full_text,
        "story_id": getattr(a, "story_id", None),
        "tags": [tag_out(e) for e in tags],
    }


def tag_out(e: Entity) -> dict:
    return {"slug": e.slug, "display": e.display, "name": e.name, "type": e.type}


def articles_out(request: HttpRequest, articles: list[Article]) -> list[dict]:
    tags = tags_by_article([a.pk for a in articles])
    return [article_out(request, a, tags.get(a.pk, [])) for a in articles]


@api.get(
    "/articles",
    response={200: ArticlePage, 400: Message, 422: ValidationErrorOut},
    tags=["articles"],
)
def list_articles(
    request: HttpRequest,
    ressort: str = Query("", description="Ressort name or slug, e.g. `politik`"),
    tag: str = Query("", description="Tag (entity) slug, e.g. `wladimir-putin`"),
    source: int | None = Query(None, ge=1, le=MAX_ID, description="Source id (/api/sources)"),
    # ninja declares parameters through default values (B008 does not apply)
    since: datetime | None = Query(None, description="Published at or after (ISO 8601)"),  # noqa: B008
    until: datetime | None = Query(None, description="Published before (ISO 8601)"),  # noqa: B008
    story: str = Query("", description="Story id (story_id of an article)"),
    q: str = Query(
        "",
        description='Full-text query: words, "phrases", -excluded, OR. A query that searches '
        "nothing (only -excluded words, no word, only words like `und`) is answered 400.",
    ),
    cursor: str = Query("", description="next_cursor of the previous page"),
    limit: int = Query(20, ge=1, le=100),
) -> dict:
    """Visible articles, one per story, newest first; filters combine with AND. 400 for an
    invalid `cursor` and for a `q` that searches nothing, naming why."""
    if (text := clean(q)) and (reason := parse_query(text).empty_reason()):
        return Status(400, {"detail": f"q searches nothing: {UNUSABLE_Q[reason]}"})
    params = SearchParams(
        q=clean(q),
        ressort=clean(ressort),
        tag=clean(tag),
        source=source,
        since=aware(since),
        until=aware(until),
        sort="date",
    )
    base = Article.objects.visible()
    if story := clean(story):
        base = base.filter(story_id=story)
    position = decode_cursor(cursor) if (cursor := clean(cursor)) else None
    # one entry per story, except in a story's own list
    page = listed_page(params, base, position, limit, fold=not story)
    more = len(page) > limit
    page = page[:limit]
    return {
        "items": articles_out(request, page),
        "next_cursor": encode_cursor(page[-1]) if more and page else None,
    }


def _related(article: Article) -> list[Article]:
    try:
        from meldungen.web.related import related_for
    except ImportError:  # the portal's helper is optional for the API
        return []
    return list(related_for(article, full=True))


@api.get(
    "/articles/{article_id}",
    response={200: ArticleDetail, 404: Message, 410: Message, 422: ValidationErrorOut},
    tags=["articles"],
)
def get_article(request: HttpRequest, article_id: int = Path(..., ge=1, le=MAX_ID)):
    """One article with its entities, related articles and the other sources of its story."""
    article = Article.objects.select_related("source").filter(pk=article_id).first()
    if article is None or not article.is_visible():
        if article is not None and article.family_withdrawn:
            return Status(410, {"detail": "article withdrawn"})
        return Status(404, {"detail": "no such article"})
    data = article_out(request, article, article.tags())
    links = (
        ArticleEntity.objects.filter(article=article, entity__blocked=False)
        .select_related("entity")
        .order_by("-is_tag", "rank", "-salience")
    )
    original = article.duplicate_of or article
    story = [original, *fold_stories([original])[original.pk]]
    data.update(
        body=article.body if article.full_text else "",
        byline=article.byline,
        dateline=article.dateline,
        credit=article.credit,
        copyright=article.copyright,
        picture=(
            {
                "url": article.picture_url,
                "caption": article.picture_caption,
                "credit": article.picture_credit,
                "width": article.picture_width,
                "height": article.picture_height,
            }
            if article.picture_url
            else None
        ),
        entities=[
            EntityOut(
                slug=link.entity.slug,
                display=link.entity.display,
                name=link.entity.name,
                type=link.entity.type,
                salience=link.salience,
                mentions=link.mentions,
                is_tag=link.is_tag,
            )
            for link in links
        ],
        related=articles_out(request, _related(article)),
        other_sources=articles_out(request, [a for a in story if a.pk != article.pk]),
    )
    return Status(200, data)


@api.get("/tags", response={200: list[TagStats], 422: ValidationErrorOut}, tags=["tags"])
def list_tags(
    request: HttpRequest,
    type: str = Query("", description="PER, LOC, ORG, MISC or KW"),
    q: str = Query("", description="Name starts with (case-insensitive)"),
    limit: int = Query(100, ge=1, le=1000),
    offset: int = Query(0, ge=0, le=1_000_000),
) -> list[dict]:
    """Tags (entities) by the number of reports tagged with them that readers can reach (a
    copy from another source counts; withdrawn and foreign items and service traffic do not),
    most used first; blocked and merged ones left out, and so are those of no article readers
    can see (a page without news)."""
    tagged = Q(article_links__is_tag=True) & reports_q("article_links__article__")
    qs = (
        Entity.objects.filter(blocked=False, merged_into__isnull=True)
        .annotate(n=Count("article_links", filter=tagged))
        .filter(n__gt=0)
        .exclude(pk__in=unseen_tags())
    )
    if type := clean(type):
        qs = qs.filter(type=type.upper())
    if q := clean(q):
        qs = qs.filter(Q(display__istartswith=q) | Q(name__istartswith=q))
    qs = qs.order_by("-n", "display", "pk")[offset : offset + limit]
    rows = tag_counts.cached(
        (type, q, limit, offset),
        lambda: [(tag_out(e), e.n, e.get_absolute_url()) for e in qs],
    )
    return [
        {**tag, "article_count": n, "url": request.build_absolute_uri(url)} for tag, n, url in rows
    ]


@api.get("/tags/{slug}", response={200: TagStats, 404: Message}, tags=["tags"])
def get_tag(request: HttpRequest, slug: str):
    """One tag, with the count the list gives it; a merged tag answers with the tag it was
    merged into. A tag that no article readers can see carries (its topic page would show no
    news) answers 404."""
    entity = Entity.objects.filter(slug=clean(slug), blocked=False).first()
    entity = resolve(entity) if entity is not None else None  # bounded against circles
    if entity is None or entity.blocked:
        return Status(404, {"detail": "no such tag"})
    links = ArticleEntity.objects.filter(entity=entity, is_tag=True)
    if not links.filter(visible_q("article__")).exists():
        return Status(404, {"detail": "no article readers can see has this tag"})
    count = links.filter(reports_q("article__")).count()
    url = request.build_absolute_uri(entity.get_absolute_url())
    return Status(200, {**tag_out(entity), "article_count": count, "url": url})


def report_counts(story_ids) -> dict[int, int]:
    """The reports readers can reach of each story (``story_reports_q``: copies from other
    sources count; withdrawn, service and foreign members do not)."""
    rows = (
        Article.objects.filter(story_reports_q(), story_id__in=list(story_ids))
        .order_by()
        .values_list("story_id")
        .annotate(n=Count("id"))
    )
    return dict(rows)


def story_out(request: HttpRequest, story, title: str, n: int) -> dict:
    return {
        "id": story.pk,
        "url": request.build_absolute_uri(reverse("story", args=[story.pk])),
        "title": title,
        "first_published": story.first_published,
        "last_published": story.last_published,
        "n_articles": n,
    }


@api.get("/stories", response={200: list[StoryOut], 422: ValidationErrorOut}, tags=["stories"])
def list_stories(
    request: HttpRequest,
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0, le=1_000_000),
) -> list[dict]:
    """Stories (reports of one event across sources), most recently updated first."""
    stories = list(Story.objects.order_by("-last_published", "pk")[offset : offset + limit])
    firsts = (
        Article.objects.visible()
        .filter(story_id__in=[s.pk for s in stories])
        .order_by("published", "id")
    )
    titles: dict[str, str] = {}
    for a in firsts.select_related(None).only("id", "headline", "story_id", "published"):
        titles.setdefault(a.story_id, a.headline)
    counts = report_counts(titles)
    return [
        story_out(request, s, titles[s.pk], counts.get(s.pk, 1)) for s in stories if s.pk in titles
    ]


@api.get("/stories/{story_id}", response={200: StoryDetail, 404: Message}, tags=["stories"])
def get_story(request: HttpRequest, story_id: str):
    """One story with its visible articles, newest first."""
    story = Story.objects.filter(pk=clean(story_id)[:40]).first()
    articles = list(Article.objects.visible().filter(story_id=story.pk)[:100]) if story else []
    if not articles:
        return Status(404, {"detail": "no such story"})
    data = story_out(
        request, story, articles[-1].headline, report_counts([story.pk]).get(story.pk, 1)
    )
    data["articles"] = articles_out(request, articles)
    return Status(200, data)


@api.get("/sources", response=list[SourceOut], tags=["sources"])
def list_sources(request: HttpRequest) -> list[Source]:
    """Every configured source with its polling state."""
    return list(Source.objects.order_by("name", "pk"))


_INGEST_BODY = {
    "requestBody": {
        "required": True,
        "description": "One document as `meldungen ingest` reads it.",
        "content": {
            mime: {"schema": {"type": "string", "format": "binary"}}
            for mime in (
                "application/json",
                "application/xml",
                "text/html",
                "application/octet-stream",
            )
        },
    }
}


@api.post(
    "/ingest",
    auth=TokenAuth(),
    response={200: IngestOut, 400: Message, 401: Message, 413: Message, 422: ValidationErrorOut},
    tags=["ingest"],
    openapi_extra=_INGEST_BODY,
)
def ingest(
    request: HttpRequest,
    origin: str = Query("", description="Label recorded with rejections (default: token name)"),
    source: int | None = Query(None, ge=1, le=MAX_ID, description="Source the items belong to"),
    url: str = Query("", description="Base URL of the document (pages, relative links)"),
):
    """Store a pushed document (wire item, feed or page) and answer with one result per item.

    The token is checked before the body is read (ninja runs ``auth`` first), and a body over
    the one document limit is refused from its declared length, before it is read.
    """
    from meldungen.ingest.limits import MAX_DOCUMENT_BYTES, too_large
    from meldungen.news.services import parse_bytes, store_results, totals

    declared = request.META.get("CONTENT_LENGTH") or "0"
    size = int(declared) if declared.isdigit() else 0
    if too_large(size):
        return Status(413, {"detail": too_large(size)})
    # Read the stream directly: the one limit applies, not Django's form-upload limit.
    body = request.read(MAX_DOCUMENT_BYTES + 1)
    if too_large(len(body)):
        return Status(413, {"detail": too_large(len(body))})

    src = None
    if source is not None:
        src = Source.objects.filter(pk=source).first()
        if src is None:
            return Status(400, {"detail": f"no source with id {source}"})
    label = clean(origin) or f"api:{request.auth.name}"
    content_type = request.headers.get("Content-Type", "")
    parsed = parse_bytes(body, source=src, url=clean(url), content_type=content_type)
    for item in parsed:  # an item that names no source nor agency is the token's provider's
        if isinstance(item, ArticleDraft) and not (item.source or item.credit):
            item.source = clean(request.auth.name)
    # a token's items are its provider's
    results = store_results(parsed, label, src, owner_key(token_provider=request.auth.name))
    return Status(
        200,
        {
            "origin": label,
            "results": [
                {
                    "outcome": r.outcome,
                    "label": r.label,
                    "reason": r.reason,
                    "article_id": r.article_id,
                }
                for r in results
            ],
            "totals": totals(results),
        },
    )
