"""A kind an editor chose in the admin (a preview published as news, a report taken out of the
lists) is the article's: ``Article.kind_by_editor``, set when an editor changes the kind. The
wire's next version of the item keeps it (single and batch store), ``meldungen enrich`` leaves
it whatever the admin's change log says, and an editor who unticks the box hands the kind back
to the rules. Migration news.0017 reads the choices made before from the change log."""

from __future__ import annotations

from importlib import import_module
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.core.cache import cache
from django.core.management import call_command

from meldungen.news.models import Article, Source
from meldungen.news.services import store_draft, store_results
from tests.news.test_admin_form_values import dict_of_lists, form_data, post_with
from tests.news.test_rejudged_kinds import PACKAGE, REPORT, at, lists
from tests.storehelp import fernwaerme_wire

pytestmark = [pytest.mark.django_db, pytest.mark.db]


@pytest.fixture
def dpa(db) -> Source:
    cache.clear()
    return Source.objects.create(name="dpa", url="https://dpa.example/wire", kind="wire")


def version(n: int, genre: str, guid: str = "preview", texts=REPORT):
    return fernwaerme_wire(
        texts[:n] + texts[n + 1 :] if n > 1 else texts,
        guid=f"urn:dpa:{guid}", version=n, published=at(8), genres=[genre],
    )  # fmt: skip


def store(way: str, draft, source) -> str:
    if way == "single":
        return store_draft(draft, source).outcome
    return store_results([draft], "wire.json", source)[0].outcome


def choose(admin_client, article_id: int, kind: str) -> None:
    url = f"/admin/news/article/{article_id}/change/"
    assert post_with(admin_client, url, "kind", kind).status_code == 302


def shown(client, article: Article) -> bool:
    seen = lists(client, article.ressort.lower())
    ids = {url: article.pk in found for url, found in seen.items()}
    assert len(set(ids.values())) == 1, ids  # everywhere or nowhere
    return ids["/"]


@pytest.mark.parametrize("way", ["single", "batch"])
def test_the_wires_next_version_keeps_the_kind_an_editor_chose(admin_client, client, dpa, way):
    assert store(way, version(1, "Vorschau"), dpa) == "new"
    assert store(way, version(1, "Meldung", "report", PACKAGE), dpa) == "new"
    preview = Article.objects.get(guid="urn:dpa:preview")
    report = Article.objects.get(guid="urn:dpa:report")
    choose(admin_client, preview.pk, "news")  # the editors publish the preview
    choose(admin_client, report.pk, "service")  # and take the report out of the lists
    assert store(way, version(2, "Vorschau"), dpa) == "updated"
    assert store(way, version(2, "Meldung", "report", PACKAGE), dpa) == "updated"
    preview.refresh_from_db(), report.refresh_from_db()
    assert (preview.kind, report.kind) == ("news", "service")  # not the rules' again
    assert (preview.version, preview.kind, preview.kind_by_editor) == (2, "news", True)
    assert (report.version, report.kind, report.kind_by_editor) == (2, "service", True)
    cache.clear()
    assert shown(client, preview) and not shown(client, report)
    assert client.get(f"/artikel/{preview.pk}/").status_code == 200


def test_enrich_keeps_the_choice_without_the_change_log(admin_client, client, dpa):
    """The change log is no record of the choice: a renamed label or a log cleared of old
    entries lost it."""
    store("single", version(1, "Vorschau"), dpa)
    preview = Article.objects.get(guid="urn:dpa:preview")
    choose(admin_client, preview.pk, "news")
    LogEntry.objects.all().delete()
    out = StringIO()
    call_command("enrich", "--all", stdout=out)
    assert out.getvalue().splitlines() == ["enriched=1 failed=0"]
    assert Article.objects.get(pk=preview.pk).kind == "news"
    assert shown(client, preview)


def test_an_editor_hands_the_kind_back_to_the_rules(admin_client, client, dpa):
    store("single", version(1, "Vorschau"), dpa)
    preview = Article.objects.get(guid="urn:dpa:preview")
    choose(admin_client, preview.pk, "news")
    url = f"/admin/news/article/{preview.pk}/change/"
    page = admin_client.get(url).content.decode()
    assert "Art von der Redaktion gewählt" in page
    data = [(k, v) for k, v in form_data(page) if k != "kind_by_editor"]  # unticked
    assert admin_client.post(url, dict_of_lists(data)).status_code == 302
    assert not Article.objects.get(pk=preview.pk).kind_by_editor
    assert store("single", version(2, "Vorschau"), dpa) == "updated"
    assert Article.objects.get(pk=preview.pk).kind == "service"
    assert not shown(client, preview)


def test_the_migration_reads_earlier_choices_from_the_change_log(admin_client, dpa):
    store("single", version(1, "Vorschau"), dpa)
    store("single", version(1, "Meldung", "report", PACKAGE), dpa)
    preview = Article.objects.get(guid="urn:dpa:preview")
    report = Article.objects.get(guid="urn:dpa:report")
    choose(admin_client, preview.pk, "news")
    url = f"/admin/news/article/{report.pk}/change/"
    assert post_with(admin_client, url, "teaser", "Neuer Anriss.").status_code == 302
    Article.objects.update(kind_by_editor=False)  # as the rows stored before were
    module = import_module("meldungen.news.migrations.0017_article_kind_by_editor")
    module.seed(apps, None)
    chosen = dict(Article.objects.values_list("pk", "kind_by_editor"))
    assert chosen == {preview.pk: True, report.pk: False}
