"""The editors' desk stands up to hand-made requests: an action posted with ids that are no
ids, and the autocomplete view asked about fields that have no autocomplete widget, answer a
message or 403, never 500."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.apps import apps
from django.contrib import admin

from meldungen.ingest.draft import ArticleDraft
from meldungen.news.models import Article
from meldungen.news.services import store_draft

pytestmark = [pytest.mark.django_db, pytest.mark.db]

BAD_IDS = ["abc", "1.5", "", "99999999999999999999999", "-"]


@pytest.fixture
def stored():
    return store_draft(
        ArticleDraft(
            guid="urn:test:admin-odd",
            headline="Wahlkreise in Thüringen neu zugeschnitten",
            format="digitalwires",
            body="<p>Der Landtag in Erfurt hat die Grenzen von drei Wahlkreisen geändert.</p>",
            published=datetime(2025, 5, 5, 10, 0, tzinfo=UTC),
        )
    )


@pytest.fixture
def desk(admin_client):
    admin_client.raise_request_exception = False  # a 500 shows as a 500, not as an exception
    return admin_client


def _changelist(model) -> str:
    return f"/admin/{model._meta.app_label}/{model._meta.model_name}/"


def test_every_action_with_ids_that_are_no_ids_is_refused_with_a_message(
    desk, stored, admin_user, rf
):
    request = rf.get("/admin/")
    request.user = admin_user
    answered = 0
    for model, model_admin in admin.site._registry.items():
        for action in model_admin.get_actions(request):
            for value in BAD_IDS:
                response = desk.post(
                    _changelist(model),
                    {"action": action, "index": "0", "_selected_action": [value]},
                    follow=True,
                )
                assert response.status_code == 200, (model, action, value)
                assert "Ungültige Auswahl" in response.content.decode(), (model, action, value)
                answered += 1
    assert answered >= 40
    assert Article.objects.get(pk=stored.article_id).pubstatus != "withdrawn"


def test_an_action_with_one_bad_id_among_good_ones_changes_nothing(desk, stored):
    desk.post(
        "/admin/news/article/",
        {"action": "withdraw", "_selected_action": [stored.article_id, "abc"]},
    )
    assert Article.objects.get(pk=stored.article_id).pubstatus != "withdrawn"
    good = {"action": "withdraw", "_selected_action": [stored.article_id]}
    desk.post("/admin/news/article/", good)
    assert Article.objects.get(pk=stored.article_id).pubstatus == "withdrawn"


def test_a_list_edit_with_a_row_id_past_the_range_is_refused(desk, stored):
    response = desk.post(
        "/admin/news/entity/",
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": "99999999999999999999999",
            "form-0-blocked": "on",
            "_save": "Sichern",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "Ungültige Auswahl" in response.content.decode()


def test_autocomplete_for_any_field_of_any_model_never_answers_500(desk, stored):
    asked = 0
    for model in apps.get_models():
        for field in model._meta.get_fields():
            response = desk.get(
                "/admin/autocomplete/",
                {
                    "app_label": model._meta.app_label,
                    "model_name": model._meta.model_name,
                    "field_name": field.name,
                    "term": "Erf",
                },
            )
            assert response.status_code in (200, 403, 404), (model, field.name)
            asked += 1
    assert asked > 100
    # a reverse relation (the users of a group) has no widget: refused like an unknown field
    refused = desk.get(
        "/admin/autocomplete/",
        {"app_label": "auth", "model_name": "group", "field_name": "user"},
    )
    assert refused.status_code == 403


def test_the_inline_autocomplete_still_finds_entities(desk, stored):
    response = desk.get(
        "/admin/autocomplete/",
        {
            "app_label": "news",
            "model_name": "articleentity",
            "field_name": "entity",
            "term": "Erf",
        },
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Erfurt"]
    for missing in ({}, {"app_label": "news"}, {"app_label": "news", "model_name": "article"}):
        assert desk.get("/admin/autocomplete/", missing).status_code == 403
