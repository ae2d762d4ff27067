"""An item with no credit, no source and no link (a bare push to the API) gets an article page
without empty "@" and "Quelle:" lines; one with a credit keeps both."""

import pytest
from storehelp import put

pytestmark = [pytest.mark.django_db]


def test_no_credit_no_empty_lines(client):
    article = put("urn:test:ohne-quelle", "Elbbrücke in Magdeburg wird saniert", credit="")
    html = client.get(f"/artikel/{article.pk}/").content.decode()
    assert 'class="credit"' not in html
    assert 'class="attribution"' not in html


def test_a_credit_is_shown(client):
    article = put("urn:test:mit-quelle", "Elbbrücke in Magdeburg wird saniert", credit="dpa")
    html = client.get(f"/artikel/{article.pk}/").content.decode()
    assert '<p class="credit">@ dpa.de</p>' in html
    assert "Quelle: dpa.de" in html
