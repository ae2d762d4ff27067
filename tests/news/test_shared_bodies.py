"""A body several states have ("Senat") is one topic per state on the portal's pages (runs on
both databases: db marker)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from meldungen.ingest.draft import ArticleDraft
from meldungen.news.models import Article
from meldungen.news.services import store_draft

pytestmark = [pytest.mark.django_db, pytest.mark.db]


def put(n: int, headline: str, body: str) -> Article:
    draft = ArticleDraft(
        guid=f"urn:test:senat-{n}", headline=headline, format="ninjs", body=f"<p>{body}</p>",
        published=datetime(2025, 3, 18, 10, n, tzinfo=UTC), credit="dpa",
    )  # fmt: skip
    result = store_draft(draft)
    assert result.outcome == "new", result
    return Article.objects.get(pk=result.article_id)


def test_two_senates_are_two_topics(client):
    rome = put(1, "Senat billigt Italiens Haushalt",
               "Der italienische Senat hat am Dienstag den Haushalt gebilligt. Italien muss"
               " sparen, sagte die Regierung in Rom. Der Senat stimmte zu.")  # fmt: skip
    washington = put(2, "Senat billigt Hilfen für Farmer",
                     "Der Senat der USA hat Hilfen für Farmer gebilligt. Die USA zahlen damit"
                     " Milliarden, der Senat stimmte in Washington zu.")  # fmt: skip
    rome_tag = next(e for e in rome.tags() if e.key.startswith("org:senat"))
    washington_tag = next(e for e in washington.tags() if e.key.startswith("org:senat"))
    assert (rome_tag.key, rome_tag.display) == ("org:senat-italien", "Senat (Italien)")
    assert (washington_tag.key, washington_tag.display) == ("org:senat-usa", "Senat (USA)")
    html = client.get(f"/artikel/{rome.pk}/").content.decode()
    assert f'href="{rome_tag.get_absolute_url()}"' in html and "Senat (Italien)" in html
    topic = client.get(rome_tag.get_absolute_url())
    assert topic.status_code == 200
    page = topic.content.decode()
    assert "Senat billigt Italiens Haushalt" in page and "Farmer" not in page
