"""The server-rendered portal: home, article, Ressort, tag and source pages, and the image proxy.

Every list shows only visible articles (``queries.visible_articles``). Pages are plain HTML
with no JavaScript.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import Count, Min, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import cached_property

from meldungen.ingest.urls import safe_http_url
from meldungen.news.models import (
    Article,
    ArticleEntity,
    CachedImage,
    Entity,
    Source,
    Story,
    TopicSlug,
)
from meldungen.news.visibility import story_reports_q

from .articlepage import story_source_count, tag_line
from .images import IMAGE_TYPES, cached_file, with_pictures
from .licences import article_licence, http_url
from .queries import first_of_each, story_leads, visible_articles, with_story_info
from .related import related_for, ressort_news
from .ressorts import UNFILED, ordered, ressort_slug, stored_ressorts

HOME_PER_RESSORT = 6
MAX_STORY_TAGS = 8  # the story page's topics: the tags its reports carry most
TAG_NEIGHBOURS = 12
NEIGHBOUR_BASE = 1000  # a topic's related topics come from its newest this many articles
IMAGE_CACHE_CONTROL = "public, max-age=31536000, immutable"
_KEY = re.compile(r"[0-9a-f]{64}")


class CappedPaginator(Paginator):
    """Counts at most MAX_PAGES pages: counting every visible article of a big archive on
    each request costs more than the page (lists go back MAX_PAGES pages; older articles are
    found by search, topic and story pages)."""

    MAX_PAGES = 40

    @cached_property
    def count(self) -> int:
        # Unordered: how many, up to the cap, does not depend on the order, and without it the
        # database stops at the cap instead of sorting every candidate (a big topic's articles).
        return self.object_list.order_by()[: self.per_page * self.MAX_PAGES].count()

    def page(self, number) -> Page:
        """The page's rows in two steps: the ids of the page (PostgreSQL answers them from its
        covering indexes of listed articles, migration 0012, without reading the article row
        of every candidate), then those rows. A topic of a few thousand articles read every
        one of their rows to sort them; on a cold million-article archive that was most of
        the page's time."""
        page = super().page(number)
        if isinstance(self.object_list, QuerySet):
            ids = list(page.object_list.values_list("pk", flat=True))
            rows = {a.pk: a for a in self.object_list.order_by().filter(pk__in=ids)}
            page.object_list = [rows[pk] for pk in ids if pk in rows]
        return page


def paginate(request: HttpRequest, queryset: QuerySet, *, info: bool = True) -> Page:
    """The page named by ``?seite=N``; an invalid or out-of-range number answers 404.
    Its articles carry their story's size (``with_story_info``), unless ``info`` is False
    (the caller reads them itself, or not at all)."""
    paginator = CappedPaginator(queryset, settings.MELDUNGEN["PAGE_SIZE"])
    try:
        page = paginator.page(request.GET.get("seite") or 1)
    except (PageNotAnInteger, EmptyPage) as exc:
        raise Http404("Diese Seite gibt es nicht.") from exc
    if info:
        page.object_list = with_story_info(page.object_list)
    return page


class AfterGroupsPaginator(CappedPaginator):
    """The home page's pages: page 1 is the Ressort groups (shown by the view), page N ≥ 2
    the (N-1)th page of ``object_list``, the articles page 1 does not show."""

    @cached_property
    def num_pages(self) -> int:
        return 1 + -(-self.count // self.per_page)

    def page(self, number) -> Page:
        number = self.validate_number(number)
        if number == 1:
            return Page([], 1, self)
        start = (number - 2) * self.per_page
        ids = list(self.object_list.values_list("pk", flat=True)[start : start + self.per_page])
        rows = {a.pk: a for a in self.object_list.order_by().filter(pk__in=ids)}
        return Page([rows[pk] for pk in ids if pk in rows], number, self)


def home(request: HttpRequest) -> HttpResponse:
    """Page 1: the newest articles of every Ressort, whatever their age. Later pages
    (``?seite=N``) go on through every other visible article, newest first, grouped the same
    way, so no article is on two pages and none on none. Every story appears once, as its
    newest report, under that report's Ressort."""
    visible = story_leads(visible_articles())
    names = stored_ressorts()
    each = first_of_each(visible, "ressort", [*names, ""], HOME_PER_RESSORT)
    first = [(name, ressort_slug(name), each[name]) for name in names]
    first.append((UNFILED, "", each[""]))
    shown = [item.pk for _, _, items in first for item in items]
    paginator = AfterGroupsPaginator(visible.exclude(pk__in=shown), settings.MELDUNGEN["PAGE_SIZE"])
    try:
        page = paginator.page(request.GET.get("seite") or 1)
    except (PageNotAnInteger, EmptyPage) as exc:
        raise Http404("Diese Seite gibt es nicht.") from exc
    if page.number == 1:
        groups = first
        with_story_info(item for _, _, items in groups for item in items)  # one query for all
        with_pictures(items[0] for _, _, items in groups if items)  # each group's lead's
    else:
        by_ressort: dict[str, list[Article]] = {}
        for item in with_story_info(page.object_list):
            by_ressort.setdefault(item.ressort, []).append(item)
        groups = [(n, ressort_slug(n), by_ressort[n]) for n in ordered(k for k in by_ressort if k)]
        groups.append((UNFILED, "", by_ressort.get("", [])))
    context = {
        "page": page,
        "groups": [
            {"name": name, "slug": slug, "lead": items[0], "rest": items[1:]}
            for name, slug, items in groups
            if items
        ],
    }
    if not context["groups"]:
        sources = Source.objects.filter(active=True)
        context["source_count"] = sources.count()
        if request.user.is_staff:  # raw fetch errors are for editors (also in /admin/ingest/)
            context["failing_sources"] = list(sources.exclude(last_error="").order_by("name"))
    return render(request, "web/home.html", context)


# characters above which a teaser-only item's description is its text, not a lead (news
# teasers run to two or three sentences, 150 to 400 characters)
LONG_TEASER = 500


def article(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Article.objects.select_related("source", "duplicate_of"), pk=pk)
    if item.family_withdrawn:  # withdrawn, or a copy of a withdrawn original
        return render(request, "web/gone.html", {}, status=410)  # nothing of it is shown
    if item.embargo is not None and item.embargo > timezone.now():
        raise Http404("Diese Meldung ist noch gesperrt.")
    if item.duplicate_of_id is not None:
        # A copy of an article we already show: send readers (and search engines) there.
        return redirect("article", pk=item.duplicate_of_id, permanent=True)
    teaser_only = not item.full_text and bool(safe_http_url(item.url))
    related = with_story_info(related_for(item))
    latest = [] if related else with_story_info(ressort_news(item))
    if latest:  # the cached page shows its Ressort's newest: renewed when they change
        shows = f"ressort:{ressort_slug(item.ressort)}" if item.ressort else "home"
        request.meldungen_shows = {shows}
    context = {
        "article": item,
        "tags": tag_line(item),
        "teaser_only": teaser_only,
        # a feed whose description is the whole text: shown as text, not as one bold lead
        "long_teaser": teaser_only and len(item.teaser) > LONG_TEASER and bool(item.body),
        "related": related,
        "ressort_news": latest,
        "story_size": story_source_count(item),
        "ressort_slug": ressort_slug(item.ressort) if item.ressort else "",
        "original_url": http_url(item.url),
        "licence": article_licence(item),
    }
    return render(request, "web/article.html", context)


def ressort(request: HttpRequest, slug: str) -> HttpResponse:
    known = Article.objects.exclude(ressort="").order_by().values_list("ressort", flat=True)
    name = next((n for n in known.distinct() if ressort_slug(n) == slug), None)
    if name is None:
        raise Http404("Dieses Ressort gibt es nicht.")
    page = paginate(request, story_leads(visible_articles().filter(ressort=name)))
    return render(
        request, "web/ressort.html", {"ressort": name, "page": page, "current_ressort": name}
    )


def tag(request: HttpRequest, slug: str) -> HttpResponse:
    entity = Entity.objects.filter(slug=slug, blocked=False).first()
    if entity is None:  # a slug the topic had before redirects to its page
        former = TopicSlug.objects.filter(slug=slug, entity__blocked=False).first()
        if former is None:
            raise Http404("Dieses Thema gibt es nicht.")
        return redirect(former.entity, permanent=True)
    if entity.merged_into_id is not None:
        target = entity
        for _ in range(20):  # follow the editors' merges, bounded against cycles
            if target.merged_into_id is None:
                break
            target = target.merged_into
        if target.pk != entity.pk:
            return redirect(target, permanent=True)
    articles = visible_articles().filter(article_entities__entity=entity)
    page = paginate(request, story_leads(articles))
    neighbours = (
        ArticleEntity.objects.filter(
            # the topic's newest articles: bounded however big the topic grows
            article__in=articles.values("pk")[:NEIGHBOUR_BASE],
            is_tag=True,
            entity__blocked=False,
        )
        .exclude(entity=entity)
        .exclude(entity__merged_into=entity)
        .values("entity")
        .annotate(together=Count("article", distinct=True))
        .order_by("-together", "entity__display")[:TAG_NEIGHBOURS]
    )
    counts = {row["entity"]: row["together"] for row in neighbours}
    seen_with = sorted(
        Entity.objects.filter(pk__in=counts),
        key=lambda e: (-counts[e.pk], e.display.casefold()),
    )
    context = {
        "entity": entity,
        "page": page,
        "seen_with": [(e, counts[e.pk]) for e in seen_with],
    }
    return render(request, "web/tag.html", context)


def source(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Source, pk=pk)
    page = paginate(request, story_leads(visible_articles().filter(source=item)))
    return render(request, "web/source.html", {"source": item, "page": page})


def image(request: HttpRequest, key: str) -> HttpResponse:
    """A cached picture, served with a long lifetime. Only what the background fetch cached is
    served: a reader's request never waits on another server."""
    if not _KEY.fullmatch(key):
        raise Http404("Unbekanntes Bild.")
    cached = get_object_or_404(CachedImage, key=key)
    path = cached_file(cached) if cached.content_type in IMAGE_TYPES else None
    if path is None:
        raise Http404("Bild nicht verfügbar.")
    response = FileResponse(path.open("rb"), content_type=cached.content_type)
    response["Cache-Control"] = IMAGE_CACHE_CONTROL
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def story(request: HttpRequest, story_id: str) -> HttpResponse:
    """A story: its timeline, the first report, every source with its copies, its entities."""
    story_obj = get_object_or_404(Story, pk=story_id)
    now = timezone.now()
    # its reports as readers see them, copies included (no service note nor foreign text)
    members = list(
        Article.objects.filter(story_reports_q(now), story=story_obj)
        .select_related("source", "duplicate_of")
        .order_by("published", "id")
    )
    if not members:
        raise Http404("Diese Geschichte hat keine sichtbaren Meldungen.")
    originals = [a for a in members if a.duplicate_of_id is None]
    copies: dict[int, list[Article]] = {}
    for a in members:
        if a.duplicate_of_id is not None:
            copies.setdefault(a.duplicate_of_id, []).append(a)
    sources: dict[str, list[Article]] = {}
    for a in members:
        sources.setdefault(a.source_name or a.credit or "ohne Quellenangabe", []).append(a)
    # The story's topics: the tags of its reports (not every name they mention), those most
    # reports carry first, then by their place in the tag lines.
    entity_ids = (
        ArticleEntity.objects.filter(article__in=members, entity__blocked=False, is_tag=True)
        .values("entity")
        .annotate(n=Count("article"), best=Min("rank"))
        .order_by("-n", "best", "entity")[:MAX_STORY_TAGS]
    )
    order = {row["entity"]: i for i, row in enumerate(entity_ids)}  # the query's order
    entities = sorted(Entity.objects.filter(pk__in=order), key=lambda e: order[e.pk])
    context = {
        "story": story_obj,
        "first": members[0],
        "timeline": [(a, copies.get(a.pk, [])) for a in originals],
        "reports": len(members),  # copies included, as the lists' "2 Meldungen" counts them
        "sources": sorted(sources.items(), key=lambda kv: kv[1][0].published),
        "entities": entities,
        "headline": (originals or members)[-1].headline,
    }
    return render(request, "web/story.html", context)
