"""Control characters in the query string (HTML cannot carry them: the Nu checker reports
"Saw U+0000 in stream") are left out wherever a page shows the query: the search box of every
page, the search page's date fields and its feed links."""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.db]

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@pytest.mark.parametrize(
    "url",
    [
        "/suche?q=Haus%01halt&von=2025%00-01-01&bis=x%0b",
        "/suche?q=Haus%00halt",
        "/?q=%01%02",
        "/ressort/politik/?q=a%1fb",
    ],
)
def test_no_control_character_reaches_the_page(client, make_article, url):
    make_article("Stadtrat beschließt Haushalt", teaser="Der Rat stimmte zu.", ressort="Politik")
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert not CONTROL.search(page), CONTROL.search(page)


def test_the_query_is_kept_without_them(client, make_article):
    make_article("Stadtrat beschließt Haushalt", teaser="Der Rat stimmte zu.")
    page = client.get("/suche?q=Haus%01halt").content.decode()
    assert 'name="q" placeholder="Suchen" value="Haushalt"' in page
    assert "Suche „Haushalt“ (RSS)" in page
