"""sitemap.xml (django.contrib.sitemaps: index plus sections), the Google News sitemap of the
last 48 hours, and robots.txt pointing at both."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from meldungen.news.models import Article, ArticleEntity, Entity
from meldungen.news.visibility import unseen_tags

from .caching import cache_public
from .queries import visible_articles
from .ressorts import ordered, ressort_slug

NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000  # Google News reads at most 1,000 URLs per news sitemap


class PageSitemap(Sitemap):
    """The home page and the Ressort pages."""

    changefreq = "always"

    def items(self) -> list[tuple[str, list[str]]]:
        names = Article.objects.exclude(ressort="").order_by().values_list("ressort", flat=True)
        return [("home", [])] + [("ressort", [ressort_slug(n)]) for n in ordered(names.distinct())]

    def location(self, item: tuple[str, list[str]]) -> str:
        return reverse(item[0], args=item[1])


class ArticleSitemap(Sitemap):
    changefreq = "hourly"
    limit = 10_000

    def items(self):
        fields = ("id", "published", "updated", "modified_at")
        return visible_articles().select_related(None).only(*fields)

    def lastmod(self, item: Article):
        return item.updated or item.modified_at or item.published


class TagSitemap(Sitemap):
    changefreq = "daily"
    limit = 10_000

    def items(self):
        tagged = ArticleEntity.objects.filter(is_tag=True).values("entity_id")
        return (
            Entity.objects.filter(blocked=False, merged_into__isnull=True, pk__in=tagged)
            .exclude(pk__in=unseen_tags())  # a page without news
            .order_by("pk")
            .only("id", "slug")
        )


SITEMAPS = {"seiten": PageSitemap, "artikel": ArticleSitemap, "themen": TagSitemap}


@cache_public
def sitemap_index(request: HttpRequest) -> HttpResponse:
    return sitemap_views.index(
        request, SITEMAPS, template_name="seo/sitemap_index.xml", sitemap_url_name="sitemap_section"
    )


@cache_public
def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    return sitemap_views.sitemap(
        request, SITEMAPS, section=section, template_name="seo/sitemap.xml"
    )


@cache_public
def news_sitemap(request: HttpRequest) -> HttpResponse:
    """Google News sitemap: articles published in the last 48 hours, newest first."""
    since = timezone.now() - NEWS_WINDOW
    articles = visible_articles().filter(published__gte=since)[:NEWS_LIMIT]
    return render(
        request,
        "seo/news_sitemap.xml",
        {"articles": articles, "publication": "Meldungen", "language": "de"},
        content_type="application/xml; charset=utf-8",
    )


@cache_public
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /suche",
        "Disallow: /api/",
        "Allow: /",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap_news'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
