"""The editors' change forms with odd values: a form error in German, never a 500.

Found by submitting every admin change form with odd values (empty, numbers, 1e309, markup,
control characters) on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import lxml.html
import pytest

from meldungen.ingest.draft import ArticleDraft
from meldungen.news.models import Article
from meldungen.news.services import store_draft

pytestmark = [pytest.mark.django_db, pytest.mark.db]


@pytest.fixture
def stored():
    return store_draft(
        ArticleDraft(
            guid="urn:test:admin-forms",
            headline="Merkel besucht Paris",
            format="digitalwires",
            body="<p>Angela Merkel ist in Paris mit Emmanuel Macron zusammengetroffen.</p>",
            published=datetime(2025, 5, 5, 10, 0, tzinfo=UTC),
            keywords=["Politik"],
        )
    )


def form_data(page: str) -> list[tuple[str, str]]:
    """What a browser submits for the admin's change form on ``page`` (as it stands)."""
    doc = lxml.html.fromstring(page)
    form = next(f for f in doc.forms if f.get("id", "").endswith("_form"))
    data = []
    for el in form.inputs:
        if not el.name or "__prefix__" in el.name:
            continue
        if el.tag == "select":
            data += [(el.name, o.get("value")) for o in el.findall(".//option[@selected]")]
        elif el.tag == "textarea":
            data.append((el.name, el.text_content()))
        elif el.get("type") in ("checkbox", "radio"):
            if el.checked:
                data.append((el.name, el.get("value") or "on"))
        elif el.get("type") not in ("submit", "button", "file"):
            data.append((el.name, el.get("value") or ""))
    return data


def post_with(client, url: str, field: str, value: str):
    data = [(k, value if k == field else v) for k, v in form_data(client.get(url).content.decode())]
    return client.post(url, dict_of_lists(data))


def dict_of_lists(pairs):
    out: dict[str, list[str]] = {}
    for k, v in pairs:
        out.setdefault(k, []).append(v)
    return out


@pytest.mark.parametrize("value", ["-1", "99999999999999999999", "1e309", '{"a": 1}', "[1, 2]"])
@pytest.mark.parametrize("field", ["keywords", "ressort_hints"])
def test_article_list_fields_refuse_what_is_no_list_of_texts(admin_client, stored, field, value):
    url = f"/admin/news/article/{stored.article_id}/change/"
    response = post_with(admin_client, url, field, value)
    assert response.status_code == 200  # the form again, with its error
    assert "Eine JSON-Liste von Texten angeben" in response.content.decode()
    assert Article.objects.get(pk=stored.article_id).keywords == ["Politik"]


def test_article_list_fields_empty_is_the_empty_list(admin_client, stored):
    url = f"/admin/news/article/{stored.article_id}/change/"
    response = post_with(admin_client, url, "keywords", "")
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Article.objects.get(pk=stored.article_id).keywords == []
    response = post_with(admin_client, url, "keywords", '["Berlin", "Wahl"]')
    assert response.status_code == 302
    assert Article.objects.get(pk=stored.article_id).keywords == ["Berlin", "Wahl"]


def test_alert_follows_refuse_infinity(admin_client, stored):
    from django.contrib.auth import get_user_model

    from meldungen.follow.models import Alert

    reader = get_user_model().objects.create_user("leser", "l@example.org", "pw-Leser-1")
    alert = Alert.objects.create(
        user=reader, story_id="1", article_id=stored.article_id, reason="new", follows=[]
    )
    response = post_with(
        admin_client, f"/admin/follow/alert/{alert.pk}/change/", "follows", "1e309"
    )
    assert response.status_code == 200
    assert "unendlich" in response.content.decode()
    alert.refresh_from_db()
    assert alert.follows == []


def test_webhook_deliveries_are_a_log_not_added_by_hand(admin_client):
    # every field is read-only: an added row had no payload (NOT NULL: a 500)
    assert admin_client.get("/admin/follow/webhookdelivery/add/").status_code == 403
    assert admin_client.post("/admin/follow/webhookdelivery/add/", {}).status_code == 403
    listing = admin_client.get("/admin/follow/webhookdelivery/").content.decode()
    assert "/admin/follow/webhookdelivery/add/" not in listing


@pytest.mark.parametrize(
    "address",
    [
        "/admin/news/article/?kind__exact=%00",
        "/admin/news/entity/?type__exact=a%00b",
        "/admin/news/source/?ressort__exact=%00",
        "/admin/follow/follow/?kind__exact=%00",
        "/admin/news/article/?q=x&%00=1",
        "/admin/autocomplete/?term=%00&app_label=news&model_name=articleentity&field_name=entity",
    ],
)
def test_nul_in_an_admin_query_string_is_a_bad_request(admin_client, stored, address):
    # PostgreSQL cannot compare text holding NUL: list filters and the autocomplete were a 500
    response = admin_client.get(address)
    assert response.status_code == 400
    assert "NUL-Zeichen" in response.content.decode()
    assert admin_client.get("/admin/news/article/?kind__exact=news&q=Merkel").status_code == 200


def entity(display: str):
    from meldungen.news.models import Entity

    return Entity.objects.get(display=display, merged_into__isnull=True)


def test_an_entity_cannot_be_merged_into_itself_by_hand(admin_client, stored):
    from meldungen.news.topics import merge

    merkel, macron = entity("Merkel"), entity("Macron")
    url = f"/admin/news/entity/{merkel.pk}/change/"
    response = post_with(admin_client, url, "merged_into", str(merkel.pk))
    assert response.status_code == 200
    assert "nicht in sich selbst zusammengeführt" in response.content.decode()
    merge(merkel, [macron])  # Macron is now Merkel's: Merkel into Macron would be a circle
    response = post_with(admin_client, url, "merged_into", str(macron.pk))
    assert response.status_code == 200
    merkel.refresh_from_db()
    assert merkel.merged_into_id is None


def test_merging_by_hand_moves_the_articles_as_the_action_does(admin_client, stored):
    from meldungen.news.models import ArticleEntity

    merkel, macron = entity("Merkel"), entity("Macron")
    url = f"/admin/news/entity/{macron.pk}/change/"
    assert post_with(admin_client, url, "merged_into", str(merkel.pk)).status_code == 302
    macron.refresh_from_db()
    merkel.refresh_from_db()
    assert macron.merged_into_id == merkel.pk
    assert not ArticleEntity.objects.filter(entity=macron).exists()
    assert ArticleEntity.objects.filter(entity=merkel, article_id=stored.article_id).exists()


def test_the_merge_action_with_a_merged_entity_makes_no_circle(admin_client, stored):
    from meldungen.news.models import Entity
    from meldungen.news.topics import merge

    merkel, macron = entity("Merkel"), entity("Macron")
    merge(merkel, [macron])
    Entity.objects.filter(pk=macron.pk).update(article_count=99)  # its count before the merge
    response = admin_client.post(
        "/admin/news/entity/",
        {"action": "merge_into_first", "_selected_action": [merkel.pk, macron.pk]},
    )
    assert response.status_code == 302
    merkel.refresh_from_db()
    macron.refresh_from_db()
    assert merkel.merged_into_id is None and macron.merged_into_id == merkel.pk


def test_a_circle_of_merges_does_not_hold_a_reader_forever(client, stored):
    # The API's tag, the tag feed and the search's topic filter followed merges unbounded: a
    # circle (made by hand before the form refused it) kept the request looping for ever.
    import signal

    from meldungen.news.models import Entity

    merkel, macron = entity("Merkel"), entity("Macron")
    Entity.objects.filter(pk=merkel.pk).update(merged_into=macron)
    Entity.objects.filter(pk=macron.pk).update(merged_into=merkel)

    def stuck(signum, frame):
        raise TimeoutError("a reader's request loops")

    previous = signal.signal(signal.SIGALRM, stuck)
    try:
        for address in (
            f"/api/tags/{merkel.slug}",
            f"/thema/{merkel.slug}/rss.xml",
            f"/suche/?q=Paris&thema={merkel.slug}",
            f"/thema/{merkel.slug}/",
        ):
            signal.alarm(10)
            assert client.get(address).status_code < 500, address
            signal.alarm(0)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_a_new_slug_never_takes_another_topics_former_address(admin_client, stored):
    # the save deleted whatever TopicSlug had the new slug: another topic's old address
    # stopped redirecting to it and showed this one instead
    from meldungen.news.models import TopicSlug

    merkel, macron = entity("Merkel"), entity("Macron")
    TopicSlug.objects.create(slug="emmanuel-alt", entity=macron)
    url = f"/admin/news/entity/{merkel.pk}/change/"
    response = post_with(admin_client, url, "slug", "emmanuel-alt")
    assert response.status_code == 200
    assert "leitet dorthin weiter" in response.content.decode()
    assert TopicSlug.objects.get(slug="emmanuel-alt").entity_id == macron.pk
    # its own former address it may take back
    assert post_with(admin_client, url, "slug", "angela-merkel-neu").status_code == 302
    assert post_with(admin_client, url, "slug", merkel.slug).status_code == 302
    merkel.refresh_from_db()
    assert merkel.slug == entity("Merkel").slug
    assert TopicSlug.objects.get(slug="angela-merkel-neu").entity_id == merkel.pk


def test_a_publication_time_no_page_can_show_is_a_form_error(admin_client, stored):
    url = f"/admin/news/article/{stored.article_id}/change/"
    response = post_with(admin_client, url, "published_0", "31.12.9999")
    assert response.status_code == 200
    assert "Nur Zeiten zwischen" in response.content.decode()
    assert Article.objects.get(pk=stored.article_id).published.year == 2025
    assert admin_client.get("/admin/news/article/").status_code == 200
