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


def test_a_source_named_only_by_its_host_shows_the_sites_own_name(client):
    from meldungen.ingest.draft import ArticleDraft
    from meldungen.news.models import Article, Source
    from meldungen.news.services import store_draft

    # ``sources add`` without --name names a page source by its host; the page names its site
    source = Source.objects.create(name="lokal.example", url="https://lokal.example/a.html")
    draft = ArticleDraft(
        guid="https://lokal.example/a.html", headline="Elbbrücke in Magdeburg wird saniert",
        format="page", body="<p>Die Brücke wird saniert.</p>", source="Stadtanzeiger",
    )  # fmt: skip
    article = Article.objects.get(pk=store_draft(draft, source).article_id)
    html = client.get(f"/artikel/{article.pk}/").content.decode()
    assert '<p class="credit">@ Stadtanzeiger</p>' in html
    assert f'Quelle: <a href="/quelle/{source.pk}/">Stadtanzeiger</a>' in html
    assert "lokal.example</a>" not in html
