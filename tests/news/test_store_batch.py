"""Batches of ingest (news/batch.py): one write transaction per batch, with the outcomes and
the stored state that storing the same items one by one gives; a crash stores nothing of the
batch and a re-run stores all of it once; a bad item costs the batch its speed, not its items.
Runs on SQLite and on PostgreSQL (db marker)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import connection
from storehelp import run_writers

from meldungen.ingest.draft import ArticleDraft, Rejected
from meldungen.news import batch, enrichment, services, topics
from meldungen.news.models import (
    Article,
    ArticleEntity,
    ArticleVersion,
    Entity,
    Rejection,
    Story,
    StoryArticle,
    StoryBand,
    StoryKey,
    TermFrequency,
)
from meldungen.news.services import store_results, totals
from meldungen.news.story_batch import BatchStoryIndex

pytestmark = [pytest.mark.django_db, pytest.mark.db]

TEXTS = {
    "hafen": (
        "Hamburger Hafen meldet Rekordumschlag im Januar",
        "<p>Der Hamburger Hafen hat im Januar so viele Container umgeschlagen wie nie zuvor. "
        "Die Hafenbehörde in Hamburg nannte am Montag neue Zahlen. Reedereien aus China und "
        "Dänemark liefen den Hafen häufiger an als im Vorjahr.</p>",
    ),
    "radweg": (
        "Stadtrat in Kiel beschließt neuen Radweg am Fluss",
        "<p>Der Stadtrat in Kiel hat am Abend mit knapper Mehrheit einen neuen Radweg "
        "beschlossen. Bürgermeister Ulf Kämpfer lobte die Entscheidung. Die Arbeiten sollen "
        "im Sommer beginnen.</p>",
    ),
    "radweg2": (
        "Kiel baut den Radweg schneller als geplant",
        "<p>Der neue Radweg in Kiel wird schneller gebaut als geplant. Bürgermeister Ulf "
        "Kämpfer sagte, die Arbeiten begännen schon im Frühjahr. Der Stadtrat hatte den "
        "Radweg mit knapper Mehrheit beschlossen.</p>",
    ),
    "wahl": (
        "Landtag in Schwerin wählt neuen Präsidenten",
        "<p>Der Landtag in Schwerin hat einen neuen Präsidenten gewählt. Die Abgeordneten "
        "stimmten am Dienstag mit großer Mehrheit für den Kandidaten der SPD.</p>",
    ),
}


def item(guid: str, text: str, version: int = 1, minute: int = 0, **kw) -> ArticleDraft:
    headline, body = TEXTS[text]
    return ArticleDraft(
        guid=guid,
        headline=headline,
        format="digitalwires",
        version=version,
        body=body,
        published=datetime(2026, 2, 2, 9, minute, tzinfo=UTC),
        credit="dpa",
        **kw,
    )


def stored_first() -> list[ArticleDraft]:
    """Stored before the batch: an original that a copy in the batch repeats, and an item the
    batch withdraws."""
    return [item("urn:vorher:hafen", "hafen"), item("urn:vorher:wahl", "wahl", minute=1)]


def mixed() -> list:
    return [
        item("urn:b:radweg", "radweg", minute=2),  # new
        item("urn:b:radweg", "radweg2", version=2, minute=3),  # the same guid, updated
        item("urn:b:hafen-kopie", "hafen", minute=4),  # copy of a stored article
        item("urn:b:wahl-1", "wahl", minute=5),  # copy of a stored article
        Rejected("kaputtes JSON", guid="urn:b:kaputt"),  # rejected by the parser
        item("urn:b:radweg-kopie", "radweg2", minute=6),  # copy of this batch's item
        item("urn:vorher:wahl", "wahl", version=2, pubstatus="withdrawn"),  # withdrawn
        item("urn:b:radweg", "radweg", minute=2),  # an older version again: unchanged
        item("urn:b:radweg-kopie-2", "radweg2", minute=7),  # another copy in the batch
    ]


def snapshot() -> dict:
    """Everything stored, by guid instead of ids (ids differ between runs)."""
    guid = dict(Article.objects.values_list("pk", "guid"))
    articles = {}
    for a in Article.objects.all():
        links = sorted(
            (link.entity.key, round(link.salience, 4), link.mentions, link.is_tag, link.rank)
            for link in ArticleEntity.objects.filter(article=a).select_related("entity")
        )
        articles[a.guid] = {
            "fields": (a.version, a.headline, a.pubstatus, a.ressort, a.language, a.owner),
            "copy_of": guid.get(a.duplicate_of_id),
            "story": guid.get(int(a.story_id)) if a.story_id else None,
            "versions": sorted(ArticleVersion.objects.filter(article=a).values_list("version")),
            "links": links,
            "bands": sorted(StoryBand.objects.filter(article=a).values_list("band_key")),
            "keys": sorted(StoryKey.objects.filter(article=a).values_list("key")),
            "record": StoryArticle.objects.filter(article=a)
            .values_list("story_id", "copy_of")
            .first(),
        }
        rec = articles[a.guid]["record"]
        if rec is not None:
            copy_of = guid.get(int(rec[1])) if rec[1] else None
            articles[a.guid]["record"] = (guid.get(int(rec[0])), copy_of)
    stories = {
        guid.get(int(s.id)): (
            s.n_articles,
            guid.get(s.first_article_id),
            sorted(s.centroid.items())[:20],
            sorted(s.entities),
        )
        for s in Story.objects.all()
    }
    return {
        "articles": articles,
        "stories": stories,
        "terms": dict(TermFrequency.objects.values_list("term", "df")),
        "entities": dict(Entity.objects.values_list("key", "article_count")),
        "rejections": sorted(Rejection.objects.values_list("guid", "reason")),
    }


def reset() -> None:
    for model in (Rejection, Article, Story, TermFrequency, Entity):
        model.objects.all().delete()


def no_fallback(monkeypatch) -> None:
    """Make storing item by item fail: the batch must not need it."""

    def fail(*args, **kwargs):
        raise AssertionError("the batch fell back to storing item by item")

    monkeypatch.setattr(services, "store_draft", fail)


def test_a_mixed_batch_gives_the_outcomes_and_state_of_storing_one_by_one(monkeypatch):
    store_results(stored_first(), "vorher.json")
    one_by_one = [services._store_one(i, "b.json", None, "") for i in mixed()]
    expected = snapshot()
    reset()

    store_results(stored_first(), "vorher.json")
    with monkeypatch.context() as m:
        no_fallback(m)
        batched = store_results(mixed(), "b.json")
    assert [r.line() for r in batched] == [r.line() for r in one_by_one]
    assert [r.outcome for r in batched] == [
        "new",
        "updated",
        "duplicate",
        "duplicate",
        "rejected",
        "duplicate",
        "withdrawn",
        "unchanged",
        "duplicate",
    ]
    assert snapshot() == expected


def test_a_batch_run_again_is_unchanged():
    first = store_results(stored_first() + mixed(), "b.json")
    before = snapshot()
    again = store_results(stored_first() + mixed(), "b.json")
    assert {r.outcome for r in again} == {"unchanged", "rejected"}
    assert [r.outcome == "rejected" for r in again] == [r.outcome == "rejected" for r in first]
    after = snapshot()
    assert after["articles"] == before["articles"]
    assert after["terms"] == before["terms"] and after["stories"] == before["stories"]


class Crash(BaseException):
    """A process dying mid-batch: nothing catches it."""


@pytest.mark.parametrize("where", ["items", "index"])
def test_a_crash_mid_batch_stores_nothing_and_a_rerun_stores_all_once(monkeypatch, where):
    store_results(stored_first(), "vorher.json")
    before = snapshot()
    with monkeypatch.context() as m:
        if where == "items":  # after the inserts and half the items
            new, calls = batch.Writer._new, {"n": 0}

            def crash_on_third(self, item_):
                calls["n"] += 1
                if calls["n"] == 3:
                    raise Crash
                return new(self, item_)

            m.setattr(batch.Writer, "_new", crash_on_third)
        else:  # after the entity links were written, before the story index

            def crash(self):
                raise Crash

            m.setattr(BatchStoryIndex, "flush", crash)
        with pytest.raises(Crash):
            store_results(mixed(), "b.json")
    after_crash = snapshot()
    assert after_crash["articles"] == before["articles"]
    assert after_crash["terms"] == before["terms"]
    assert after_crash["entities"] == before["entities"]
    assert after_crash["stories"] == before["stories"]

    with monkeypatch.context() as m:
        no_fallback(m)
        results = store_results(mixed(), "b.json")
    counts = totals(results)
    assert counts == {
        "new": 1,
        "updated": 1,
        "unchanged": 1,
        "duplicate": 4,
        "withdrawn": 1,
        "rejected": 1,
    }
    assert Article.objects.count() == 2 + 5  # stored first, the new one and four copies
    assert ArticleVersion.objects.count() == 2 + 7  # one per stored version
    assert StoryArticle.objects.count() == 7  # every article once
    assert TermFrequency.objects.get(term="").df == 7  # every document counted once


def test_a_bad_item_in_the_middle_is_rejected_against_its_source_and_the_rest_stored(
    monkeypatch,
):
    links = enrichment.enrichment_links

    def explode_on_wahl(article, enrichment):
        if "Schwerin" in article.headline:
            raise ValueError("Entitäten kaputt")
        return links(article, enrichment)

    # The bad item fails in the batch and again on its own; the others are stored.
    monkeypatch.setattr(batch, "enrichment_links", explode_on_wahl)
    monkeypatch.setattr(enrichment, "enrichment_links", explode_on_wahl)
    items = [
        item("urn:m:hafen", "hafen"),
        item("urn:m:wahl", "wahl", minute=1),
        item("urn:m:radweg", "radweg", minute=2),
    ]
    results = store_results(items, "mitte.json")
    assert [r.outcome for r in results] == ["new", "rejected", "new"]
    assert "Entitäten kaputt" in results[1].reason
    rejection = Rejection.objects.get()
    assert rejection.guid == "urn:m:wahl" and rejection.origin == "mitte.json"
    assert set(Article.objects.values_list("guid", flat=True)) == {"urn:m:hafen", "urn:m:radweg"}
    assert ArticleVersion.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_concurrent_batches_store_each_item_once():
    """Three writers store the same batch at once (on PostgreSQL, another worker may insert a
    guid between our look-up and our insert): one "new" per item, the others "unchanged"."""
    writers = 3
    items = [item(f"urn:p:{n}", text, minute=n) for n, text in enumerate(TEXTS)]

    def work(i: int) -> list[str]:
        return [r.outcome for r in store_results(items, f"w{i}")]

    results = run_writers(work, writers, together=True, timeout=180)
    for n in range(len(items)):
        column = sorted(r[n] for r in results)
        assert column.count("unchanged") == writers - 1, (connection.vendor, column)
    assert Article.objects.count() == len(items)
    assert ArticleVersion.objects.count() == len(items)
    assert StoryArticle.objects.count() == len(items)
    assert not Rejection.objects.exists()


def test_a_guid_stored_by_another_writer_after_preparing_is_decided_again(monkeypatch):
    """Between preparing a batch and its transaction another writer stores two of its guids:
    the transaction decides again (an older version there: updated; the same: unchanged)."""
    write, store_one = batch.write, services.store_draft

    def another_writer_first(items, source, owner):
        store_one(item("urn:c:radweg", "radweg", minute=1))
        store_one(item("urn:c:wahl", "wahl", minute=2))
        return write(items, source, owner)

    with monkeypatch.context() as m:
        no_fallback(m)
        m.setattr(batch, "write", another_writer_first)
        results = store_results(
            [
                item("urn:c:hafen", "hafen"),
                item("urn:c:radweg", "radweg2", version=2, minute=3),
                item("urn:c:wahl", "wahl", minute=2),
            ],
            "c.json",
        )
    assert [r.outcome for r in results] == ["new", "updated", "unchanged"]
    radweg = Article.objects.get(guid="urn:c:radweg")
    assert radweg.version == 2 and radweg.headline == TEXTS["radweg2"][0]
    assert ArticleVersion.objects.filter(article=radweg).count() == 2
    assert Article.objects.count() == 3


def entity_rows() -> list[tuple]:
    return sorted(
        Entity.objects.values_list(
            "key", "name", "display", "type", "slug", "merged_into__key", "article_count"
        )
    )


def shared_names() -> list[ArticleDraft]:
    """Two new items naming the same people and places, with wire keywords that name them too
    (a keyword and an entity of one name are one topic)."""
    return [
        item("urn:e:radweg", "radweg", minute=1, keywords=["Kiel", "Radweg"]),
        item("urn:e:radweg2", "radweg2", minute=2, keywords=["Ulf Kämpfer", "Kiel"]),
        item("urn:e:hafen", "hafen", minute=3, keywords=["Hamburg"]),
    ]


def test_a_batch_creates_the_entities_it_names_first_as_one_by_one_does(monkeypatch):
    """The entities a batch names for the first time are inserted at once, with the rows
    (names, slugs, merges into the topic of the same name) and article counts that storing the
    items one by one gives; a slug taken by a stored topic is not taken again."""
    taken = Entity.objects.create(key="org:kiel", name="Kiel", display="Kiel", slug="kiel")
    for i in shared_names():
        services._store_one(i, "e.json", None, "")
    expected, expected_snapshot = entity_rows(), snapshot()
    reset()

    Entity.objects.create(key=taken.key, name="Kiel", display="Kiel", slug="kiel")
    inserts = {"n": 0}
    bulk_create = Entity.objects.bulk_create

    def counting(objs, *args, **kwargs):
        inserts["n"] += 1
        return bulk_create(objs, *args, **kwargs)

    with monkeypatch.context() as m:
        no_fallback(m)
        m.setattr(Entity.objects, "bulk_create", counting)
        m.setattr(enrichment, "create_entity", lambda *a: pytest.fail("one by one"))
        results = store_results(shared_names(), "e.json")
    assert [r.outcome for r in results] == ["new", "new", "new"]
    assert inserts["n"] == 1
    rows = entity_rows()
    assert rows == expected
    assert snapshot() == expected_snapshot
    by_key = {r[0]: r for r in rows}
    # Kiel, named by both items, is one entity: merged into the stored topic of its name, with
    # a slug of its own
    assert by_key["loc:kiel"][4:] == ("kiel-2", "org:kiel", 0) and by_key["org:kiel"][6] == 2


def test_entities_created_at_once_are_the_rows_of_creating_them_one_by_one():
    """Same names of other kinds (merged into the first), stored or earlier in the list, and
    slugs taken by stored topics or by an earlier new entity."""
    specs = [
        ("tag:eu", "EU", "EU", "KW"),
        ("org:eu", "EU", "EU", "ORG"),
        ("loc:eu", "EU", "EU", "LOC"),
        ("per:anna-schmidt", "Anna Schmidt", "Schmidt", "PER"),
        ("per:karl-schmidt", "Karl Schmidt", "Schmidt", "PER"),
        ("per:otto-schmidt", "Otto Schmidt", "Schmidt", "PER"),
        ("loc:bonn", "Bonn", "Bonn", "LOC"),
        ("org:eu", "EU", "EU", "ORG"),
    ]

    def stored_first() -> None:
        Entity.objects.create(key="org:bonn", name="Bonn", display="Bonn", slug="bonn")
        Entity.objects.create(key="misc:x", name="X", display="X", slug="otto-schmidt")

    def rows() -> list[tuple]:
        return sorted(
            Entity.objects.order_by("pk").values_list(
                "key", "name", "display", "type", "slug", "merged_into__key"
            )
        )

    stored_first()
    for spec in dict.fromkeys(specs):
        topics.create_entity(*spec)
    expected = rows()
    Entity.objects.all().delete()
    stored_first()
    created = topics.create_entities(specs)
    assert rows() == expected
    assert set(created) == {s[0] for s in specs}
    assert created["org:eu"].merged_into_id == created["tag:eu"].pk
    assert created["loc:bonn"].merged_into.key == "org:bonn"
