"""The canonical URL keeps only what makes a different page: the search's query and a page
number past the first. ?q= on a page that is not the search, ?seite=1 and ?page= (read by no
view) named a second URL of the same page."""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.db]


def canonical(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    found = re.findall(r'<link rel="canonical" href="([^"]*)">', response.content.decode())
    assert len(found) == 1, found
    return found[0]


@pytest.fixture
def many(make_article, settings):
    # more than one page of the home list and the Ressort
    settings.MELDUNGEN = {**settings.MELDUNGEN, "PAGE_SIZE": 5}
    return [
        make_article(f"Meldung Nummer {n} aus dem Rathaus", minutes=n, ressort="Politik")
        for n in range(12)
    ]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/", "http://testserver/"),
        ("/?q=Rathaus", "http://testserver/"),
        ("/?seite=1", "http://testserver/"),
        ("/?page=2", "http://testserver/"),
        ("/?seite=2&utm_source=x", "http://testserver/?seite=2"),
        ("/ressort/politik/?seite=1&q=x", "http://testserver/ressort/politik/"),
        ("/ressort/politik/?seite=2", "http://testserver/ressort/politik/?seite=2"),
        ("/suche?q=Rathaus", "http://testserver/suche?q=Rathaus"),
        ("/suche?q=Rathaus&seite=1&sort=date", "http://testserver/suche?q=Rathaus"),
        ("/suche?q=Rathaus&seite=2", "http://testserver/suche?q=Rathaus&amp;seite=2"),
    ],
)
def test_canonical_keeps_only_what_makes_another_page(client, many, url, expected):
    assert canonical(client, url) == expected


@pytest.mark.parametrize("url", ["withdrawn", "/artikel/999999/", "/thema/gibt-es-nicht/", "/x/"])
def test_error_pages_name_no_canonical_and_are_not_indexed(client, make_article, url):
    """A withdrawn article (410) or a missing page (404) must not advertise itself as the
    canonical URL of anything, nor offer OpenGraph or feeds of a page that is not there."""
    if url == "withdrawn":
        gone = make_article("Stadtrat vertagt Entscheidung zum Hallenbad", pubstatus="withdrawn")
        url = f"/artikel/{gone.pk}/"
    response = client.get(url)
    assert response.status_code in (404, 410), url
    head = response.content.decode().split("</head>")[0]
    assert 'rel="canonical"' not in head and "og:url" not in head and "alternate" not in head
    assert '<meta name="robots" content="noindex">' in head
