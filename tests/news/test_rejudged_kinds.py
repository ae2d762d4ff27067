"""``meldungen enrich`` judges the kind of stored articles again (news or service traffic,
``ingest/kind.py``) when the markers changed: from the wire's metadata in the stored draft of
the current version, by the headline where none was stored (feeds, drafts from before kinds).
An item that is service traffic now leaves the lists (its story is listed by its other report),
one whose genre is no longer a service marker comes back, and a kind an editor chose in the
admin stays. Through the real store, the command and the pages."""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from storehelp import fernwaerme_wire

from meldungen.follow.models import Follow
from meldungen.ingest import kind
from meldungen.news.models import Article, ArticleVersion, Source, Story
from meldungen.news.services import store_draft
from meldungen.web.feeds import PORTAL
from tests.news.test_admin_form_values import post_with
from tests.news.test_stories_shell import WIRE_TEXT

pytestmark = [pytest.mark.django_db, pytest.mark.db]

REPORT = WIRE_TEXT[:4]  # a Magdeburg report of four sentences
PACKAGE = [  # the wire's later item of the same story: a package of what it will send
    "Die Stadtwerke Magdeburg erhöhen zum ersten April die Preise für Fernwärme deutlich.",
    "Der Stadtrat von Magdeburg berät am Donnerstag über die Preise der Stadtwerke für "
    "Fernwärme; der Mieterverein will seine Prüfung der Verträge vorstellen.",
    "Die Redaktion sendet am Donnerstag Hintergründe zu den Kosten für Erdgas und einen "
    "Überblick über die Preise für Fernwärme in Sachsen-Anhalt.",
]
NEW_GENRE = "dpatextgenre:41"  # the markers learn it: a wire's topic package, not news
DAY = datetime(2025, 3, 3, tzinfo=UTC)


def at(hour: int) -> datetime:
    return DAY.replace(hour=hour)


def paragraphs(texts: list[str]) -> str:
    return "".join(f"<p>{t}</p>" for t in texts)


def upgraded(monkeypatch) -> None:
    """The markers after an upgrade: the new genre and a feed title are service traffic, the
    genre "Budget" no longer is (the editors found it marks reports too)."""
    markers = kind.load_markers()
    new = dataclasses.replace(
        markers,
        service_genres=(markers.service_genres | {NEW_GENRE}) - {"budget"},
        service_headlines=(*markers.service_headlines, re.compile(r"^wochenplan\b", re.I)),
    )
    monkeypatch.setattr(kind, "load_markers", lambda *a, **kw: new)


@pytest.fixture
def feed(db) -> Source:
    cache.clear()
    return Source.objects.create(name="Lokalblatt", url="https://lokal.example/rss.xml")


def stored(draft, source=None) -> Article:
    result = store_draft(draft, source)
    assert result.outcome == "new", result
    return Article.objects.get(pk=result.article_id)


def wire(guid: str, headline: str, texts: list[str], hour: int, **kw) -> Article:
    return stored(
        fernwaerme_wire(texts, guid=f"urn:test:{guid}", headline=headline, published=at(hour), **kw)
    )


def listed(client, url: str) -> set[int]:
    response = client.get(url)
    assert response.status_code == 200, url
    return {int(pk) for pk in re.findall(r"/artikel/(\d+)/", response.content.decode())}


def lists(client, ressort: str) -> dict[str, set[int]]:
    urls = ["/", f"/ressort/{ressort}/", "/rss.xml", "/atom.xml", "/suche?q=Fernwärme"]
    seen = {url: listed(client, url) for url in urls}
    seen["api"] = {a["id"] for a in client.get("/api/articles").json()["items"]}
    return seen


def test_enrich_judges_stored_kinds_by_the_current_markers(client, feed, monkeypatch):
    report = wire("report", "Fernwärme in Magdeburg wird teurer", REPORT, 9, genres=["Meldung"])
    package = wire(
        "package", "Fernwärme-Preise: Was die dpa am Donnerstag sendet", PACKAGE, 11,
        genres=[NEW_GENRE],
    )  # fmt: skip
    budget = wire(
        "budget", "Eisbärin im Tierpark Berlin bekommt Zwillinge",
        ["Im Tierpark Friedrichsfelde hat die Eisbärin Tonja zwei Jungtiere zur Welt gebracht."],
        10, genres=["Budget"], teaser="Die beiden Jungtiere sind wohlauf.",
    )  # fmt: skip
    plan = stored(
        fernwaerme_wire(
            ["Montag: Landtag berät über den Haushalt. Dienstag: Kabinettssitzung."],
            guid="https://lokal.example/wochenplan.html", format="rss", source="Lokalblatt",
            headline="Wochenplan: Termine der Landesregierung", published=at(8),
        ),
        feed,
    )  # fmt: skip
    assert package.story_id == report.story_id and package.duplicate_of_id is None
    assert [a.kind for a in (report, package, budget, plan)] == ["news", "news", "service", "news"]
    ressort = report.ressort.lower()
    before = lists(client, ressort)
    assert "2 Meldungen" in client.get("/").content.decode()  # the story's reports
    for url, ids in before.items():  # the story once, by its newest report
        assert package.pk in ids and report.pk not in ids, url
    assert plan.pk in before["/rss.xml"] and budget.pk not in before["/rss.xml"]

    upgraded(monkeypatch)
    out = StringIO()
    call_command("enrich", "--all", stdout=out)
    assert out.getvalue().splitlines()[-3:] == [
        "re-judged 2 news item(s) as service traffic (not listed)",
        "re-judged 1 item(s) as news again (listed)",
        "enriched=4 failed=0",
    ]
    kinds = dict(Article.objects.values_list("pk", "kind"))
    assert [kinds[a.pk] for a in (report, package, budget, plan)] == [
        "news", "service", "news", "service",
    ]  # fmt: skip
    after = lists(client, ressort)  # the cached pages revalidated
    assert "2 Meldungen" not in client.get("/").content.decode()  # a service note is none
    for url, ids in after.items():
        assert package.pk not in ids and plan.pk not in ids, url
    for url in ("/", f"/ressort/{ressort}/", "/rss.xml", "/atom.xml", "/suche?q=Fernwärme", "api"):
        assert report.pk in after[url], url  # the story is listed once, by its report
    for url in ("/", "/rss.xml", "api"):
        assert budget.pk in after[url], url
    story = client.get(f"/story/{report.story_id}/").content.decode()
    assert f"/artikel/{report.pk}/" in story and f"/artikel/{package.pk}/" not in story
    assert "Was die dpa am Donnerstag sendet" not in story
    api_story = client.get(f"/api/stories/{report.story_id}").json()
    assert [a["id"] for a in api_story["articles"]] == [report.pk]
    # the article page stays reachable for editors' links, and the command is repeatable
    assert client.get(f"/artikel/{package.pk}/").status_code == 200
    again = StringIO()
    call_command("enrich", str(package.pk), str(budget.pk), stdout=again)
    assert again.getvalue().splitlines() == ["enriched=2 failed=0"]


def test_a_draft_from_before_kinds_is_judged_by_its_headline(client, feed, monkeypatch):
    """A wire's draft stored before kinds existed keeps no metadata: its headline decides, as
    for a feed's item."""
    old = wire(
        "old", "Wochenplan: Termine in Magdeburg",
        ["Montag: Stadtrat. Dienstag: Pressekonferenz der Stadtwerke zur Fernwärme."], 9,
    )  # fmt: skip
    version = ArticleVersion.objects.get(article=old)
    version.data = {
        k: v for k, v in version.data.items() if k not in ("genres", "item_type", "notes")
    }
    version.save()
    assert old.pk in listed(client, "/rss.xml")
    upgraded(monkeypatch)
    out = StringIO()
    call_command("enrich", "--since", "2025-03-01", stdout=out)
    assert "re-judged 1 news item(s) as service traffic (not listed)" in out.getvalue()
    assert Article.objects.get(pk=old.pk).kind == "service"
    assert old.pk not in listed(client, "/rss.xml")


def test_a_kind_an_editor_chose_in_the_admin_stays(admin_client, client, feed, monkeypatch):
    """A preview the editors publish as news (set in the admin) is not made service traffic
    again by enrich, nor is a report they took out of the lists made news again."""
    preview = wire("preview", "Fernwärme in Magdeburg wird teurer", REPORT, 9, genres=["Vorschau"])
    package = wire(
        "package", "Fernwärme-Preise: Was die dpa am Donnerstag sendet", PACKAGE, 11,
        genres=["Budget"],
    )  # fmt: skip
    assert (preview.kind, package.kind) == ("service", "service")
    for article, value in ((preview, "news"), (package, "service")):
        url = f"/admin/news/article/{article.pk}/change/"
        if value == "service":  # the report first became news by hand, then service again
            assert post_with(admin_client, url, "kind", "news").status_code == 302
        assert post_with(admin_client, url, "kind", value).status_code == 302
    upgraded(monkeypatch)  # "Budget" is no service marker any more
    out = StringIO()
    call_command("enrich", "--all", stdout=out)
    assert out.getvalue().splitlines() == ["enriched=2 failed=0"]
    kinds = dict(Article.objects.values_list("pk", "kind"))
    assert (kinds[preview.pk], kinds[package.pk]) == ("news", "service")
    assert preview.pk in listed(client, "/rss.xml") and package.pk not in listed(client, "/")


def test_a_story_is_named_by_a_report_readers_see(client, feed, monkeypatch, django_user_model):
    """A story whose first item is service traffic now (its ``first_article``) is named by its
    first report readers see: in its feed's title and in a reader's follow."""
    package = wire(
        "package", "Fernwärme-Preise: Was die dpa am Donnerstag sendet", PACKAGE, 8,
        genres=[NEW_GENRE],
    )  # fmt: skip
    report = wire("report", "Fernwärme in Magdeburg wird teurer", REPORT, 11, genres=["Meldung"])
    assert report.story_id == package.story_id and report.duplicate_of_id is None
    assert Story.objects.get(pk=report.story_id).first_article_id == package.pk
    upgraded(monkeypatch)
    call_command("enrich", "--all", stdout=StringIO())
    assert Article.objects.get(pk=package.pk).kind == "service"
    for url in (f"/story/{report.story_id}/rss.xml", f"/story/{report.story_id}/atom.xml"):
        text = client.get(url).content.decode()
        assert f"{PORTAL}: Fernwärme in Magdeburg wird teurer</title>" in text, url
        assert "Was die dpa am Donnerstag sendet" not in text, url
    reader = django_user_model.objects.create_user("leserin", password="geheim-123456")
    client.force_login(reader)
    assert client.post("/folgen/", {"kind": "story", "target": report.story_id}).status_code == 302
    assert Follow.objects.get(user=reader).label == "Fernwärme in Magdeburg wird teurer"
