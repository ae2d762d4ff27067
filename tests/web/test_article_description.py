"""An article without a teaser (many wire items) still has a description: meta description,
og:description, twitter:description and the JSON-LD description take the start of its text,
cut at a word; an article with a teaser keeps the teaser."""

from __future__ import annotations

import html
import json
import re

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.db]

BODY = (
    "<p>Der Stadtrat hat am Abend den Haushalt für die kommenden zwei Jahre beschlossen.</p>"
    "<p>Mehr Geld fließt in Schulen, Radwege und die Sanierung der Stadthalle, die seit Jahren "
    "geschlossen ist; die Opposition stimmte geschlossen dagegen und kündigte an, gegen den "
    "Beschluss zu klagen, weil die Rücklagen zu stark angegriffen würden.</p>"
)


def metas(page: str) -> dict[str, str]:
    found = re.findall(r'<meta (?:name|property)="([^"]+)" content="([^"]*)">', page)
    return {key: html.unescape(value) for key, value in found}


def jsonld(page: str) -> dict:
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return json.loads(block.group(1))


def test_article_without_teaser_is_described_by_its_text(client, make_article):
    article = make_article("Stadtrat beschließt Doppelhaushalt", teaser="", body=BODY)
    page = client.get(article.get_absolute_url()).content.decode()
    found = metas(page)
    description = found["description"]
    assert description.startswith("Der Stadtrat hat am Abend den Haushalt")
    assert "<" not in description and len(description) <= 200
    assert description.endswith("…")  # cut, and at a word
    assert description[:-1].split()[-1] in BODY
    for key in ("og:description", "twitter:description"):
        assert found[key].startswith("Der Stadtrat hat am Abend"), key
    data = jsonld(page)
    assert data["description"].startswith("Der Stadtrat hat am Abend")


def test_article_with_teaser_keeps_the_teaser(client, make_article):
    teaser = "Mehr Geld für Schulen und Radwege."
    article = make_article("Stadtrat beschließt Doppelhaushalt", teaser=teaser, body=BODY)
    page = client.get(article.get_absolute_url()).content.decode()
    found = metas(page)
    assert found["description"] == found["og:description"] == teaser
    assert jsonld(page)["description"] == teaser


def test_article_without_any_text_has_no_empty_jsonld_description(client, make_article):
    article = make_article("Kurzmeldung ohne Text", teaser="", body="")
    page = client.get(article.get_absolute_url()).content.decode()
    assert "description" not in jsonld(page)
