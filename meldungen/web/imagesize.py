"""A picture's size read from its header, without decoding it (no Pillow): width, height and,
for a GIF, its frames. The image cache refuses what no reader's browser should decode: a
50,000 × 50,000 PNG is 2.5 MB of zeros on the wire and 10 GB as pixels. Pure: no Django."""

from __future__ import annotations

import struct
from typing import NamedTuple


class Size(NamedTuple):
    width: int
    height: int
    frames: int = 1


def picture_size(data: bytes, kind: str) -> Size | None:
    """The size of a picture of type ``kind`` (image/png, ...), or None when its header does
    not say it (cut short, or not what its first bytes claim)."""
    try:
        reader = _READERS.get(kind)
        size = reader(data) if reader else None
    except (struct.error, IndexError):
        return None
    if size is None or size.width <= 0 or size.height <= 0:
        return None
    return size


def _png(data: bytes) -> Size | None:
    if data[12:16] != b"IHDR":
        return None
    return Size(*struct.unpack(">II", data[16:24]))


def _jpeg(data: bytes) -> Size | None:
    at = 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            return None
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker in (0x01, *range(0xD0, 0xD8)):  # markers without a length
            at += 2
            continue
        if marker == 0xDA:  # the scan begins: no frame header came before it
            return None
        (length,) = struct.unpack(">H", data[at + 2 : at + 4])
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[at + 5 : at + 9])
            return Size(width, height)
        if length < 2:
            return None
        at += 2 + length
    return None


def _gif(data: bytes) -> Size | None:
    width, height, flags = struct.unpack("<HHB", data[6:11])
    at = 13 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0)
    frames = 0
    while at < len(data):
        block = data[at]
        if block == 0x3B:  # trailer
            break
        if block == 0x2C:  # an image: descriptor, colour table, LZW size, data sub-blocks
            frames += 1
            local = data[at + 9]
            at += 10 + (3 << ((local & 7) + 1) if local & 0x80 else 0) + 1
        elif block == 0x21:  # an extension: label, then sub-blocks
            at += 2
        else:
            break
        while at < len(data) and data[at]:  # sub-blocks up to the empty one
            at += data[at] + 1
        at += 1
    return Size(width, height, max(frames, 1))


def _webp(data: bytes) -> Size | None:
    if len(data) < 30:
        return None
    chunk = data[12:16]
    if chunk == b"VP8 ":
        width, height = struct.unpack("<HH", data[26:30])
        return Size(width & 0x3FFF, height & 0x3FFF)
    if chunk == b"VP8L":
        bits = int.from_bytes(data[21:25], "little")
        return Size((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
    if chunk == b"VP8X":
        width = int.from_bytes(data[24:27], "little") + 1
        height = int.from_bytes(data[27:30], "little") + 1
        return Size(width, height)
    return None


def _avif(data: bytes) -> Size | None:
    at = data.find(b"ispe", 0, 64 * 1024)  # the image spatial extents property, near the start
    if at < 0:
        return None
    return Size(*struct.unpack(">II", data[at + 8 : at + 16]))


_READERS = {
    "image/png": _png,
    "image/jpeg": _jpeg,
    "image/gif": _gif,
    "image/webp": _webp,
    "image/avif": _avif,
}
