"""The image cache: pictures are fetched once, in the background, when their item is stored;
readers' requests only ever get what is cached, and a picture that cannot be had is left out."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from io import BytesIO
from pathlib import Path
from typing import ClassVar
from xml.etree import ElementTree

import pytest
from loopback import loopback_server

from meldungen.news.models import Article, CachedImage
from meldungen.news.services import ingest_bytes
from meldungen.tasks import schedule_picture
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


def png_header(width: int, height: int) -> bytes:
    """A PNG that claims ``width`` × ``height`` (its pixel data left out), its header's
    checksum made again as a real one has it."""
    png = tiny_png()
    at = png.index(b"IHDR")
    data = struct.pack(">II", width, height) + png[at + 12 : at + 17]
    crc = struct.pack(">I", zlib.crc32(b"IHDR" + data))
    return png[:at] + b"IHDR" + data + crc + png[at + 21 :]


def gif(frames: int, width: int = 1, height: int = 1) -> bytes:
    """A GIF of ``width`` × ``height`` with ``frames`` images (of 1×1 each)."""
    image = b"\x2c\0\0\0\0\x01\0\x01\0\0\x02\x02\x4c\x01\0"
    palette = b"\0\0\0\xff\xff\xff"
    screen = b"GIF89a" + struct.pack("<HH", width, height) + b"\x80\0\0"
    return screen + palette + image * frames + b"\x3b"


def jpeg(width: int, height: int) -> bytes:
    """The start of a baseline JPEG: SOI, an APP0 segment, the frame header (SOF0)."""
    app0 = b"\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof = (
        b"\xff\xc0\x00\x11\x08" + struct.pack(">HH", height, width) + b"\x03" + b"\x01\x11\x00" * 3
    )
    return b"\xff\xd8" + app0 + sof + b"\xff\xda\x00\x02" + b"\x00" * 64 + b"\xff\xd9"


PNG = tiny_png()
RESPONSES = {
    "/riesig.png": (200, "image/png", png_header(50_000, 50_000)),  # 10 GB once decoded
    "/kaputt.jpg": (200, "image/jpeg", b"\xff\xd8\xff\xe0" + b"\x00" * 40),  # no frame header
    "/daumenkino.gif": (200, "image/gif", gif(10_000, 200, 200)),
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
    """A loopback picture server; background picture fetches and private fetches allowed for
    this test only (tasks run inline in tests)."""
    settings.MELDUNGEN = {**settings.MELDUNGEN, "ALLOW_PRIVATE_FETCH": True, "FETCH_PICTURES": True}
    OriginHandler.hits = {}
    with loopback_server(OriginHandler) as url:
        yield url


def feed_with_picture(picture_url: str, guid: str = "bild-1") -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Hafenblatt</title><link>https://hafen.example/</link>
<language>de</language>
<item><title>Neuer Kran im Hamburger Hafen</title><guid>{guid}</guid>
<link>https://hafen.example/kran</link><pubDate>Wed, 12 Feb 2025 17:27:49 GMT</pubDate>
<description>Der Hafen hat einen neuen Containerkran in Betrieb genommen, den größten an der
Elbe, wie die Betreiber am Mittwoch mitteilten.</description>
<enclosure url="{picture_url}" type="image/png" length="0"/>
</item></channel></rss>""".encode()


def stored_article() -> Article:
    return Article.objects.get(guid="bild-1")


def test_picture_is_fetched_when_the_item_is_stored_and_served_from_the_cache(
    client, origin, settings
):
    url = f"{origin}/foto.png"
    [result] = ingest_bytes(feed_with_picture(url), "hafen.xml")
    assert result.outcome == "new"
    assert OriginHandler.hits == {"/foto.png": 1}  # fetched by the background task, once
    cached = CachedImage.objects.get(url=url)
    assert (Path(settings.IMAGE_CACHE_DIR) / cached.path).read_bytes() == PNG
    path = proxy_url(url)
    assert path == f"/bild/{image_key(url)}"
    for _ in range(2):
        response = client.get(path)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        assert "max-age=31536000" in response["Cache-Control"]
        assert b"".join(response.streaming_content) == PNG
    article = stored_article()
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'<img src="{path}"' in html and "127.0.0.1" not in html
    assert f'<img src="{path}"' in client.get("/").content.decode()
    # Feeds carry the cached picture: RSS <enclosure>, Atom <link rel="enclosure">.
    expected = {"url": f"http://testserver{path}", "length": str(len(PNG)), "type": "image/png"}
    rss = ElementTree.fromstring(client.get("/rss.xml").content)
    assert rss.find("channel/item/enclosure").attrib == expected
    atom = ElementTree.fromstring(client.get("/atom.xml").content)
    link = atom.find(
        "{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}link[@rel='enclosure']"
    )
    assert {
        "url": link.get("href"),
        "length": link.get("length"),
        "type": link.get("type"),
    } == expected
    # Storing the item again (a new version) does not fetch the cached picture again.
    ingest_bytes(feed_with_picture(url).replace(b"<title>Neuer", b"<title>Neu: Ein"), "x.xml")
    assert OriginHandler.hits == {"/foto.png": 1}


@pytest.mark.parametrize(
    "name",
    [
        "grafik.svg",
        "seite.html",
        "falsch.png",
        "weg.jpg",
        "riesig.png",
        "kaputt.jpg",
        "daumenkino.gif",
    ],
)
def test_non_pictures_are_refused_recorded_and_left_out_of_the_page(client, origin, name):
    url = f"{origin}/{name}"
    ingest_bytes(feed_with_picture(url), "hafen.xml")
    assert OriginHandler.hits == {f"/{name}": 1}
    cached = CachedImage.objects.get(url=url)
    assert cached.error and not cached.path
    assert schedule_picture(url) is False  # a failure is not refetched at once
    assert OriginHandler.hits == {f"/{name}": 1}
    assert client.get(f"/bild/{cached.key}").status_code == 404
    html = client.get(stored_article().get_absolute_url()).content.decode()
    assert "<img" not in html and '<figure class="picture"' not in html
    assert "127.0.0.1" not in html and cached.key not in html


def test_private_addresses_are_refused_without_the_setting(client, origin, settings):
    settings.MELDUNGEN = {**settings.MELDUNGEN, "ALLOW_PRIVATE_FETCH": False}
    ingest_bytes(feed_with_picture(f"{origin}/foto.png"), "hafen.xml")
    assert OriginHandler.hits == {}
    cached = CachedImage.objects.get(url=f"{origin}/foto.png")
    assert cached.error and not cached.path
    assert "<img" not in client.get(stored_article().get_absolute_url()).content.decode()


def test_a_readers_request_never_fetches(client, origin, settings):
    """Pictures not (yet) cached: /bild/ answers 404 and pages leave the picture out, without
    contacting the picture's server."""
    settings.MELDUNGEN = {**settings.MELDUNGEN, "FETCH_PICTURES": False}
    url = f"{origin}/foto.png"
    ingest_bytes(feed_with_picture(url), "hafen.xml")
    CachedImage.objects.create(url=url, key=image_key(url))  # registered, never fetched
    assert client.get(f"/bild/{image_key(url)}").status_code == 404
    html = client.get(stored_article().get_absolute_url()).content.decode()
    assert "<img" not in html and '<figure class="picture"' not in html
    assert "<img" not in client.get("/").content.decode()
    feed = client.get("/rss.xml")
    assert feed.status_code == 200 and b"Neuer Kran" in feed.content
    assert b"enclosure" not in feed.content
    assert OriginHandler.hits == {}


def test_unknown_keys_answer_404(client):
    assert client.get("/bild/" + "a" * 64).status_code == 404
    assert client.get("/bild/nicht-hex").status_code == 404


def test_article_page_shows_a_cached_picture_with_its_size(client, make_article, origin):
    url = f"{origin}/foto.png"
    assert schedule_picture(url) is True
    article = make_article(
        "Mit Bild",
        picture_url=url,
        picture_caption="Ein Hafenkran im Nebel.",
        picture_credit="Foto-Agentur",
        picture_width=800,
        picture_height=600,
    )
    plain = make_article("Ohne Maße", picture_url=url, picture_caption="")
    html = client.get(f"/artikel/{article.pk}/").content.decode()
    assert "127.0.0.1" not in html
    assert (
        f'<img src="/bild/{image_key(url)}" loading="lazy" decoding="async" width="800" '
        f'height="600" alt="Ein Hafenkran im Nebel.">'
    ) in html
    assert "Foto-Agentur" in html
    html = client.get(f"/artikel/{plain.pk}/").content.decode()
    assert 'width="1200" height="675"' in html  # a default 16:9 box keeps the layout steady


def test_check_image_trusts_bytes_not_headers():
    assert check_image(PNG, "image/png; charset=binary") == "image/png"
    with pytest.raises(ImageRefused, match="not served"):
        check_image(b"<svg/>", "image/svg+xml")
    with pytest.raises(ImageRefused, match="not an image"):
        check_image(PNG, "text/html")
    with pytest.raises(ImageRefused, match="not a image/jpeg"):
        check_image(b"<html>kein Bild</html>", "image/jpeg")
    # A mislabelled picture is served as what its bytes are.
    assert check_image(gif(1), "image/jpeg") == "image/gif"


def test_check_image_reads_the_size_and_refuses_what_no_browser_should_decode():
    assert check_image(jpeg(1200, 675), "image/jpeg") == "image/jpeg"
    assert check_image(gif(12), "image/gif") == "image/gif"
    assert check_image(png_header(6000, 4000), "image/png") == "image/png"
    with pytest.raises(ImageRefused, match="too large to decode: 50000 × 50000"):
        check_image(png_header(50_000, 50_000), "image/png")
    with pytest.raises(ImageRefused, match="too large to decode: 30000 × 30000"):
        check_image(jpeg(30_000, 30_000), "image/jpeg")
    with pytest.raises(ImageRefused, match="10000 frames of 200 × 200"):
        check_image(gif(10_000, 200, 200), "image/gif")
    assert check_image(gif(10_000), "image/gif") == "image/gif"  # 10,000 pixels in all
    assert check_image(gif(783, 640, 421), "image/gif") == "image/gif"  # a real animation's size
    for cut in (PNG[:20], jpeg(100, 100)[:26], gif(1)[:9], b"\xff\xd8\xff"):
        with pytest.raises(ImageRefused, match="no size"):
            check_image(cut, "image/png")


def test_picture_size_of_webp_and_avif_headers():
    from PIL import Image

    from meldungen.web.imagesize import Size, picture_size

    def made(fmt: str, size: tuple[int, int]) -> bytes:
        out = BytesIO()
        Image.new("RGB", size).save(out, fmt)
        return out.getvalue()

    assert picture_size(made("WEBP", (1200, 675)), "image/webp") == Size(1200, 675)
    assert picture_size(made("AVIF", (80, 60)), "image/avif") == Size(80, 60)
    assert picture_size(made("PNG", (640, 480)), "image/webp") is None  # not what it claims
    assert picture_size(b"RIFF\0\0\0\0WEBPVP8X", "image/webp") is None
