"""Template filters for the portal: Berlin times, credits, proxied pictures, safe bodies."""

from __future__ import annotations

from datetime import datetime

from django import template
from django.utils.safestring import SafeString, mark_safe

from meldungen.ingest.urls import safe_http_url
from meldungen.news.models import Article

from .. import formatting
from ..feeds import xml_text
from ..images import with_pictures
from ..ressorts import ressort_slug as _ressort_slug

register = template.Library()

DEFAULT_WIDTH, DEFAULT_HEIGHT = 1200, 675  # 16:9 when the source gave no dimensions


@register.filter
def berlin_time(value: datetime | None) -> str:
    return formatting.format_time(value)


@register.filter
def berlin_minute(value: datetime | None) -> str:
    return formatting.format_minute(value)


@register.filter
def iso_time(value: datetime | None) -> str:
    return formatting.iso_time(value)


@register.filter
def printable(value: str) -> str:
    """Text from the query string without control characters, which HTML cannot carry."""
    return xml_text(str(value))


@register.filter
def summary(article: Article) -> str:
    return formatting.summary(article)


@register.filter
def ressort_slug(name: str) -> str:
    return _ressort_slug(name)


def _source_name(article: Article) -> str:
    """The source an article names: its own field, else its configured source's name."""
    return article.source_name or (article.source.name if article.source else "")


@register.filter
def credit_label(article: Article) -> str:
    return formatting.credit_label(article.credit, _source_name(article), article.url)


@register.filter
def publisher(article: Article) -> str:
    """Who carried the report: its source's name, else its credit label ("Übernommen von"
    on a story page: a dpa text copied by another portal names that portal)."""
    return _source_name(article).strip() or credit_label(article)


@register.filter
def other_sources(others: list[Article], article: Article) -> list[tuple[str, Article]]:
    """ "Weitere Quellen" of a search hit: one link per source label, the first report of
    each, never the hit's own source (a wire that sent the same item twice is one source).
    A report that names no source at all (a file or API item without source, credit or
    address) is no other source: it is left out."""
    seen = {credit_label(article)}
    out = []
    for other in others:
        label = credit_label(other)
        if label and label not in seen:
            seen.add(label)
            out.append((label, other))
    return out


@register.filter
def http_url(value: str) -> str:
    """An outside URL for an href or src: absolute http(s) only, anything else is ""."""
    return safe_http_url(value)


@register.filter
def safe_body(html: str) -> SafeString:
    """The stored body, served as is: every write path sanitizes it with the allow-list
    (``ingest.bounds.bound_draft`` at ingest, ``ArticleAdmin.save_model`` for editors), so
    a page view never pays for sanitizing again."""
    return mark_safe(html or "")  # sanitized once, when it was stored


def _picture_src(article: Article) -> str:
    """The cached picture's portal URL ("" when not cached), looked up once per article."""
    with_pictures([article])  # nothing to do when a list page looked it up for all
    return article._picture_src


@register.filter
def has_picture(article: Article) -> bool:
    """True when the article's picture is cached and valid: only then does a page show it."""
    return bool(_picture_src(article))


@register.inclusion_tag("web/_picture.html")
def picture(article: Article, loading: str = "lazy") -> dict:
    """<img> from the image cache, with width/height so the page does not jump; nothing when
    the picture is not cached (never a broken box)."""
    src = _picture_src(article)
    if not src:
        return {"src": ""}
    width = article.picture_width or DEFAULT_WIDTH
    height = article.picture_height or (
        round(width * DEFAULT_HEIGHT / DEFAULT_WIDTH) if width else DEFAULT_HEIGHT
    )
    return {
        "src": src,
        "width": width,
        "height": height,
        # The caption describes the picture; without one it is decorative next to the headline.
        "alt": article.picture_caption,
        "loading": loading,
    }
