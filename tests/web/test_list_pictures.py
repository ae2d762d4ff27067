"""Pictures on home: each Ressort's first entry shows its picture when it is cached and valid,
and none when it is not (never a broken box); the page asks the image cache once for all of
them, not once per Ressort."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meldungen.news.models import CachedImage
from meldungen.web.images import image_key

pytestmark = [pytest.mark.django_db, pytest.mark.db]

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def cached(settings, url: str, content_type: str = "image/png", on_disk: bool = True) -> str:
    key = image_key(url)
    if on_disk:
        folder = Path(settings.IMAGE_CACHE_DIR)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{key}.png").write_bytes(PNG)
    CachedImage.objects.create(url=url, key=key, content_type=content_type, path=f"{key}.png")
    return key


def test_home_shows_cached_lead_pictures_only_and_asks_the_cache_once(
    client, settings, make_article
):
    shown = []
    for n, ressort in enumerate(["Politik", "Wirtschaft", "Sport", "Kultur"]):
        url = f"https://bilder.example.org/hafen-{n}.png"
        shown.append(cached(settings, url))
        make_article(f"Hafen {n}", ressort=ressort, picture_url=url, minutes=n)
        make_article(f"Älter {n}", ressort=ressort, picture_url=url, minutes=n - 30)
    lost = "https://bilder.example.org/verloren.png"  # recorded, its file gone
    cached(settings, lost, on_disk=False)
    make_article("Ohne Datei", ressort="Panorama", picture_url=lost)
    svg = "https://bilder.example.org/grafik.svg"
    cached(settings, svg, content_type="image/svg+xml")
    make_article("Grafik", ressort="Ausland", picture_url=svg)
    make_article("Nie geholt", ressort="Inland", picture_url="https://x.example/n.png")
    make_article("Kein Link", ressort="Wissen", picture_url="javascript:alert(1)")

    with CaptureQueriesContext(connection) as queries:
        html = client.get("/").content.decode()

    for key in shown:
        assert html.count(f'<img src="/bild/{key}"') == 1  # the lead's, not the older entry's
    assert html.count("<img ") == len(shown)
    for name in ("Ohne Datei", "Grafik", "Nie geholt", "Kein Link", "Älter 0"):
        assert name in html
    asked = [q["sql"] for q in queries if "cachedimage" in q["sql"].lower()]
    assert len(asked) == 1, asked
