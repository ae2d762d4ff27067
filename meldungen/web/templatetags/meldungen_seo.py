"""Meta for the open web: canonical URL, feed links, OpenGraph/Twitter and NewsArticle JSON-LD.

Used by ``seo/head.html``; it reads ``article`` (an article page) or ``feeds`` from the
template context, and otherwise derives the feeds from the URL the page was served under.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlencode

from django import template
from django.http import HttpRequest
from django.urls import NoReverseMatch
from django.utils.safestring import SafeString, mark_safe

from meldungen.ingest.urls import safe_http_url
from meldungen.news.models import Article, Entity
from meldungen.search.service import ressort_name

from ..feeds import FeedLink, feed_links, xml_text
from ..formatting import summary
from ..headers import absolute_url
from ..images import proxy_url
from ..ressorts import ressort_slug

register = template.Library()

PORTAL = "Meldungen"
_JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


@register.filter
def xml_safe(value: str) -> str:
    """Drop characters XML 1.0 cannot carry."""
    return xml_text(str(value))


def json_script_text(data: dict) -> SafeString:
    """JSON for inside <script>: <, > and & escaped so the text cannot end the element."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES))


def canonical_url(request: HttpRequest, article: Article | None = None) -> str:
    if article is not None:
        return absolute_url(request, article.get_absolute_url())
    # Only what makes a different page: the search's query, and a page number past the first
    # (?seite=1 is the page without it; other parameters, ?q= outside the search included,
    # change nothing and must not make a second URL of the same page).
    match = getattr(request, "resolver_match", None)
    kept = []
    if match is not None and match.url_name == "search":
        kept += [("q", q) for q in request.GET.getlist("q")[:1] if q]
    seite = request.GET.get("seite", "")
    if seite.isdigit() and int(seite) > 1:
        kept.append(("seite", str(int(seite))))
    query = ("?" + urlencode(kept)) if kept else ""
    return absolute_url(request, request.path) + query


def page_feeds(request: HttpRequest, article: Article | None = None) -> list[FeedLink]:
    """The feeds of the page served: home, its Ressort, its tag or its search."""
    match = getattr(request, "resolver_match", None)
    name = match.url_name if match else ""
    slug = (match.kwargs.get("slug") or "") if match else ""
    links = feed_links("home")
    try:
        if article is not None and article.ressort:
            links += feed_links("ressort", ressort_slug(article.ressort), label=article.ressort)
        elif name == "ressort" and slug:
            label = ressort_name(slug)
            if label:
                links += feed_links("ressort", slug, label=label)
        elif name == "tag" and slug:
            entity = Entity.objects.filter(slug=slug).only("display").first()
            if entity is not None:
                links += feed_links("tag", slug, label=entity.display)
        elif name == "story" and match.kwargs.get("story_id"):
            links += feed_links("story", str(match.kwargs["story_id"]), label="Geschichte")
        elif name == "search" and request.GET.get("q", "").strip():
            q = xml_text(request.GET["q"]).strip()[:200]
            links += feed_links("search", q=q, label=f"Suche „{q}“")
    except NoReverseMatch:  # feeds not wired into this URLconf
        return []
    return links


def _picture(request: HttpRequest, article: Article) -> str:
    if not safe_http_url(article.picture_url):
        return ""
    try:
        src = proxy_url(article.picture_url)  # "" unless the picture is cached
        return absolute_url(request, src) if src else ""
    except (ImportError, NoReverseMatch):
        return ""


def news_article_jsonld(article: Article, url: str, image: str, tags: list[str]) -> dict:
    """schema.org NewsArticle for one article."""
    modified = article.updated or article.modified_at or article.published
    authors = (
        [{"@type": "Person", "name": article.byline}]
        if article.byline
        else [{"@type": "Organization", "name": article.credit or article.source_name or PORTAL}]
    )
    data: dict = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline[:110],
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "datePublished": article.published.isoformat(),
        "dateModified": modified.isoformat(),
        "inLanguage": article.language or "de",
        "author": authors,
        "publisher": {"@type": "Organization", "name": PORTAL},
        "isAccessibleForFree": True,
    }
    if description := article.teaser or summary(article):
        data["description"] = description
    if article.ressort:
        data["articleSection"] = article.ressort
    if tags:
        data["keywords"] = tags
    if image:
        data["image"] = [image]
    if article.copyright:
        data["copyrightHolder"] = {"@type": "Organization", "name": article.copyright}
    return data


# OpenGraph's locale (language_TERRITORY) of the languages news come in; another language
# names none rather than a wrong one
OG_LOCALES = {
    "de": "de_DE", "en": "en_GB", "fr": "fr_FR", "it": "it_IT", "es": "es_ES", "nl": "nl_NL",
    "pl": "pl_PL", "tr": "tr_TR", "ru": "ru_RU", "uk": "uk_UA", "ar": "ar_AR", "pt": "pt_PT",
}  # fmt: skip


def og_locale(language: str) -> str:
    return OG_LOCALES.get((language or "de").split("-")[0].lower(), "")


@register.simple_tag(takes_context=True)
def seo_meta(context: template.Context) -> dict:
    """Everything seo/head.html prints, as a dict."""
    request: HttpRequest | None = context.get("request")
    if request is None:
        return {}
    article = context.get("article")
    article = article if isinstance(article, Article) else None
    url = canonical_url(request, article)
    feeds = context.get("feeds")
    feeds = list(feeds) if feeds is not None else page_feeds(request, article)
    meta = {
        "canonical": url,
        "locale": og_locale(article.language if article is not None else "de"),
        "feeds": feeds,
        "site_name": PORTAL,
        "title": context.get("title") or PORTAL,
        "description": context.get("description") or "Nachrichten aus vielen Quellen",
        "type": "website",
        "image": "",
        "jsonld": None,
        "article": article,
    }
    if article is not None:
        image = _picture(request, article)
        shown = context.get("tags")  # the article page's tag line, read once by its view
        tags = [e.display for e in (shown if shown is not None else article.tags())]
        meta.update(
            title=article.headline,
            description=summary(article, 300),
            type="article",
            image=image,
            tags=tags,
            jsonld=json_script_text(news_article_jsonld(article, url, image, tags)),
        )
    meta["description"] = re.sub(r"\s+", " ", meta["description"] or "").strip()[:300]
    return meta
