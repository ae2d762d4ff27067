"""A picture's size read by Pillow from its header, without decoding its pixels: width, height
and, for an animation (GIF, APNG, WebP, AVIF), its frames. The image cache refuses what no
reader's browser should decode (``images.check_image``): a 50,000 × 50,000 PNG is 2.5 MB of
zeros on the wire and 10 GB as pixels. Pure: no Django."""

from __future__ import annotations

import io
from typing import NamedTuple

from PIL import Image

# The bound is ``images.MAX_PIXELS``, checked on the size read here, with a message that says
# it; Pillow's own check would refuse the biggest before their size can be read.
Image.MAX_IMAGE_PIXELS = None

# Pillow's format of each type the cache serves
_FORMATS = {
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "image/gif": "GIF",
    "image/webp": "WEBP",
    "image/avif": "AVIF",
}


class Size(NamedTuple):
    width: int
    height: int
    frames: int = 1


def picture_size(data: bytes, kind: str) -> Size | None:
    """The size of a picture of type ``kind`` (image/png, ...), or None when its header does
    not say it (cut short, broken, or not what its type claims). Opening reads the header
    only; counting an animation's frames reads their headers, never their pixels."""
    fmt = _FORMATS.get(kind)
    if fmt is None:
        return None
    try:
        with Image.open(io.BytesIO(data), formats=[fmt]) as image:
            width, height = image.size
            frames = getattr(image, "n_frames", 1)
    except Exception:  # a hostile file may break any of Pillow's readers: no size
        return None
    if width <= 0 or height <= 0:
        return None
    return Size(width, height, max(int(frames), 1))
