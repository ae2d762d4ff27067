"""Query parameters at the edges: dates at the calendar's ends, invalid dates, huge page
numbers, NUL and control characters in query strings and path parts. Every public address
answers 400, 404 or a normal page, never 5xx."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote

import pytest
from django.utils import timezone
from storehelp import put

pytestmark = [pytest.mark.django_db, pytest.mark.db]

# Pages that take query parameters, each with the names of its parameters.
TARGETS = {
    "/suche": ("q", "von", "bis", "seite", "sort", "quelle", "ressort", "thema"),
    "/suche/rss.xml": ("q", "von", "bis", "quelle", "ressort", "thema"),
    "/suche/atom.xml": ("q", "von", "bis", "quelle", "ressort", "thema"),
    "/": ("seite",),
    "/rss.xml": ("seite",),
    "/ressort/politik/": ("seite",),
    "/api/articles": ("since", "until", "cursor", "limit", "q", "source", "story", "tag"),
    "/api/tags": ("cursor", "limit", "q"),
    "/api/stories": ("cursor", "limit", "since", "until"),
    "/sitemap.xml": ("p", "page"),
    "/sitemap-artikel.xml": ("p", "page"),
    "/sitemap-news.xml": ("p",),
}
VALUES = [
    "9999-12-31",
    "0001-01-01",
    "0000-00-00",
    "2025-02-30",
    "2025-13-01",
    "10000-01-01",
    "-0001-01-01",
    "9999-12-31T23:59:59+14:00",
    "0001-01-01T00:00:00-14:00",
    "9999999999999999999999999",
    "-1",
    "0",
    "1e309",
    "NaN",
    "abc\x00def",
    "\x00",
    "2025-01-01\x00",
    "\x01\x1f\x7f",
    "\ud800",
    "a" * 5000,
    "'\"<>;--",
]


@pytest.fixture
def stored(db):
    put(
        "e1",
        "Landtag tagt am Abend",
        teaser="Kurz.",
        ressort_hints=["politik"],
        published=timezone.now() - timedelta(hours=2),
        keywords=["Landtag"],
    )


def _get(client, path: str, query: str):
    response = client.get(path + "?" + query)
    assert response.status_code < 500, (path, query, response.status_code)
    assert response.status_code in (200, 301, 302, 304, 400, 404, 410, 422), (
        path,
        query,
        response.status_code,
    )
    return response


@pytest.mark.parametrize("path", list(TARGETS))
def test_edge_values_never_fail_the_server(client, stored, path):
    for name in TARGETS[path]:
        for value in VALUES:
            _get(client, path, f"{name}={quote(value, safe='', errors='surrogatepass')}")


@pytest.mark.parametrize("path", ["/suche", "/suche/rss.xml", "/api/articles", "/api/stories"])
def test_a_date_range_over_the_whole_calendar_is_a_normal_answer(client, stored, path):
    query = (
        "von=0001-01-01&bis=9999-12-31&q=Landtag"
        if path.startswith("/suche")
        else "since=0001-01-01T00:00:00Z&until=9999-12-31T23:59:59Z"
    )
    assert _get(client, path, query).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/artikel/1%00/",
        "/ressort/pol%00itik/",
        "/ressort/pol%00itik/rss.xml",
        "/thema/land%00tag/",
        "/thema/land%00tag/atom.xml",
        "/story/ab%00c/",
        "/story/ab%00c/rss.xml",
        "/quelle/1%00/",
        "/bild/%00/",
        "/sitemap-%00.xml",
        "/api/articles/1%00",
        "/api/stories/a%00b",
        "/api/tags/a%00b",
        "/suche%00",
        "/%00",
        "/artikel/99999999999999999999999/",
        "/api/articles/99999999999999999999999",
    ],
)
def test_nul_and_huge_numbers_in_path_parts(client, stored, path):
    response = client.get(path)
    assert response.status_code < 500, (path, response.status_code)


@pytest.mark.parametrize("address", ["/story/ab%00c/", "/api/stories/a%00b", "/thema/%00/rss.xml"])
def test_nul_in_a_path_is_a_bad_request(client, stored, address):
    response = client.get(address)
    assert response.status_code == 400
    assert "NUL" in response.content.decode()
