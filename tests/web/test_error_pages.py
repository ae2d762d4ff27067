"""Error pages in the site's layout, and templates that cannot fail on a missing relation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.db import DatabaseError
from django.template.loader import get_template
from django.test import Client

import meldungen

pytestmark = [pytest.mark.django_db, pytest.mark.db]

TEMPLATES = Path(meldungen.__file__).parent


def test_404_uses_the_site_layout(client):
    response = client.get("/gibt-es-nicht/")
    html = response.content.decode()
    assert response.status_code == 404
    assert 'class="site-header"' in html and 'class="site-footer"' in html
    assert "portal.css" in html and "Seite nicht gefunden" in html


def test_500_renders_without_context_and_has_the_site_look():
    html = get_template("500.html").render()  # as Django's server_error renders it: no request
    assert 'class="site-header"' in html and 'class="site-footer"' in html
    assert "/static/web/portal.css" in html and 'lang="de"' in html


def test_500_page_when_a_view_and_the_database_fail(monkeypatch, settings):
    from meldungen.web import views

    def broken(*args, **kwargs):
        raise DatabaseError("database is gone")

    monkeypatch.setattr(views, "visible_articles", broken, raising=False)
    monkeypatch.setattr("meldungen.web.context.stored_ressorts", broken)
    settings.DEBUG = False
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 500
    assert "Da ist etwas schiefgegangen" in response.content.decode()
    assert 'class="site-header"' in response.content.decode()


def test_404_renders_when_the_navigation_query_fails(monkeypatch, client):
    def broken(*args, **kwargs):
        raise DatabaseError("database is gone")

    monkeypatch.setattr("meldungen.web.context.stored_ressorts", broken)
    response = client.get("/gibt-es-nicht/")
    assert response.status_code == 404 and "site-header" in response.content.decode()


# Django resolves a filter's *argument* strictly: ``x|default:a.source.name`` raises when
# ``a.source`` is None, which turned every search with a source-less article into a 500.
_DOTTED_ARGUMENT = re.compile(r"\|\s*\w+\s*:\s*([A-Za-z_]\w*(?:\.\w+){2,})")


def test_no_template_passes_a_relation_chain_as_filter_argument():
    offenders = []
    for path in TEMPLATES.rglob("templates/**/*.*"):
        for match in _DOTTED_ARGUMENT.finditer(path.read_text(encoding="utf-8")):
            offenders.append(f"{path.relative_to(TEMPLATES)}: {match.group(0)}")
    assert offenders == []


def test_search_results_without_source(client, make_article):
    make_article("Putin trifft Trump in Genf", source_name="", credit="", body="<p>Putin.</p>")
    from meldungen.search.indexing import rebuild_index

    rebuild_index()
    for sort in ("relevance", "date", "datum"):
        response = client.get("/suche", {"q": "Putin", "sort": sort})
        assert response.status_code == 200
        assert "<mark>Putin</mark> trifft" in response.content.decode()


def test_403_400_and_a_refused_form_answer_in_german(admin_client):
    """Django's own 403, 400 and CSRF pages are English ("403 Forbidden", "Bad Request (400)",
    "CSRF verification failed"): a reader whose form expired saw one of them."""
    refused = admin_client.get(
        "/admin/autocomplete/", {"app_label": "auth", "model_name": "group", "field_name": "user"}
    )
    assert refused.status_code == 403 and "Kein Zugriff" in refused.content.decode()
    assert 'lang="de"' in refused.content.decode()
    bad_host = Client().get("/", HTTP_HOST="fremd.example")
    assert bad_host.status_code == 400 and "Ungültige Anfrage" in bad_host.content.decode()
    html = get_template("400.html").render()  # as Django's bad_request renders it: no request
    assert 'class="site-header"' in html and "Ungültige Anfrage" in html
    form = Client(enforce_csrf_checks=True).post("/konto/anmelden/", {"username": "x"})
    assert form.status_code == 403 and "Formular abgelaufen" in form.content.decode()
    assert "CSRF verification failed" not in form.content.decode()
