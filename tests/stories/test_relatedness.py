"""The learned relatedness model: compound parts, features, threshold, and a feed article
without good tags getting the other lockdown reports, not articles sharing only "Europa"."""

from __future__ import annotations

import io
import json
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from meldungen.stories.related import RelatedItem, related_articles
from meldungen.stories.relatedness import (
    FEATURES,
    WEIGHTS_PATH,
    compound_parts,
    default_model,
    expanded,
    shared_theme,
)
from meldungen.stories.similarity import DocumentFrequencies, term_counts, tfidf_vector
from meldungen.text import content_lemmas
from meldungen.training.stories_eval import eval_related

from .feed_texts import FEED

T0 = datetime(2021, 4, 5, 8, 0, tzinfo=UTC)
# what a weak tagger gives feed articles: broad places only
ENTITIES = {
    "bangladesch": {"loc:europa": 0.4, "loc:bangladesch": 1.0},
    "nepal": {"loc:nepal": 1.0},
    "srilanka": {"loc:sri-lanka": 1.0},
    "maiszuensler": {"loc:europa": 1.0},
    "johnson": {"loc:europa": 1.0, "loc:grossbritannien": 0.8, "per:boris-johnson": 1.0},
}


def feed_items() -> dict[str, RelatedItem]:
    stats = DocumentFrequencies()
    for title, text, _ in FEED.values():
        stats.add(term_counts(title, text))
    out = {}
    for key, (title, text, hours) in FEED.items():
        ents = ENTITIES[key]
        out[key] = RelatedItem(
            id=key,
            published=T0 + timedelta(hours=hours),
            entities=ents,
            story_id=key,
            text_length=len(text),
            terms=tfidf_vector(term_counts(title, text), stats.df, stats.n_docs),
            title_terms=tfidf_vector(Counter(content_lemmas(title)), stats.df, stats.n_docs),
            places=frozenset(k for k in ents if k.startswith("loc:")),
        )
    return out


def test_compounds_split_into_informative_parts() -> None:
    assert compound_parts("lockdownverlängerung") == ("lockdown", "verlängerung")
    assert compound_parts("corona-lockdown") == ("corona", "lockdown")
    assert compound_parts("bundestag") == ("bund", "tag")  # not "bunde" + "stag"
    assert compound_parts("regierung") == ()
    vec = expanded({"corona-lockdown": 1.0})
    assert "lockdown" in vec and vec["lockdown"] < vec["corona-lockdown"]


def test_shipped_weights_are_learned_and_complete() -> None:
    data = json.loads(Path(WEIGHTS_PATH).read_text(encoding="utf-8"))
    assert set(data["full"]["weights"]) == set(FEATURES)
    assert data["trained_on"]["judged_pairs"] > 100
    model = default_model()
    assert 0 < model.threshold < 1
    # more shared text means more related; more days apart, less
    assert model.text_weights["terms"] > 0 and model.text_weights["days"] < 0


def test_lockdown_report_gets_lockdown_reports_not_europe() -> None:
    items = feed_items()
    related = related_articles(items["bangladesch"], items.values())
    ids = [r.article_id for r in related]
    assert set(ids) == {"nepal", "srilanka"}  # below the threshold: not shown at all
    for r in related:
        assert not r.shared_tags  # no entity in common ...
        assert "Lockdown" in r.shared_terms or "Ausgangssperre" in r.shared_terms  # ... a theme
    # in an archive where "Europa" is common, sharing it alone relates nothing
    df = {"loc:europa": 5000, "loc:grossbritannien": 2000}
    assert related_articles(items["maiszuensler"], items.values(), doc_freq=df, n_docs=10**5) == []
    europe = related_articles(items["bangladesch"], items.values(), doc_freq=df, n_docs=10**5)
    assert {r.article_id for r in europe} == {"nepal", "srilanka"}


def test_older_reports_only_fill_the_list() -> None:
    items = feed_items()
    nepal = items["nepal"]
    old = RelatedItem(**{**nepal.__dict__, "id": "old", "story_id": "old",
                         "published": T0 - timedelta(days=400)})  # fmt: skip
    ids = [r.article_id for r in related_articles(items["bangladesch"], [old, *items.values()])]
    assert ids[-1] == "old" and set(ids[:-1]) == {"nepal", "srilanka"}
    assert [r.article_id for r in related_articles(items["bangladesch"], [old], limit=2)] == [
        "old"
    ]  # nothing newer is related: the old report is shown


def test_shared_theme_names_nouns_as_written() -> None:
    a = {"lockdown": 0.7, "ausgangssperre": 0.5, "regierung": 0.1}
    b = {"lockdown": 0.6, "ausgangssperre": 0.4, "schule": 0.3}
    assert shared_theme(a, b) == ("Lockdown", "Ausgangssperre")
    # "Plan" and "Steuer" are surnames too, left out of the common nouns: nouns all the same
    assert shared_theme({"plan": 0.5, "steuer": 0.4}, {"plan": 0.5, "steuer": 0.3}) == (
        "Plan",
        "Steuer",
    )


def test_shared_theme_shows_strong_whole_nouns_only() -> None:
    """ "Gemeinsam: Leitzins", not "Zins, Leitzins, Leit"; "Arbeitslosenquote", not
    "Arbeitslosenquote, Punkt, Zahl"; "Terroranschlag", not "tote, digital, Ist"."""
    a = {"zins": 0.6, "leitzins": 0.5, "leit": 0.3, "notenbank": 0.4, "tag": 0.05}
    b = {"zins": 0.6, "leitzins": 0.4, "leit": 0.3, "notenbank": 0.35, "tag": 0.2}
    assert shared_theme(a, b) == ("Leitzins", "Notenbank")
    a = {"arbeitslosenquote": 0.8, "punkt": 0.3, "zahl": 0.1}
    b = {"arbeitslosenquote": 0.7, "punkt": 0.2, "zahl": 0.1}
    assert shared_theme(a, b) == ("Arbeitslosenquote",)
    assert shared_theme({"zins": 0.5}, {"leitzins": 0.5}) == ()
    # no noun ("tote", "digital"), or a part neither article uses as a word ("ist" of "Terrorist")
    a = {"tote": 0.9, "digital": 0.8, "ist": 0.7, "terroranschlag": 0.5, "terrorist": 0.4}
    b = {"tote": 0.9, "digital": 0.8, "ist": 0.7, "terroranschlag": 0.5}
    words = {"tote", "digital", "terroranschlag", "terrorist"}
    assert shared_theme(a, b, words=words) == ("Terroranschlag",)
    # nor a noun of every other text
    assert shared_theme({"mensch": 0.9, "opfer": 0.3}, {"mensch": 0.9, "opfer": 0.3}) == ("Opfer",)


def test_eval_related_scores_precision_and_ndcg(tmp_path: Path) -> None:
    path = tmp_path / "ranked.jsonl"
    lines = [
        {"article": "a", "ranked": ["x", "y", "z"], "judged": {"x": 4, "y": 1, "w": 3}},
        {"article": "b", "ranked": [], "judged": {"q": 3}},
        {"article": "c", "judged": {}},  # no judgements: skipped with a message
    ]
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\nnot json\n", encoding="utf-8")
    out = io.StringIO()
    assert eval_related(path, out) == 0
    text = out.getvalue()
    assert "skipped: no judged neighbours" in text and ":4: skipped" in text
    # a: 1 relevant in the first 5 -> 0.2; b: empty list -> 0.0
    assert text.splitlines()[-1].startswith("p@5=0.100 ndcg@5=")
    ndcg = float(text.splitlines()[-1].split("ndcg@5=")[1])
    assert 0 < ndcg < 1
    assert "empty_lists=1" in text
    assert eval_related(tmp_path / "missing.jsonl", io.StringIO()) == 2
