"""A copy is hidden only behind an original readers can see. A news item whose text an item
readers never see because of its kind was stored with first (a wire's "Vorschau" or test item,
another sender's service note) takes over as the original of that text, in the same story:
listed, searchable, its own page. When ``meldungen enrich`` judges an original as service
traffic, its news copies are handed on (the first becomes the original), as a withdrawal does.
Through the single store, the batch store (in two batches and in one) and the pages."""

from __future__ import annotations

import dataclasses
import re
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command

from meldungen.ingest import kind
from meldungen.news.models import Article, Source, StoryArticle
from meldungen.news.services import store_draft, store_results
from tests.news.test_rejudged_kinds import REPORT, at, lists
from tests.storehelp import fernwaerme_wire

pytestmark = [pytest.mark.django_db, pytest.mark.db]

HEADLINE = "Fernwärme in Magdeburg wird teurer"
NEW_GENRE = "dpatextgenre:41"


@pytest.fixture
def senders(db) -> dict[str, Source]:
    cache.clear()
    return {
        name: Source.objects.create(name=name, url=f"https://{name}.example/wire", kind="wire")
        for name in ("dpa", "epd", "afp")
    }


def item(name: str, hour: int, **kw):
    return fernwaerme_wire(
        REPORT, guid=f"urn:{name}:fernwaerme", published=at(hour), source=name, credit=name, **kw
    )


def store(way: str, senders, drafts: list[tuple[str, object]]) -> list:
    """Store (sender, draft) pairs: one by one, in a batch each, or (``one batch``) the items
    of one sender together."""
    if way == "single":
        return [store_draft(d, senders[name]) for name, d in drafts]
    if way == "batches":
        return [store_results([d], "wire.json", senders[name])[0] for name, d in drafts]
    assert len({name for name, _ in drafts}) == 1
    return store_results([d for _, d in drafts], "wire.json", senders[drafts[0][0]])


def search(client) -> str:
    return client.get("/suche?q=Fernwärme").content.decode()


def seen_everywhere(client, article: Article) -> None:
    seen = lists(client, article.ressort.lower())
    for url, ids in seen.items():
        assert article.pk in ids, url
    page = client.get(f"/artikel/{article.pk}/")
    assert page.status_code == 200 and HEADLINE in page.content.decode()


@pytest.mark.parametrize("way", ["single", "batches"])
def test_news_with_the_text_of_a_service_note_is_listed(client, senders, way):
    [note] = store(way, senders, [("dpa", item("dpa", 8, genres=["Vorschau"]))])
    [news] = store(way, senders, [("epd", item("epd", 9, genres=["Meldung"]))])
    assert note.outcome == "new" and news.outcome == "new", (note, news)
    note_row, news_row = (
        Article.objects.get(pk=note.article_id),
        Article.objects.get(pk=news.article_id),
    )
    assert (note_row.kind, news_row.kind) == ("service", "news")
    assert news_row.duplicate_of_id is None and note_row.duplicate_of_id == news_row.pk
    assert news_row.story_id == note_row.story_id is not None  # the same story
    records = dict(StoryArticle.objects.values_list("article_id", "copy_of"))
    assert records[news_row.pk] is None and records[note_row.pk] == str(news_row.pk)
    seen_everywhere(client, news_row)
    # later items of the text are copies of the report readers see, news or not
    [third] = store(way, senders, [("afp", item("afp", 10, genres=["Meldung"]))])
    assert third.outcome == "duplicate" and third.reason == f"copy of #{news_row.pk}", third
    seen_everywhere(client, news_row)
    assert client.get(f"/artikel/{third.article_id}/").status_code == 301


@pytest.mark.parametrize("genre", ["Vorschau", "Test"])
def test_in_one_batch_after_a_service_or_test_item(client, senders, genre):
    results = store(
        "one batch",
        senders,
        [
            ("dpa", item("dpa", 8, genres=[genre])),
            ("dpa", dataclasses.replace(item("dpa", 9, genres=["Meldung"]), guid="urn:dpa:2")),
            ("dpa", dataclasses.replace(item("dpa", 10, genres=["Meldung"]), guid="urn:dpa:3")),
        ],
    )
    assert [r.outcome for r in results] == ["new", "new", "duplicate"], results
    note, news, copy = (Article.objects.get(pk=r.article_id) for r in results)
    assert note.kind != "news" and news.duplicate_of_id is None
    assert note.duplicate_of_id == news.pk and copy.duplicate_of_id == news.pk
    assert news.story_id == note.story_id == copy.story_id is not None
    seen_everywhere(client, news)


def upgraded(monkeypatch, genres: set[str]) -> None:
    markers = kind.load_markers()
    new = dataclasses.replace(markers, service_genres=markers.service_genres | genres)
    monkeypatch.setattr(kind, "load_markers", lambda *a, **kw: new)


def test_enrich_hands_on_the_copies_of_an_original_it_judges_service(client, senders, monkeypatch):
    """The wire's item is a topic package by the new markers: the other sender's report with
    its text, stored as its copy, is listed in its place; judged news again, the package stays
    a copy (one entry)."""
    original = store_draft(item("dpa", 8, genres=[NEW_GENRE]), senders["dpa"])
    copy = store_draft(item("epd", 9, genres=["Meldung"]), senders["epd"])
    later = store_draft(item("afp", 10, genres=["Meldung"]), senders["afp"])
    assert (original.outcome, copy.outcome, later.outcome) == ("new", "duplicate", "duplicate")
    upgraded(monkeypatch, {NEW_GENRE})
    out = StringIO()
    call_command("enrich", "--all", stdout=out)
    assert "re-judged 1 news item(s) as service traffic (not listed)" in out.getvalue()
    rows = {a.pk: a for a in Article.objects.all()}
    heir = rows[copy.article_id]
    assert heir.duplicate_of_id is None and heir.kind == "news"
    assert rows[later.article_id].duplicate_of_id == heir.pk
    assert rows[original.article_id].duplicate_of_id == heir.pk
    seen_everywhere(client, heir)
    story = client.get(f"/story/{heir.story_id}/").content.decode()
    assert f"/artikel/{heir.pk}/" in story
    monkeypatch.undo()
    cache.clear()
    call_command("enrich", "--all", stdout=StringIO())
    assert Article.objects.get(pk=original.article_id).kind == "news"
    assert Article.objects.get(pk=original.article_id).duplicate_of_id == heir.pk
    seen = lists(client, heir.ressort.lower())
    for url, ids in seen.items():  # (search names the copies as the hit's other sources)
        assert heir.pk in ids, url
        assert original.article_id not in ids or url.startswith("/suche"), url
    hits = re.findall(r'item-headline"><a href="/artikel/(\d+)/', search(client))
    assert hits == [str(heir.pk)]


def test_enrich_lets_a_copy_judged_news_take_over(client, senders, monkeypatch):
    """A copy of a service note that the markers now call news takes over as the original."""
    upgraded(monkeypatch, {NEW_GENRE})
    note = store_draft(item("dpa", 8, genres=["Vorschau"]), senders["dpa"])
    package = store_draft(item("epd", 9, genres=[NEW_GENRE]), senders["epd"])
    assert (note.outcome, package.outcome) == ("new", "duplicate")
    monkeypatch.undo()
    call_command("enrich", "--all", stdout=StringIO())
    heir = Article.objects.get(pk=package.article_id)
    assert heir.kind == "news" and heir.duplicate_of_id is None
    assert Article.objects.get(pk=note.article_id).duplicate_of_id == heir.pk
    seen_everywhere(client, heir)
    assert re.search(rf"/artikel/{heir.pk}/", client.get("/").content.decode())


def test_an_editor_making_an_original_service_traffic_hands_on_its_copies(
    admin_client, client, senders
):
    from tests.news.test_admin_form_values import post_with

    original = store_draft(item("dpa", 8, genres=["Meldung"]), senders["dpa"])
    copy = store_draft(item("epd", 9, genres=["Meldung"]), senders["epd"])
    assert copy.outcome == "duplicate"
    url = f"/admin/news/article/{original.article_id}/change/"
    assert post_with(admin_client, url, "kind", "service").status_code == 302
    heir = Article.objects.get(pk=copy.article_id)
    assert heir.duplicate_of_id is None
    assert Article.objects.get(pk=original.article_id).duplicate_of_id == heir.pk
    seen_everywhere(client, heir)


def test_the_migration_lists_news_stored_as_copies_of_service_traffic(client, senders):
    """Rows stored before: a report and a later one hidden as copies of a service note."""
    from importlib import import_module

    from django.apps import apps

    note = store_draft(item("dpa", 8, genres=["Vorschau"]), senders["dpa"])
    first = store_draft(item("epd", 9, genres=["Meldung"]), senders["epd"])
    second = store_draft(item("afp", 10, genres=["Meldung"]), senders["afp"])
    Article.objects.exclude(pk=note.article_id).update(duplicate_of=note.article_id)
    StoryArticle.objects.exclude(article_id=note.article_id).update(copy_of=str(note.article_id))
    assert not Article.objects.visible().exists()
    module = import_module("meldungen.news.migrations.0016_news_copies_of_service_traffic")
    module.take_over(apps, None)
    rows = dict(Article.objects.values_list("pk", "duplicate_of_id"))
    assert rows == {
        note.article_id: first.article_id,
        first.article_id: None,
        second.article_id: first.article_id,
    }
    records = dict(StoryArticle.objects.values_list("article_id", "copy_of"))
    assert records[first.article_id] is None
    assert records[second.article_id] == records[note.article_id] == str(first.article_id)
    seen_everywhere(client, Article.objects.get(pk=first.article_id))
