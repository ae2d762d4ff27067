"""The portal's own image proxy: readers' browsers load pictures from us, never from third parties.

A picture URL is registered under the sha256 of the URL (``CachedImage.key``) when a page
shows it; the first request for ``/bild/<key>`` fetches it once, keeps the bytes under
``settings.IMAGE_CACHE_DIR`` and records a failure so that it is not refetched on every
request.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from meldungen.news.models import CachedImage

log = logging.getLogger("meldungen.images")

MAX_IMAGE_BYTES = 5_000_000
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


def proxy_url(url: str) -> str:
    """The portal URL for a picture, registering the picture so the proxy knows it."""
    key = image_key(url)
    if not CachedImage.objects.filter(key=key).exists():
        try:
            with transaction.atomic():
                CachedImage.objects.create(url=url[:2000], key=key)
        except IntegrityError:  # another request registered it first
            pass
    return reverse("image", args=[key])


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


def _cached_file(image: CachedImage) -> Path | None:
    if not image.path:
        return None
    path = Path(settings.IMAGE_CACHE_DIR) / image.path
    return path if path.is_file() else None


def ensure_cached(image: CachedImage) -> Path | None:
    """The local file of a picture, fetching it first when needed; None when unavailable."""
    path = _cached_file(image)
    if path is not None:
        return path
    if image.error and image.fetched_at and timezone.now() - image.fetched_at < RETRY_FAILED_AFTER:
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
