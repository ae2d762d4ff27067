"""The image proxy: pictures are fetched once from their origin and served by the portal."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import ClassVar

import pytest
from loopback import loopback_server

from meldungen.news.models import CachedImage
from meldungen.web.images import ImageRefused, check_image, image_key, proxy_url

pytestmark = [pytest.mark.django_db, pytest.mark.db]


def tiny_png() -> bytes:
    """A valid 1×1 PNG, built here so the test needs no image file."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xcc\x00\x1b")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


PNG = tiny_png()
RESPONSES = {
    "/foto.png": (200, "image/png", PNG),
    "/grafik.svg": (200, "image/svg+xml", b"<svg><script>alert(1)</script></svg>"),
    "/seite.html": (200, "text/html; charset=utf-8", b"<html><body>Kein Bild</body></html>"),
    "/falsch.png": (200, "image/png", b"<html><script>alert(1)</script></html>"),
    "/weg.jpg": (404, "text/html", b"nicht gefunden"),
}


class OriginHandler(BaseHTTPRequestHandler):
    hits: ClassVar[dict[str, int]] = {}

    def do_GET(self) -> None:  # the name http.server calls
        OriginHandler.hits[self.path] = OriginHandler.hits.get(self.path, 0) + 1
        status, content_type, body = RESPONSES.get(self.path, (404, "text/plain", b"?"))
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def origin(settings) -> Iterator[str]:
    """A loopback picture server; private fetches allowed for this test only."""
    settings.MELDUNGEN = {**settings.MELDUNGEN, "ALLOW_PRIVATE_FETCH": True}
    OriginHandler.hits = {}
    with loopback_server(OriginHandler) as url:
        yield url


def test_picture_is_fetched_once_and_served_with_long_cache(client, origin, settings):
    url = f"{origin}/foto.png"
    path = proxy_url(url)
    assert path == f"/bild/{image_key(url)}"
    first = client.get(path)
    assert first.status_code == 200
    assert first["Content-Type"] == "image/png"
    assert "max-age=31536000" in first["Cache-Control"]
    assert b"".join(first.streaming_content) == PNG
    second = client.get(path)
    assert b"".join(second.streaming_content) == PNG
    assert OriginHandler.hits == {"/foto.png": 1}
    cached = CachedImage.objects.get(url=url)
    assert (Path(settings.IMAGE_CACHE_DIR) / cached.path).read_bytes() == PNG


@pytest.mark.parametrize("name", ["grafik.svg", "seite.html", "falsch.png", "weg.jpg"])
def test_non_pictures_are_refused_and_not_refetched(client, origin, name):
    url = f"{origin}/{name}"
    path = proxy_url(url)
    assert client.get(path).status_code == 404
    assert client.get(path).status_code == 404
    assert OriginHandler.hits == {f"/{name}": 1}
    cached = CachedImage.objects.get(url=url)
    assert cached.error and not cached.path


def test_private_addresses_are_refused_without_the_setting(client, origin, settings):
    settings.MELDUNGEN = {**settings.MELDUNGEN, "ALLOW_PRIVATE_FETCH": False}
    path = proxy_url(f"{origin}/foto.png")
    assert client.get(path).status_code == 404
    assert OriginHandler.hits == {}


def test_unknown_keys_answer_404(client):
    assert client.get("/bild/" + "a" * 64).status_code == 404
    assert client.get("/bild/nicht-hex").status_code == 404


def test_article_page_shows_the_picture_only_through_the_proxy(client, make_article, origin):
    url = f"{origin}/foto.png"
    article = make_article(
        "Mit Bild",
        picture_url=url,
        picture_caption="Ein Hafenkran im Nebel.",
        picture_credit="Foto-Agentur",
        picture_width=800,
        picture_height=600,
    )
    plain = make_article("Ohne Maße", picture_url=f"{origin}/weg.jpg", picture_caption="")
    html = client.get(f"/artikel/{article.pk}/").content.decode()
    assert "127.0.0.1" not in html
    assert (
        f'<img src="/bild/{image_key(url)}" loading="lazy" decoding="async" width="800" '
        f'height="600" alt="Ein Hafenkran im Nebel.">'
    ) in html
    assert "Foto-Agentur" in html
    html = client.get(f"/artikel/{plain.pk}/").content.decode()
    assert 'width="1200" height="675"' in html  # a default 16:9 box keeps the layout steady
    assert "127.0.0.1" not in client.get("/").content.decode()


def test_check_image_trusts_bytes_not_headers():
    assert check_image(PNG, "image/png; charset=binary") == "image/png"
    with pytest.raises(ImageRefused, match="not served"):
        check_image(b"<svg/>", "image/svg+xml")
    with pytest.raises(ImageRefused, match="not an image"):
        check_image(PNG, "text/html")
    with pytest.raises(ImageRefused, match="not a image/jpeg"):
        check_image(b"<html>kein Bild</html>", "image/jpeg")
    # A mislabelled picture is served as what its bytes are.
    assert check_image(b"GIF89a\x01\x00\x01\x00", "image/jpeg") == "image/gif"
