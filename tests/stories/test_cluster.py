"""Online story clustering through both index implementations."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from meldungen.stories.cluster import Article, StoryClusterer
from meldungen.stories.index import MemoryStoryIndex, StoryIndex
from meldungen.text import split_sentences as sentences
from meldungen.training.sqlite_index import SqliteStoryIndex

from .texts import (
    ELBE,
    ELBE_TITLE,
    GASPREIS,
    GASPREIS_TITLE,
    LEHRERVERBAND,
    LEHRERVERBAND_TITLE,
    SCHULGESETZ,
    SCHULGESETZ_TITLE,
)

T0 = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)
SENTS = sentences(SCHULGESETZ)


def art(aid: str, title: str, text: str, hours: float = 0.0, **kw) -> Article:
    return Article(id=aid, title=title, text=text, published=T0 + timedelta(hours=hours), **kw)


@pytest.fixture(params=["memory", "sqlite"])
def index(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StoryIndex]:
    if request.param == "memory":
        yield MemoryStoryIndex()
    else:
        idx = SqliteStoryIndex(tmp_path / "stories.sqlite3")
        yield idx
        idx.close()


def test_copies_teasers_and_distinct_stories(index: StoryIndex) -> None:
    c = StoryClusterer(index)
    first = c.add(art("a1", SCHULGESETZ_TITLE, SCHULGESETZ))
    assert first.is_new_story and first.story_id == "a1" and first.copy_of is None

    # a republished copy: new headline, dateline, cut short, restyled quotes
    copy_text = "Hannover (dpa) - " + " ".join(SENTS[:5]).replace("„", "«").replace("“", "»")
    copy = c.add(art("a2", "Kleine Schulen dürfen bleiben", copy_text, 3))
    assert (copy.story_id, copy.copy_of, copy.is_new_story) == ("a1", "a1", False)

    # a copy of the copy still points to the first original
    assert c.add(art("a3", "Schulgesetz", copy_text + "\nAnzeige", 5)).copy_of == "a1"

    # a teaser-only feed item with its own wording of the headline
    teaser = c.add(art("a4", SCHULGESETZ_TITLE, "Grundschulen auf dem Land bleiben erhalten.", 1))
    assert teaser.story_id == "a1" and not teaser.is_new_story

    # same topic, different story; and unrelated news
    other = c.add(art("b1", LEHRERVERBAND_TITLE, LEHRERVERBAND, 2))
    assert other.is_new_story and other.story_id == "b1"
    assert c.add(art("c1", ELBE_TITLE, ELBE, 2)).story_id == "c1"
    assert c.add(art("d1", GASPREIS_TITLE, GASPREIS, 4)).story_id == "d1"

    story = index.get_stories(["a1"])["a1"]
    assert story.n_articles == 4 and story.first_article_id == "a1"
    assert index.story_of(["a2", "b1"]) == {"a2": "a1", "b1": "b1"}


def test_teaser_arriving_first_is_joined_by_its_full_article(index: StoryIndex) -> None:
    c = StoryClusterer(index)
    assert c.add(art("t", SCHULGESETZ_TITLE, SENTS[0], 0)).is_new_story
    full = c.add(art("f", SCHULGESETZ_TITLE, SCHULGESETZ, 0.5))
    assert full.story_id == "t" and full.copy_of is None
    assert index.get_stories(["t"])["t"].first_article_id == "t"


def test_earlier_report_becomes_first_report(index: StoryIndex) -> None:
    c = StoryClusterer(index)
    c.add(art("late", SCHULGESETZ_TITLE, SCHULGESETZ, 5))
    c.add(art("early", "Schulgesetz beschlossen", " ".join(SENTS[:4]), 1))
    story = index.get_stories(["late"])["late"]
    assert story.first_article_id == "early"
    assert story.first_published == T0 + timedelta(hours=1)


def test_shared_entities_and_time_decide_between_related_reports(index: StoryIndex) -> None:
    c = StoryClusterer(index)
    ents = {"niedersachsen": 0.9, "helga-brenneke": 0.8}
    c.add(art("a", SCHULGESETZ_TITLE, SCHULGESETZ, entities=ents))
    # a second, differently written report on the same decision, same entities, same day
    second = (
        "Kleine Grundschulen in Niedersachsen bleiben erhalten: Der Landtag stimmte dem neuen "
        "Schulgesetz von Kultusministerin Helga Brenneke zu. Gemeinden mit wenigen Kindern müssen "
        "ihre Schule damit nicht mehr schließen. Die Opposition vermisst Geld für Lehrerstellen."
    )
    joined = c.add(art("b", "Niedersachsen rettet kleine Grundschulen", second, 6, entities=ents))
    assert joined.story_id == "a" and joined.copy_of is None and 0.5 <= joined.score < 1
    # the same report four days later: the story has aged out
    late = c.add(art("c", "Niedersachsen rettet kleine Grundschulen", second + " Nachtrag.", 100))
    assert late.story_id == "a" and late.copy_of == "b"  # copies still find their original
    third = (
        "Helga Brenneke verteidigt das Schulgesetz für Niedersachsen gegen Kritik aus der "
        "Opposition. Kleine Grundschulen seien für Dörfer unverzichtbar, sagte die Ministerin im "
        "Landtag. Das Geld für Lehrerstellen werde im nächsten Haushalt bereitgestellt."
    )
    in_window = c.add(art("d", "Brenneke verteidigt Schulgesetz", third, 101, entities=ents))
    assert in_window.story_id == "a" and in_window.copy_of is None
    aged = c.add(art("e", "Brenneke verteidigt Schulgesetz", third + " Ja.", 24 * 9, entities=ents))
    assert aged.story_id == "a" and aged.copy_of == "d"
    fresh = "Ein Jahr Schulgesetz: " + LEHRERVERBAND
    assert c.add(art("f", "Bilanz", fresh, 24 * 9, entities=ents)).is_new_story


def test_known_article_is_not_added_twice(index: StoryIndex) -> None:
    c = StoryClusterer(index)
    c.add(art("a", SCHULGESETZ_TITLE, SCHULGESETZ))
    again = c.add(art("a", SCHULGESETZ_TITLE, SCHULGESETZ))
    assert again.story_id == "a" and not again.is_new_story
    assert index.get_stories(["a"])["a"].n_articles == 1
    assert index.doc_freqs(["landtag"]) == (1, {"landtag": 1})


@pytest.mark.parametrize(
    ("article", "message"),
    [
        (Article("", "x", "y", T0), "no id"),
        (Article("n", "x", "y", datetime(2026, 1, 1)), "timezone-aware"),
        (Article("e", " ", "", T0), "neither title nor text"),
    ],
)
def test_bad_input_is_rejected_clearly(article: Article, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        StoryClusterer(MemoryStoryIndex()).add(article)


class CountingIndex(MemoryStoryIndex):
    """Records how the clusterer looks things up."""

    def __init__(self) -> None:
        super().__init__()
        self.recent_calls = 0
        self.story_reads: list[int] = []

    def recent(self, since: datetime, limit: int = 100) -> set[str]:
        self.recent_calls += 1
        return super().recent(since, limit)

    def get_stories(self, story_ids):  # type: ignore[no-untyped-def]
        ids = list(story_ids)
        self.story_reads.append(len(ids))
        return super().get_stories(ids)


def test_candidates_come_from_keys_not_from_a_scan() -> None:
    idx = CountingIndex()
    c = StoryClusterer(idx)
    for i in range(60):  # sixty unrelated stories, all inside the window
        c.add(
            art(f"x{i}", f"Meldung {i}", f"Gemeinde Ort{i} meldet Zahl{i} neue Dinge{i}.", i / 10)
        )
    c.add(art("a", SCHULGESETZ_TITLE, SCHULGESETZ, 7))
    assert idx.recent_calls == 0
    assert idx.story_reads[-1] <= 2  # only stories sharing a key, not all sixty


def _worker(path: str, prefix: str, n: int) -> None:
    idx = SqliteStoryIndex(path)
    c = StoryClusterer(idx)
    for i in range(n):
        text = f"{SCHULGESETZ} Ergänzung {prefix}{i}." if i % 2 == 0 else f"{ELBE} Nachtrag {i}."
        c.add(art(f"{prefix}{i}", SCHULGESETZ_TITLE if i % 2 == 0 else ELBE_TITLE, text, i))
    idx.close()


def test_two_processes_share_one_sqlite_index(tmp_path: Path) -> None:
    path = str(tmp_path / "shared.sqlite3")
    SqliteStoryIndex(path).close()
    StoryClusterer(MemoryStoryIndex()).add(art("warm", ELBE_TITLE, ELBE))  # load lemma data once
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    procs = [ctx.Process(target=_worker, args=(path, p, 8)) for p in ("p", "q")]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    idx = SqliteStoryIndex(path)  # a restart: everything is still there
    ids = [f"{p}{i}" for p in "pq" for i in range(8)]
    stories = idx.story_of(ids)
    assert len(stories) == 16
    # all Schulgesetz copies from both processes form one story, all Elbe copies another
    assert len({stories[f"{p}{i}"] for p in "pq" for i in range(0, 8, 2)}) == 1
    assert len({stories[f"{p}{i}"] for p in "pq" for i in range(1, 8, 2)}) == 1
    assert idx.doc_freqs(["landtag"])[0] == 16
    members = sum(s.n_articles for s in idx.get_stories(set(stories.values())).values())
    assert members == 16
    idx.close()


def test_shared_boilerplate_alone_does_not_make_a_copy(index: StoryIndex) -> None:
    c = StoryClusterer(index)
    notice = "Dieser Beitrag wurde automatisch aus dem Angebot einer Nachrichtenagentur übernommen."
    assert c.add(art("n", "Hinweis", notice)).is_new_story
    res = c.add(art("g", GASPREIS_TITLE, notice + " " + GASPREIS, 1))  # same opening words
    assert res.is_new_story and res.copy_of is None


def test_articles_years_apart_do_not_overflow_the_score():
    from datetime import UTC, datetime

    from meldungen.stories.cluster import Article, StoryClusterer
    from meldungen.stories.index import MemoryStoryIndex

    clusterer = StoryClusterer(MemoryStoryIndex())
    text = "Der Stadtrat beschließt den Bau einer neuen Brücke über den Fluss am Hafen."
    old = clusterer.add(Article("1", "Brücke beschlossen", text, datetime(2012, 1, 1, tzinfo=UTC)))
    new = clusterer.add(
        Article(
            "2",
            "Brücke wird gebaut",
            text + " Baubeginn ist im Mai.",
            datetime(2025, 1, 1, tzinfo=UTC),
        )
    )
    assert old.is_new_story and new.story_id in {"1", "2"}


# Two texts of one agency on one event, the same headline, different teasers (own wording).
HAFEN_TITLE = "Streik legt den Hamburger Hafen stundenlang lahm"
HAFEN_A = (
    "Im Tarifstreit der Hafenarbeiter stehen die Containerbrücken still. Die Gewerkschaft "
    "fordert einen Inflationsausgleich für mehrere tausend Beschäftigte."
)
HAFEN_B = (
    "Reedereien leiten erste Frachter nach Bremerhaven um. Logistiker warnen vor langen "
    "Staus auf den Zufahrten, wenn der Ausstand bis zum Wochenende andauert."
)


def test_same_headline_same_source_within_hours_is_one_story(
    index: StoryIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    import meldungen.stories.cluster as cluster

    # the rule alone: a join score no pair reaches, so only the rule can join them
    monkeypatch.setattr(cluster, "JOIN_SCORE", 1.01)
    c = StoryClusterer(index)
    later = c.add(art("h1", HAFEN_TITLE, HAFEN_A, 11.0, source="dpa"))
    # the earlier text arrives second, with a trailing full stop and other spacing
    earlier = c.add(art("h2", HAFEN_TITLE + ".", HAFEN_B, 0.5, source=" DPA "))
    assert earlier.story_id == later.story_id == "h1"
    # the same pair without a source: the score alone keeps them apart
    plain = StoryClusterer(MemoryStoryIndex())
    plain.add(art("p1", HAFEN_TITLE, HAFEN_A, 11.0))
    assert plain.add(art("p2", HAFEN_TITLE + ".", HAFEN_B, 0.5)).story_id == "p2"
    # from the same source two days on, too: the headline recurs, the event may be new
    again = StoryClusterer(MemoryStoryIndex())
    again.add(art("d1", HAFEN_TITLE, HAFEN_A, 0.0, source="dpa"))
    assert again.add(art("d2", HAFEN_TITLE, HAFEN_B, 60.0, source="dpa")).story_id == "d2"


def test_headline_key_needs_a_source_and_a_real_headline() -> None:
    from meldungen.stories.cluster import headline_key

    assert headline_key("dpa", "Deal mit Putin: Ukrainer skeptisch") == headline_key(
        "DPA", "deal mit putin – ukrainer skeptisch."
    )
    assert headline_key("", HAFEN_TITLE) is None
    assert headline_key("dpa", "Das Wetter") is None
    assert headline_key("dpa", HAFEN_TITLE) != headline_key("afp", HAFEN_TITLE)


def test_a_story_record_norms_once_and_a_changed_story_anew() -> None:
    """Scoring uses each story record's norms, computed once; a changed story is a new record
    with its own (``dataclasses.replace`` does not carry them over)."""
    import dataclasses

    from meldungen.stories.cluster import story_score
    from meldungen.stories.index import StoryRecord
    from meldungen.stories.similarity import norm

    when = datetime(2026, 2, 2, 9, 0, tzinfo=UTC)
    story = StoryRecord("1", "1", when, when, 1, {"a": 3.0, "b": 4.0}, {"a": 1.0}, {"e:x": 2.0})
    assert story.norms == (5.0, 1.0, 2.0)
    grown = dataclasses.replace(story, centroid={"a": 6.0, "b": 8.0})
    assert grown.norms[0] == 10.0 and story.norms[0] == 5.0
    vector, title, entities = {"a": 0.6, "c": 0.8}, {"a": 1.0}, {"e:x": 1.0}
    norms = (norm(vector), norm(title), norm(entities))
    for s in (story, grown):
        plain = story_score(vector, title, entities, when + timedelta(days=1), s)
        assert story_score(vector, title, entities, when + timedelta(days=1), s, norms) == plain
