"""Every answer of the HTTP cache says ``Vary: Cookie``: a page-cache hit (and its 304) as well
as the miss, since a reader with a session cookie gets another answer."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.db]


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.MELDUNGEN = {**settings.MELDUNGEN, "PAGE_CACHE": True, "PAGE_CACHE_MARGIN": 0}


def vary(response) -> set[str]:
    return {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}


@pytest.mark.parametrize("url", ["/", "/rss.xml", "/atom.xml", "/sitemap.xml", "/robots.txt"])
def test_miss_hit_and_304_vary_on_cookie(client, make_article, url):
    make_article("Stadtrat beschließt Haushalt", teaser="Der Rat stimmte zu.")
    first = client.get(url)
    second = client.get(url)
    assert first.status_code == second.status_code == 200
    assert second["X-Page-Cache"] == "hit"
    assert "cookie" in vary(first), first.headers
    assert "cookie" in vary(second), second.headers
    again = client.get(url, HTTP_IF_NONE_MATCH=second["ETag"])
    assert again.status_code == 304
    assert "cookie" in vary(again)
    head = client.head(url)
    assert "cookie" in vary(head)
