"""Template filters for the portal: Berlin times, credits, proxied pictures, safe bodies."""

from __future__ import annotations

from datetime import datetime

from django import template
from django.utils.safestring import SafeString, mark_safe

from meldungen.news.models import Article

from .. import formatting
from ..images import proxy_url
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
def ressort_slug(name: str) -> str:
    return _ressort_slug(name)


@register.filter
def credit_label(article: Article) -> str:
    source_name = article.source_name or (article.source.name if article.source else "")
    return formatting.credit_label(article.credit, source_name, article.url)


@register.filter
def safe_body(html: str) -> SafeString:
    """The stored body, served as is: every write path sanitizes it with the allow-list
    (``ingest.bounds.bound_draft`` at ingest, ``ArticleAdmin.save_model`` for editors), so
    a page view never pays for sanitizing again."""
    return mark_safe(html or "")  # sanitized once, when it was stored


@register.inclusion_tag("web/_picture.html")
def picture(article: Article, loading: str = "lazy") -> dict:
    """<img> through the image proxy, with width/height so the page does not jump."""
    if not article.picture_url:
        return {"src": ""}
    width = article.picture_width or DEFAULT_WIDTH
    height = article.picture_height or (
        round(width * DEFAULT_HEIGHT / DEFAULT_WIDTH) if width else DEFAULT_HEIGHT
    )
    return {
        "src": proxy_url(article.picture_url),
        "width": width,
        "height": height,
        # The caption describes the picture; without one it is decorative next to the headline.
        "alt": article.picture_caption,
        "loading": loading,
    }
