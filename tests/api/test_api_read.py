"""Reading through the API: filters, cursor paging, one article in full, tags, sources, schema."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from meldungen.ingest.errors import FetchError
from meldungen.news.models import Source

pytestmark = [pytest.mark.django_db, pytest.mark.db]


def get(client, url: str, **params):
    response = client.get(url, params)
    assert response.status_code == 200, (url, response.content[:300])
    return response.json()


def headlines(page: dict) -> list[str]:
    return [a["headline"] for a in page["items"]]


def test_articles_newest_first_one_per_story_with_tags(client, data):
    page = get(client, "/api/articles")
    assert headlines(page)[:2] == ["Landtag berät Gesetz Nummer 7", "Landtag berät Gesetz Nummer 6"]
    assert "Zurückgezogen" not in headlines(page)
    assert headlines(page).count("Landtag berät Gesetz Nummer 2") == 1
    first = page["items"][0]
    # the enrichment names the institution itself (an organisation), not only the keyword
    assert {"slug": "landtag", "display": "Landtag", "name": "Landtag", "type": "ORG"} in first[
        "tags"
    ]
    assert first["url"] == f"http://testserver/artikel/{first['id']}/"
    assert first["source"] == {"id": data["wire"].pk, "name": "Agentur Nord"}
    assert first["published"] == "2025-05-07T09:00:00Z"


def test_cursor_pagination_walks_everything_once(client, data):
    seen, cursor = [], ""
    for _ in range(10):
        page = get(client, "/api/articles", limit=3, cursor=cursor)
        seen += [a["id"] for a in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == 8  # 7 political + sport; copy folded, withdrawn hidden
    assert client.get("/api/articles", {"cursor": "kaputt!"}).status_code == 400


def test_filters(client, data):
    assert headlines(get(client, "/api/articles", ressort="sport")) == [
        "Stadtlauf mit Rekordbeteiligung"
    ]
    assert len(get(client, "/api/articles", ressort="Politik")["items"]) == 7
    assert len(get(client, "/api/articles", tag="landtag")["items"]) == 8
    assert headlines(get(client, "/api/articles", tag="stadtlauf")) == [
        "Stadtlauf mit Rekordbeteiligung"
    ]
    assert len(get(client, "/api/articles", source=data["wire"].pk)["items"]) == 7
    page = get(client, "/api/articles", since="2025-05-03T00:00:00Z", until="2025-05-05T00:00:00Z")
    assert headlines(page) == [
        "Landtag berät Gesetz Nummer 4",
        "Stadtlauf mit Rekordbeteiligung",
        "Landtag berät Gesetz Nummer 3",
    ]
    assert get(client, "/api/articles", ressort="unbekannt")["items"] == []
    story = data["articles"]["sport"].story_id
    assert story and {
        a["story_id"] for a in get(client, "/api/articles", story=story)["items"]
    } == {story}
    assert get(client, "/api/articles", story="keine")["items"] == []
    assert client.get("/api/articles", {"since": "gestern"}).status_code == 422
    assert client.get("/api/articles", {"limit": 0}).status_code == 422


def test_times_with_any_utc_offset_or_at_the_range_ends_are_answered(client, data):
    """Python accepts UTC offsets up to 23:59, PostgreSQL only up to 15:59 (found by
    schemathesis on PostgreSQL: a 500); times are resolved to UTC first."""
    page = get(client, "/api/articles", since="2025-05-03T19:46:00+19:46")  # = 00:00 UTC
    assert len(page["items"]) >= 3
    assert get(client, "/api/articles", since="6146-07-11T13:56:24+19:46")["items"] == []
    assert get(client, "/api/articles", since="9999-12-31T23:00:00-05:00")["items"] == []
    assert len(get(client, "/api/articles", until="9999-12-31T23:00:00-05:00")["items"]) > 0
    assert get(client, "/api/articles", until="0001-01-01T00:30:00+01:00")["items"] == []


def test_full_text_query_with_cursor(client, data):
    page = get(client, "/api/articles", q="Lesungen", limit=4)
    assert len(page["items"]) == 4 and page["next_cursor"]
    rest = get(client, "/api/articles", q="Lesungen", limit=4, cursor=page["next_cursor"])
    assert len(rest["items"]) == 3 and rest["next_cursor"] is None
    ids = [a["id"] for a in page["items"] + rest["items"]]
    assert len(set(ids)) == 7
    assert headlines(get(client, "/api/articles", q="Läufer")) == [
        "Stadtlauf mit Rekordbeteiligung"
    ]


def test_one_article_with_entities_related_and_other_sources(client, data):
    from datetime import UTC, datetime

    from storehelp import put

    debate = put(  # another story about the same Landtag: related, not the same
        "haushalt",
        "Landtag streitet über den Haushalt",
        data["feed"],
        teaser="Im Landtag ringen die Fraktionen um das Gesetz zum Haushalt.",
        body="<p>Die Beratung im Plenum dauerte bis in die Nacht.</p>",
        published=datetime(2025, 5, 8, 9, tzinfo=UTC),
        ressort_hints=["politik"],
    )
    p2 = data["articles"]["p2"]
    article = get(client, f"/api/articles/{p2.pk}")
    assert article["body"] == "<p>Beratung 2 im Plenum.</p>"
    assert article["entities"][0]["slug"] == "landtag" and article["entities"][0]["is_tag"]
    others = [a["id"] for a in article["other_sources"]]
    assert data["articles"]["copy"].pk in others and p2.pk not in others
    assert data["articles"]["gone"].pk not in others
    related = {a["id"] for a in article["related"]}
    # other stories about the same Landtag: the other laws' debates and the budget debate
    landtag = {data["articles"][f"p{day}"].pk for day in (1, 3, 4, 5, 6, 7)} | {debate.pk}
    assert len(related) == 6 and related <= landtag
    sport = get(client, f"/api/articles/{data['articles']['sport'].pk}")
    assert sport["body"] == ""  # teaser-only source: no full text through the API either
    assert client.get(f"/api/articles/{data['articles']['gone'].pk}").status_code == 410
    assert client.get("/api/articles/999999").status_code == 404


def test_tags_and_sources(client, data):
    tags = get(client, "/api/tags")
    counts = {t["slug"]: t["article_count"] for t in tags}
    # seven reports, the copy of one from another source and the sports item name the Landtag
    assert tags[0]["slug"] == "landtag" and counts["landtag"] == 9 and counts["stadtlauf"] == 1
    assert get(client, "/api/tags", q="stadt")[0]["slug"] == "stadtlauf"
    assert get(client, "/api/tags/landtag")["url"] == "http://testserver/thema/landtag/"
    assert client.get("/api/tags/unbekannt").status_code == 404
    sources = get(client, "/api/sources")
    assert [s["name"] for s in sources] == ["Agentur Nord", "Blatt Süd"]
    assert all(s["last_error_message"] == "" for s in sources)
    Source.objects.filter(name="Blatt Süd").update(
        last_error="HTTP 404", last_error_code="fetch:not_found"
    )
    failing = get(client, "/api/sources")[1]
    assert (failing["last_error"], failing["last_error_code"]) == ("HTTP 404", "fetch:not_found")
    assert failing["last_error_message"] == FetchError.NOT_FOUND.message


def test_openapi_schema_and_docs(client, db):
    schema = get(client, "/api/openapi.json")
    assert schema["info"]["title"] == "Meldungen API"
    assert {
        "/api/articles",
        "/api/articles/{article_id}",
        "/api/tags",
        "/api/tags/{slug}",
        "/api/sources",
        "/api/ingest",
    } <= set(schema["paths"])
    ingest = schema["paths"]["/api/ingest"]["post"]
    assert ingest["security"] == [{"TokenAuth": []}]
    assert "application/xml" in ingest["requestBody"]["content"]
    docs = client.get("/api/docs")
    assert docs.status_code == 200 and b"openapi.json" in docs.content


def test_stories(client, data):
    from meldungen.news.models import Article, Story

    p1, p3 = data["articles"]["p1"], data["articles"]["p3"]
    story = Story.objects.create(
        id="s-api",
        first_published=p1.published,
        last_published=datetime(2030, 1, 1, tzinfo=UTC),
        n_articles=2,
    )
    Article.objects.filter(pk__in=[p1.pk, p3.pk]).update(story=story)
    listed = get(client, "/api/stories", limit=5)
    assert listed[0]["id"] == "s-api" and listed[0]["title"] == p1.headline
    assert listed[0]["url"] == "http://testserver/story/s-api/"
    one = get(client, "/api/stories/s-api")
    assert [a["id"] for a in one["articles"]] == [p3.pk, p1.pk]
    assert client.get("/api/stories/keine").status_code == 404
    assert {a["id"] for a in get(client, "/api/articles", story="s-api")["items"]} == {p1.pk, p3.pk}
    assert listed[0]["n_articles"] == one["n_articles"] == 2


def test_a_story_counts_the_reports_readers_can_reach(client, data):
    """n_articles was the clustering's count: a withdrawn report, a dpa service note or a
    foreign text the clustering put into the story counted, though the story page leaves them
    out (``story_reports_q``)."""
    from storehelp import put

    from meldungen.news.models import Article, Story

    p1 = data["articles"]["p1"]
    hidden = [
        put("weg-s", "Landtag: Meldung zurückgezogen", data["wire"], pubstatus="withdrawn"),
        put("vorschau-s", "Landtag: Termine der Woche", data["wire"], genres=["dpatextgenre:32"]),
        put("englisch-s", "Landtag debates the budget", data["wire"], language="en"),
    ]
    story = Story.objects.create(
        id="s-count", first_published=p1.published, last_published=datetime(2030, 1, 1, tzinfo=UTC),
        n_articles=4,
    )  # fmt: skip
    Article.objects.filter(pk__in=[p1.pk, *(a.pk for a in hidden)]).update(story=story)
    assert get(client, "/api/stories/s-count")["n_articles"] == 1
    listed = {s["id"]: s for s in get(client, "/api/stories", limit=50)}
    assert listed["s-count"]["n_articles"] == 1


def test_a_tag_has_one_count_of_the_reports_readers_can_reach(client, data):
    """The list and the tag itself say the same number: tagged reports (a copy from another
    source counts), not a withdrawn, service or foreign item, nor one that only mentions it."""
    from storehelp import put, tag

    from meldungen.news.models import Article, ArticleEntity, Entity

    hidden = [
        put("weg", "Landtag: Meldung zurückgezogen", data["wire"], pubstatus="withdrawn"),
        put("vorschau", "Landtag: Termine der Woche", data["wire"], genres=["dpatextgenre:32"]),
        put("englisch", "Landtag debates the budget", data["wire"], language="en"),
    ]
    for article in hidden:
        tag(article, "Landtag")
    assert not Article.objects.visible().filter(pk__in=[a.pk for a in hidden]).exists()
    landtag = Entity.objects.get(slug="landtag")
    mention = put("nebenbei", "Stadtlauf: Strecke steht fest", data["feed"], teaser="Am Sonntag.")
    ArticleEntity.objects.create(article=mention, entity=landtag, is_tag=False, salience=0.1)
    listed = {t["slug"]: t["article_count"] for t in get(client, "/api/tags")}
    assert listed["landtag"] == 9  # seven reports, the copy of one and the sports item
    assert get(client, "/api/tags/landtag")["article_count"] == 9
    assert get(client, "/api/tags/stadtlauf")["article_count"] == listed["stadtlauf"] == 1


def test_articles_list_one_entry_per_story_across_cursor_pages(client, data):
    """Two reports of one story (not copies: other words, another source) are one entry of
    /api/articles, its newest report, on whichever page it falls; a later page never brings the
    older report back. Filters and searches fold the same way; a story's own list keeps all."""
    from meldungen.news.models import Article, Story

    p3, p5 = data["articles"]["p3"], data["articles"]["p5"]
    story = Story.objects.create(
        id="s-fold", first_published=p3.published, last_published=p5.published, n_articles=2
    )
    Article.objects.filter(pk__in=[p3.pk, p5.pk]).update(story=story)

    def walk(limit: int, **params) -> list[int]:
        seen, cursor = [], ""
        for _ in range(20):
            page = get(client, "/api/articles", limit=limit, cursor=cursor, **params)
            seen += [a["id"] for a in page["items"]]
            cursor = page["next_cursor"]
            if not cursor:
                return seen
        raise AssertionError("no last page")

    for limit in (1, 2, 3, 100):
        for params in ({}, {"ressort": "politik"}, {"tag": "landtag"}, {"q": "Landtag"}):
            seen = walk(limit, **params)
            assert p3.pk not in seen and seen.count(p5.pk) == 1, (limit, params, seen)
            assert len(seen) == len(set(seen))
    assert len(walk(2)) == 7  # 6 political stories + sport (the copy folded, withdrawn hidden)
    assert len(walk(2, q="Landtag")) == 7  # the sport report carries the keyword
    assert set(walk(1, story="s-fold")) == {p3.pk, p5.pk}
