"""The portal's own image cache: readers' browsers load pictures from us, never from third parties.

A picture URL is registered under the sha256 of the URL (``CachedImage.key``) when its item is
stored, and a background task (``tasks.fetch_picture_task``) fetches it once, with the fetch
limits and the SSRF guard, keeps the bytes under ``settings.IMAGE_CACHE_DIR`` and records a
failure. Readers' requests never fetch: ``/bild/<key>`` serves only what is cached, and pages
show a picture only when it is cached and valid (``cached_image``); otherwise it is left out.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from collections.abc import Iterable
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Enclosure

from meldungen.ingest.urls import safe_http_url
from meldungen.news.models import Article, CachedImage
from meldungen.web.imagesize import picture_size

log = logging.getLogger("meldungen.images")

MAX_IMAGE_BYTES = 5_000_000
# What a reader's browser is asked to decode at most (Pillow's bound on decompression bombs):
# a 50,000 × 50,000 PNG is 2.5 MB of zeros on the wire and 10 GB of pixels.
MAX_PIXELS = 89_478_485
MAX_ANIMATION_PIXELS = 4 * MAX_PIXELS  # an animated GIF's frames together (783 frames of
# 640 × 421, a real one, are 211 million)
RETRY_FAILED_AFTER = timedelta(hours=6)  # a broken picture is tried again, but rarely
# Content types we serve, each with the magic bytes that must start the file. SVG is refused:
# it can carry scripts and would be rendered as a document when opened directly.
IMAGE_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp", "image/avif"}
EXTENSIONS = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "image/avif": ".avif",
}


class ImageRefused(Exception):
    """The fetched bytes are not a picture we serve."""


def image_key(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8")).hexdigest()


def register(url: str) -> tuple[CachedImage, bool]:
    """The cache record of a picture URL, created on first sight; (record, needs a fetch)."""
    key = image_key(url)
    image = CachedImage.objects.filter(key=key).first()
    if image is None:
        try:
            with transaction.atomic():
                image = CachedImage.objects.create(url=url[:2000], key=key)
        except IntegrityError:  # registered by another process meanwhile
            image = CachedImage.objects.get(key=key)
    return image, needs_fetch(image)


def needs_fetch(image: CachedImage) -> bool:
    """Not cached, and not failed recently (a broken picture is tried again, but rarely)."""
    if cached_file(image) is not None:
        return False
    if image.fetched_at is None:
        return True
    return bool(image.error) and timezone.now() - image.fetched_at >= RETRY_FAILED_AFTER


def cached_image(url: str) -> CachedImage | None:
    """The cache record of a picture that is cached and valid, else None. Never fetches."""
    return cached_images([url]).get(url) if url else None


def proxy_url(url: str) -> str:
    """The portal URL of a cached picture, or "" when it is not (yet) to be had."""
    image = cached_image(url)
    return reverse("image", args=[image.key]) if image is not None else ""


def cached_images(urls: Iterable[str]) -> dict[str, CachedImage]:
    """``cached_image`` of each URL that has one, by URL, with one query for all: a list page
    or a feed shows many entries, and asking each was a query each."""
    keys = {image_key(url): url for url in urls if url}
    if not keys:
        return {}
    found = CachedImage.objects.filter(key__in=keys).exclude(path="")
    return {
        keys[image.key]: image
        for image in found
        if image.content_type in IMAGE_TYPES and cached_file(image) is not None
    }


def with_pictures(articles: Iterable[Article]) -> None:
    """Give each article ``_picture_src``, the portal URL of its cached picture ("" when it has
    none to show), as ``proxy_url`` would, with one query for all (``cached_images``)."""
    articles = [a for a in articles if not hasattr(a, "_picture_src")]
    urls = {a.pk: safe_http_url(a.picture_url) for a in articles}  # http(s) only
    found = cached_images(urls.values())
    for article in articles:
        image = found.get(urls[article.pk])
        article._picture_src = reverse("image", args=[image.key]) if image is not None else ""


def sniff_type(data: bytes) -> str | None:
    """The image type the bytes really are (not what the server claims), or None."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data[4:8] == b"ftyp" and data[8:12] in (b"avif", b"avis"):
        return "image/avif"
    return None


def check_image(content: bytes, content_type: str) -> str:
    """The content type to serve, or ImageRefused with the reason."""
    declared = (content_type or "").split(";")[0].strip().lower()
    if not declared.startswith("image/"):
        raise ImageRefused(f"not an image: content type {declared or 'missing'}")
    if declared not in IMAGE_TYPES:
        raise ImageRefused(f"image type not served: {declared}")
    actual = sniff_type(content)
    if actual is None:
        raise ImageRefused(f"content is not a {declared} picture")
    size = picture_size(content, actual)
    if size is None:
        raise ImageRefused(f"no size in the {actual} header (cut short or broken)")
    if size.width * size.height > MAX_PIXELS:
        raise ImageRefused(f"picture too large to decode: {size.width} × {size.height} pixels")
    if size.frames > 1 and size.width * size.height * size.frames > MAX_ANIMATION_PIXELS:
        raise ImageRefused(
            f"animation too large to decode: {size.frames} frames of {size.width} × {size.height}"
        )
    return actual


def _store(key: str, content: bytes, content_type: str) -> Path:
    directory = Path(settings.IMAGE_CACHE_DIR) / key[:2]
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{key}{EXTENSIONS[content_type]}"
    # Write to a temporary file first: a reader never sees half a picture.
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def cached_file(image: CachedImage) -> Path | None:
    if not image.path:
        return None
    path = Path(settings.IMAGE_CACHE_DIR) / image.path
    return path if path.is_file() else None


def fetch_into_cache(image: CachedImage) -> Path | None:
    """Fetch a picture into the cache (background work only); its file, or None on failure."""
    path = cached_file(image)
    if path is not None:
        return path
    if not needs_fetch(image):
        return None
    from meldungen.ingest.fetch import fetch

    image.fetched_at = timezone.now()
    try:
        try:
            result = fetch(
                image.url,
                max_bytes=MAX_IMAGE_BYTES,
                timeout=settings.MELDUNGEN["FETCH_TIMEOUT"],
                allow_private=settings.MELDUNGEN["ALLOW_PRIVATE_FETCH"],
            )
        except Exception as exc:  # a bad picture must never break a page
            raise ImageRefused(f"fetch failed: {exc.__class__.__name__}: {exc}") from exc
        if result.error:
            raise ImageRefused(str(result.error))
        if result.status is not None and not 200 <= int(result.status) < 300:
            raise ImageRefused(f"HTTP {result.status}")
        content = result.content or b""
        content_type = check_image(content, result.content_type or "")
        path = _store(image.key, content, content_type)
    except ImageRefused as exc:
        image.error = str(exc)[:1000]
        image.save(update_fields=["error", "fetched_at"])
        log.info("picture %s refused: %s", image.url, image.error)
        return None
    image.content_type = content_type
    image.path = str(path.relative_to(Path(settings.IMAGE_CACHE_DIR)))
    image.error = ""
    image.save(update_fields=["content_type", "path", "error", "fetched_at"])
    return path


def picture_enclosures(article, request, cached: dict | None = None) -> list[Enclosure]:
    """A feed enclosure for the article's cached picture (absolute URL, length, type), or [].
    ``cached``: ``cached_images`` of the feed's pictures, read once for all its items."""
    url = getattr(article, "picture_url", "")
    image = cached.get(url) if cached is not None else cached_image(url)
    path = cached_file(image) if image is not None else None
    if path is None:
        return []
    url = request.build_absolute_uri(reverse("image", args=[image.key]))
    return [Enclosure(url=url, length=str(path.stat().st_size), mime_type=image.content_type)]
