"""'Weitere Meldungen': one entry per story, never the article itself or its copies."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from meldungen.stories.cluster import Article, StoryClusterer
from meldungen.stories.index import MemoryStoryIndex
from meldungen.stories.related import Related, RelatedItem, related_articles

BASE = datetime(2025, 3, 18, 20, 0, tzinfo=UTC)
TRUMP, PUTIN, UKR, RUS = "donald-trump", "wladimir-putin", "ukraine", "russland"

# (id, ressort, hours after BASE, headline, text, entities) -- invented wording
ITEMS = [
    (
        "main",
        "Ausland",
        -800,
        "Trump spricht am Telefon mit Putin",
        "Der US-Präsident hat nach eigenen Angaben lange mit dem Kremlchef telefoniert. Beide "
        "Seiten "
        "wollen über ein Ende der Kämpfe in der Ukraine verhandeln, teilte das Weiße Haus mit. "
        "Moskau "
        "bestätigte das Gespräch und sprach von einer Einladung nach Russland.",
        {TRUMP: 1.0, PUTIN: 1.0, UKR: 0.6, RUS: 0.4},
    ),
    (
        "main-copy",
        "Politik",
        -799,
        "Telefonat zwischen Washington und Moskau",
        "Der US-Präsident hat nach eigenen Angaben lange mit dem Kremlchef telefoniert. Beide "
        "Seiten "
        "wollen über ein Ende der Kämpfe in der Ukraine verhandeln, teilte das Weiße Haus mit.",
        {TRUMP: 1.0, PUTIN: 1.0, UKR: 0.6},
    ),
    (
        "infra",
        "Wirtschaft",
        14.6,
        "Russische Angriffe auf Kraftwerke in der Ukraine",
        "Kurz nach dem Gespräch der beiden Präsidenten meldet Kiew neue Luftangriffe auf Anlagen "
        "der "
        "Stromversorgung im Osten des Landes.",
        {RUS: 0.9, UKR: 0.9, TRUMP: 0.3, PUTIN: 0.3},
    ),
    (
        "skeptisch-wirtschaft",
        "Wirtschaft",
        10.6,
        "Ukrainer reagieren skeptisch auf Trumps Deal mit Putin",
        "Was die Vereinbarung der beiden Staatschefs für den Krieg bedeutet, bleibt offen.",
        {UKR: 0.9, TRUMP: 0.8, PUTIN: 0.8},
    ),
    (
        "hilfen",
        "Wirtschaft",
        10.4,
        "Trump: Kremlchef fordert kein Ende der Militärhilfe",
        "Nach Darstellung des Weißen Hauses hat Moskau im Telefonat nicht verlangt, die "
        "Lieferungen "
        "an Kiew einzustellen.",
        {TRUMP: 0.9, PUTIN: 0.8, UKR: 0.5},
    ),
    (
        "skeptisch-ausland",
        "Ausland",
        9.3,
        "Ukrainer reagieren skeptisch auf Trumps Deal mit Putin",
        "Nach dem Telefonat der Präsidenten gehen die Deutungen auseinander, die Angriffe auf die "
        "Ukraine gehen weiter. Viel vorgenommen, wenig erreicht, heißt es in Kiew über das "
        "Gespräch "
        "zwischen Washington und Moskau. Eine Waffenruhe gilt nur für Angriffe auf Energieanlagen.",
        {UKR: 0.9, TRUMP: 0.8, PUTIN: 0.8},
    ),
    (
        "eishockey",
        "Wirtschaft",
        3.1,
        "Eishockey als Thema zwischen Washington und Moskau",
        "Auch Spiele russischer und amerikanischer Profis sollen in dem Gespräch eine Rolle "
        "gespielt "
        "haben.",
        {TRUMP: 0.7, PUTIN: 0.7, "nhl": 0.6},
    ),
    (
        "erkenntnisse",
        "Ausland",
        0.6,
        "Langsamer Fortschritt: was das Gespräch gebracht hat",
        "Eine sofortige Waffenruhe für dreißig Tage kam nicht zustande, nur eine begrenzte "
        "Einigung.",
        {TRUMP: 0.8, PUTIN: 0.8, UKR: 0.6},
    ),
    (
        "wetter",
        "Panorama",
        5.0,
        "Sturmtief zieht über Norddeutschland",
        "Der Wetterdienst warnt an der Küste vor orkanartigen Böen.",
        {"norddeutschland": 1.0},
    ),
]


def _stories() -> dict[str, RelatedItem]:
    clusterer = StoryClusterer(MemoryStoryIndex())
    out = {}
    for aid, _ressort, hours, title, text, ents in sorted(ITEMS, key=lambda i: i[2]):
        when = BASE + timedelta(hours=hours)
        res = clusterer.add(Article(aid, title, text, when, ents))
        out[aid] = RelatedItem(aid, when, ents, res.story_id, res.copy_of, len(text))
    return out


def test_seed_like_list_shows_each_story_once() -> None:
    items = _stories()
    assert items["main-copy"].copy_of == "main"
    # the two "Ukrainer reagieren skeptisch ..." reports are one story
    assert items["skeptisch-wirtschaft"].story_id == items["skeptisch-ausland"].story_id
    others = {items[k].story_id for k in ("infra", "hilfen", "eishockey", "erkenntnisse")}
    assert len(others) == 4 and items["skeptisch-ausland"].story_id not in others

    related = related_articles(items["main"], items.values())
    ids = [r.article_id for r in related]
    assert len(ids) == 5 and len(set(ids)) == 5
    assert "main" not in ids and "main-copy" not in ids and "wetter" not in ids
    assert len({i for i in ids if i.startswith("skeptisch")}) == 1
    # the story is shown by its fullest report (the other one is teaser-length too, so newest)
    assert "skeptisch-wirtschaft" in ids
    for r in related:
        assert isinstance(r, Related) and r.score > 0
        assert set(r.shared_tags) <= set(items["main"].entities) and r.shared_tags
    assert related[0].shared_tags[0] in (TRUMP, PUTIN)
    assert [r.score for r in related] == sorted((r.score for r in related), reverse=True)


def test_limit_and_own_story_are_respected() -> None:
    items = _stories()
    assert len(related_articles(items["main"], items.values(), limit=2)) == 2
    # from inside the "skeptisch" story, its sibling report is not "related news"
    ids = [r.article_id for r in related_articles(items["skeptisch-ausland"], items.values())]
    assert "skeptisch-wirtschaft" not in ids and "skeptisch-ausland" not in ids


def test_rare_shared_entities_outrank_common_ones() -> None:
    t = datetime(2026, 1, 10, tzinfo=UTC)
    art = RelatedItem("a", t, {"bundesregierung": 0.8, "kleinstadt-x": 0.8})
    common = RelatedItem("b", t, {"bundesregierung": 0.8})
    rare = RelatedItem("c", t, {"kleinstadt-x": 0.8})
    df = {"bundesregierung": 5000, "kleinstadt-x": 3}
    ranked = related_articles(art, [common, rare], doc_freq=df, n_docs=100_000)
    assert [r.article_id for r in ranked] == ["c", "b"]
    assert ranked[0].shared_tags == ("kleinstadt-x",)


def test_recency_breaks_ties_and_teasers_yield_to_full_reports() -> None:
    t = datetime(2026, 1, 10, tzinfo=UTC)
    art = RelatedItem("a", t, {"x": 1.0})
    old = RelatedItem("old", t - timedelta(days=60), {"x": 1.0})
    new = RelatedItem("new", t - timedelta(days=1), {"x": 1.0})
    assert [r.article_id for r in related_articles(art, [old, new])] == ["new", "old"]
    teaser = RelatedItem("teaser", t, {"x": 1.0}, story_id="s", text_length=90)
    full = RelatedItem("full", t - timedelta(hours=2), {"x": 1.0}, story_id="s", text_length=3000)
    assert [r.article_id for r in related_articles(art, [teaser, full])] == ["full"]
    assert related_articles(art, []) == []


def test_first_cut_ranks_by_shared_topical_keys_then_newest():
    from meldungen.stories.related import by_shared_keys, topical_keys

    keys = topical_keys(
        {"ukraine": 0.6, "loc:kiew": 0.4}, {f"w{i}": 1.0 / (i + 1) for i in range(12)}
    )
    # every entity, and only the eight heaviest lemmas
    assert keys == {"e:ukraine", "e:loc:kiew"} | {f"t:w{i}" for i in range(8)}
    shared = {"a": 1, "b": 3, "c": 3, "d": 2}
    newest = {"a": "2025-03-20", "b": "2025-03-18", "c": "2025-03-19", "d": "2025-03-21"}
    # most shared keys first; of two with as many, the newer first
    assert by_shared_keys(shared, newest) == ["c", "b", "d", "a"]
    assert by_shared_keys({"x": 1, "y": 1}, {"x": "", "y": ""}) == ["x", "y"]  # ties: by id
