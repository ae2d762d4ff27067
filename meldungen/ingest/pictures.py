"""Choosing one picture rendition: big enough for an article page, not the print original."""

from __future__ import annotations

from collections.abc import Iterable

from .draft import Picture

TARGET_WIDTH = 1200  # an article page shows pictures at up to ~1200 px; larger is wasted bytes


def _int(value: object) -> int | None:
    try:
        number = int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):  # OverflowError: JSON's 1e999 is infinity
        return None
    return number if number > 0 else None


def pick_rendition(renditions: Iterable[dict]) -> dict | None:
    """The rendition nearest to TARGET_WIDTH, preferring at least that width.

    Each rendition is a dict with "url"/"href" and optional "width"/"height"/"mimetype".
    Non-image renditions (video, audio) are skipped.
    """
    candidates = []
    for rendition in renditions:
        if not isinstance(rendition, dict):
            continue
        url = rendition.get("url") or rendition.get("href") or ""
        mime = str(
            rendition.get("mimetype")
            or rendition.get("contenttype")
            or rendition.get("contentType")
            or rendition.get("type")
            or ""
        )
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            continue
        if mime and not mime.startswith("image/"):
            continue
        width = _int(rendition.get("width"))
        if width is None:
            width = _int(rendition.get("size"))
        candidates.append((width, rendition, url))
    if not candidates:
        return None

    def distance(item: tuple[int | None, dict, str]) -> tuple[int, int]:
        width = item[0]
        if width is None:
            return (2, 0)
        return (0, width - TARGET_WIDTH) if width >= TARGET_WIDTH else (1, TARGET_WIDTH - width)

    width, rendition, url = min(candidates, key=distance)
    return {"url": url, "width": width, "height": _int(rendition.get("height"))}


def picture_from(renditions: Iterable[dict], caption: str = "", credit: str = "") -> Picture | None:
    """A Picture from the best rendition, or None when there is no usable image URL."""
    best = pick_rendition(renditions)
    if best is None:
        return None
    return Picture(
        url=best["url"], caption=caption, credit=credit, width=best["width"], height=best["height"]
    )
