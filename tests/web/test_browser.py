"""Home → article → tag page in Debian's Chromium, failing on any console error.

Keeps full-page screenshots of the article page in ``test-artifacts/``. Skips when
/usr/bin/chromium is missing (``.ci/run`` installs it from Debian); a browser is never
downloaded.
"""

from __future__ import annotations

import math
import struct
import zlib
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from loopback import loopback_server

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.db,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="Debian's Chromium (/usr/bin/chromium) "
        "is not installed; .ci/run installs it with apt",
    ),
]


def harbour_png(width: int = 1200, height: int = 675) -> bytes:
    """A drawn picture (dusk sky, sun, container cranes, water) as PNG: no image file needed."""
    horizon = int(height * 0.68)
    sun_x, sun_y, sun_r = int(width * 0.72), int(height * 0.46), int(height * 0.09)
    # (x0, x1, y0, y1): crane towers, booms and a row of containers, in a dark silhouette
    shapes = []
    for n, x in enumerate((140, 420, 860)):
        top = int(height * (0.18 + 0.06 * (n % 2)))
        shapes += [
            (x, x + 18, top, horizon),
            (x + 70, x + 88, top, horizon),
            (x - 90, x + 240, top, top + 14),
            (x + 30, x + 58, top + 14, top + 60),
        ]
    shapes += [(0, width, horizon - 34, horizon)]
    rows = []
    for y in range(height):
        if y < horizon:
            t = y / horizon  # deep blue at the top to warm orange at the horizon
            colour = (int(28 + 200 * t), int(42 + 90 * t), int(86 - 20 * t))
        else:
            t = (y - horizon) / (height - horizon)
            colour = (int(40 - 20 * t), int(56 - 24 * t), int(78 - 30 * t))
        row = bytearray(bytes(colour) * width)
        if abs(y - sun_y) < sun_r and y < horizon - 34:
            half = int(math.sqrt(sun_r**2 - (y - sun_y) ** 2))
            row[(sun_x - half) * 3 : (sun_x + half) * 3] = bytes((250, 196, 120)) * (2 * half)
        if y >= horizon and (y // 6) % 3 == 0:  # the sun's reflection on the water
            half = int(sun_r * 0.8 * (1 - (y - horizon) / (height - horizon)))
            row[(sun_x - half) * 3 : (sun_x + half) * 3] = bytes((176, 132, 92)) * (2 * half)
        for x0, x1, y0, y1 in shapes:
            if y0 <= y < y1:
                row[x0 * 3 : x1 * 3] = bytes((18, 22, 34)) * (x1 - x0)
        rows.append(b"\x00" + bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def picture_origin(settings) -> Iterator[str]:
    """A loopback server standing in for a picture agency; only the portal may contact it."""
    settings.MELDUNGEN = {**settings.MELDUNGEN, "ALLOW_PRIVATE_FETCH": True, "FETCH_PICTURES": True}
    body = harbour_png()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # the name http.server calls
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    with loopback_server(Handler) as url:
        yield url


def create_news(make_article, picture_url: str):
    """A small newsroom: a lead story with picture and sub-headings, related items, others."""
    lead = make_article(
        "Neue Containerbrücken sollen den Hamburger Hafen schneller machen",
        tags=("Hamburg", "Hafen", "Logistik"),
        ressort="Wirtschaft",
        minutes=0,
        teaser="Vier zusätzliche Kräne gehen am Burchardkai in Betrieb. Die Betreiber versprechen "
        "kürzere Liegezeiten, Anwohner fürchten mehr Lärm in der Nacht.",
        body=(
            "<p>Am Burchardkai haben am Mittwoch vier neue Containerbrücken den Betrieb "
            "aufgenommen. Jede der Anlagen kann nach Angaben des Terminalbetreibers bis zu "
            "40 Container pro Stunde bewegen, rund ein Viertel mehr als die Kräne, die sie "
            "ersetzen.</p><p>Die Investition von gut 120 Millionen Euro soll helfen, die "
            "Liegezeiten großer Schiffe zu verkürzen. Zuletzt warteten Frachter teils mehrere "
            "Tage auf der Elbe auf einen freien Liegeplatz.</p>"
            "<h2>Was sich für die Reedereien ändert</h2>"
            "<p>Reedereien sollen ihre Schiffe künftig verlässlicher planen können. Der Hafen "
            "konkurriert mit Rotterdam und Antwerpen um Ladung aus Asien.</p>"
            "<h2>Kritik aus den Stadtteilen</h2>"
            "<p>Anwohner in Waltershof und Finkenwerder kritisieren, dass die Kräne rund um die "
            "Uhr laufen. Der Senat kündigte zusätzliche Lärmmessungen an.</p>"
        ),
        picture_url=picture_url,
        picture_caption="Containerbrücken am Burchardkai in der Abenddämmerung.",
        picture_credit="Illustration: Meldungen",
        picture_width=1200,
        picture_height=675,
    )
    make_article(
        "Elbvertiefung: Baggerarbeiten gehen in die letzte Runde",
        tags=("Hamburg", "Elbe"),
        ressort="Politik",
        minutes=-95,
        teaser="Die Fahrrinne soll bis zum Sommer fertig sein.",
    )
    make_article(
        "Hafenumschlag wächst im ersten Quartal leicht",
        tags=("Hafen", "Logistik"),
        ressort="Wirtschaft",
        minutes=-240,
        teaser="Vor allem der Verkehr mit Skandinavien legte zu.",
    )
    make_article(
        "Streik der Hafenarbeiter vorerst abgewendet",
        tags=("Hafen", "Verdi"),
        ressort="Wirtschaft",
        minutes=-60 * 26,
        teaser="Gewerkschaft und Arbeitgeber einigen sich auf eine Schlichtung.",
    )
    make_article(
        "Bücherhallen verlängern ihre Öffnungszeiten",
        ressort="Kultur",
        minutes=-30,
        teaser="Drei Standorte öffnen künftig auch am Sonntag.",
        tags=("Hamburg",),
    )
    make_article(
        "Ohne Bild und ohne Ressort: Wetterdienst warnt vor Sturmböen",
        minutes=-10,
        tags=("Wetter",),
        teaser="An der Küste sind Böen bis 90 km/h möglich.",
    )
    return lead


def test_home_article_tag_in_chromium(live_server, make_article, picture_origin):
    from django.utils import timezone

    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    from meldungen.tasks import schedule_picture

    assert schedule_picture(f"{picture_origin}/kran.jpg")  # the fetch done when it is stored
    lead = create_news(make_article, f"{picture_origin}/kran.jpg")
    assert timezone.now() - lead.published > timedelta(0)  # shows old news too (no cut-off)
    ARTIFACTS.mkdir(exist_ok=True)

    problems: list[str] = []
    foreign: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="de-DE")
            page.on("console", lambda m: m.type == "error" and problems.append(m.text))
            page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
            # A load cut short by navigating on (net::ERR_ABORTED) is not a failure.
            page.on(
                "requestfailed",
                lambda r: (
                    "ERR_ABORTED" in (r.failure or "")
                    or problems.append(f"failed: {r.url} {r.failure}")
                ),
            )
            page.on(
                "request",
                lambda r: (
                    r.url.startswith(live_server.url)
                    or r.url.startswith("data:")
                    or foreign.append(r.url)
                ),
            )

            page.goto(live_server.url + "/")
            assert page.locator("html").get_attribute("lang") == "de"
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(ARTIFACTS / "home.png"), full_page=True)
            page.get_by_role("link", name=lead.headline).first.click()
            page.wait_for_load_state("networkidle")
            assert page.url == f"{live_server.url}/artikel/{lead.pk}/"
            assert page.locator("h1").inner_text() == lead.headline
            assert page.locator(".tags").inner_text() == "Hamburg, Hafen, Logistik"
            picture = page.locator("figure.picture img")
            picture.scroll_into_view_if_needed()
            page.wait_for_function(
                "img => img.complete && img.naturalWidth > 0", arg=picture.element_handle()
            )
            assert page.locator(".related li").count() == 4
            page.screenshot(path=str(ARTIFACTS / "article.png"), full_page=True)

            page.locator(".tags").get_by_role("link", name="Hafen").click()
            assert page.url == f"{live_server.url}/thema/hafen/"
            assert page.locator("h1").inner_text() == "Hafen"
            assert page.get_by_role("link", name=lead.headline).count() == 1
            page.screenshot(path=str(ARTIFACTS / "tag.png"), full_page=True)

            page.goto(live_server.url + "/")
            page.get_by_role("link", name="Ohne Bild und ohne Ressort").first.click()
            assert page.locator("article img").count() == 0
            assert page.locator("h1").inner_text().startswith("Ohne Bild")

            mobile = browser.new_page(viewport={"width": 390, "height": 844})
            mobile.on("console", lambda m: m.type == "error" and problems.append(m.text))
            mobile.goto(f"{live_server.url}/artikel/{lead.pk}/")
            mobile.wait_for_load_state("networkidle")
            width = mobile.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, f"the article page scrolls sideways on a phone ({width}px)"
            mobile.screenshot(path=str(ARTIFACTS / "article-mobile.png"), full_page=True)
        finally:
            browser.close()
    assert problems == []
    assert foreign == []  # the reader's browser never contacts the picture's origin
