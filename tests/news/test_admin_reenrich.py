"""The admin's "Neu anreichern" does what ``meldungen enrich`` does to the selected articles:
entities, tags and Ressort, a correction notice stored before notices were told by their
headline marked, and the kind judged again by the current markers (its copies following),
at once for a small selection and in the worker for a large one."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from meldungen.news import admin as news_admin
from meldungen.news.models import Article, Source
from meldungen.news.services import ingest_bytes
from tests.news.test_correction_notices import NOTICES, REPORT, _feed
from tests.news.test_rejudged_kinds import NEW_GENRE, PACKAGE, listed, upgraded, wire
from tests.news.test_rejudged_kinds import REPORT as WIRE_REPORT

pytestmark = [pytest.mark.django_db, pytest.mark.db]

NOTE = "Diese Meldung wurde berichtigt"


@pytest.fixture
def stored(db) -> dict[str, Article]:
    cache.clear()
    feed = Source.objects.create(name="Lokalblatt", url="https://lokal.example/rss.xml")
    items = [
        dict(guid="a1", title=REPORT[0], text=REPORT[1], date="Mon, 10 Mar 2025 08:00:00 GMT"),
        dict(
            guid="k1", title=NOTICES[0][0], text=NOTICES[0][1], date="Mon, 10 Mar 2025 10:00:00 GMT"
        ),
    ]
    assert [r.outcome for r in ingest_bytes(_feed(*items), "feed", source=feed)] == ["new"] * 2
    Article.objects.update(is_correction=False)  # as the rows stored before were
    report = wire(
        "report", "Fernwärme in Magdeburg wird teurer", WIRE_REPORT, 9, genres=["Meldung"]
    )
    package = wire(
        "package", "Fernwärme-Preise: Was die dpa am Donnerstag sendet", PACKAGE, 11,
        genres=[NEW_GENRE],
    )  # fmt: skip
    return {
        "notice": Article.objects.get(guid="k1"),
        "report": report,
        "package": package,
    }


def check(client, stored) -> None:
    notice, package, report = stored["notice"], stored["package"], stored["report"]
    assert Article.objects.get(pk=notice.pk).is_correction
    assert NOTE in client.get(notice.get_absolute_url()).content.decode()
    assert Article.objects.get(pk=package.pk).kind == "service"
    for url in ("/", "/rss.xml", f"/ressort/{report.ressort.lower()}/"):
        seen = listed(client, url)
        assert package.pk not in seen and report.pk in seen, url
    assert package.pk not in {a["id"] for a in client.get("/api/articles").json()["items"]}


def test_re_enrich_in_the_admin_marks_notices_and_judges_kinds(
    admin_client, client, stored, monkeypatch
):
    notice, package = stored["notice"], stored["package"]
    assert NOTE not in client.get(notice.get_absolute_url()).content.decode()
    assert package.pk in listed(client, "/")
    upgraded(monkeypatch)
    data = {"action": "re_enrich", "_selected_action": [notice.pk, package.pk]}
    response = admin_client.post("/admin/news/article/", data, follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert "2 Meldungen neu angereichert" in messages, messages
    check(client, stored)


def test_re_enrich_in_the_worker_does_the_same(admin_client, client, stored, monkeypatch):
    upgraded(monkeypatch)
    monkeypatch.setattr(news_admin, "INLINE_ENRICHMENTS", 0)  # the tests' worker runs at once
    ids = [stored["notice"].pk, stored["package"].pk]
    data = {"action": "re_enrich", "_selected_action": ids}
    response = admin_client.post("/admin/news/article/", data, follow=True)
    assert [m for m in response.context["messages"] if "im Hintergrund" in str(m)]
    check(client, stored)
