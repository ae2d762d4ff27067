"""Pictures and tags of lists and feeds. Home: each Ressort's first entry shows its picture
when it is cached and valid, and none when it is not (never a broken box); the page asks the
image cache once for all of them, not once per Ressort. A feed reads its items' tags and
pictures once for all items."""

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


@pytest.mark.parametrize("path", ["/rss.xml", "/atom.xml", "/ressort/politik/rss.xml"])
def test_a_feed_reads_its_items_tags_and_pictures_once(client, settings, make_article, path):
    keys = []
    for n in range(5):
        url = f"https://bilder.example.org/feed-{n}.png"
        keys.append(cached(settings, url))
        make_article(f"Hafen {n}", ressort="Politik", picture_url=url, minutes=n,
                     tags=(f"Hamburg {n}", "Elbe"))  # fmt: skip
    make_article("Ohne Bild", ressort="Politik", picture_url="https://x.example/n.png",
                 tags=("Kiel",), minutes=9)  # fmt: skip

    with CaptureQueriesContext(connection) as queries:
        xml = client.get(path).content.decode()

    for n, key in enumerate(keys):
        assert f"/bild/{key}" in xml
        assert f"Hamburg {n}" in xml
    assert xml.count("/bild/") == len(keys)  # none for the picture never fetched
    assert "Kiel" in xml and xml.count("Elbe") == len(keys)
    sql = [q["sql"].lower() for q in queries]
    assert len([q for q in sql if "cachedimage" in q]) == 1
    assert len([q for q in sql if "articleentity" in q and "is_tag" in q]) == 1
