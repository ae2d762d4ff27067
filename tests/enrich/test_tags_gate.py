"""The entity and tag gate (`meldungen eval tags`): matching rule, scoring, the bundled gold set
always, the full gold set built from ../shared when it is there."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from meldungen.training import tags_eval, tags_gold
from meldungen.training.tags_eval import Counts, match_key, score_entities, score_keywords
from tests.conftest import SHARED, shared_path

LAST = re.compile(r"P=(\d\.\d{3}) R=(\d\.\d{3}) F1=(\d\.\d{3})")


def _run(*args: str) -> list[str]:
    out = io.StringIO()
    call_command("eval", "tags", *args, stdout=out)
    return out.getvalue().strip().splitlines()


def test_persons_match_by_surname_places_by_alias_and_legal_form() -> None:
    assert match_key("Wladimir Putin", "PER") == match_key("Putin", "PER") == "putin"
    assert match_key("Ursula von der Leyen", "PER") == "von-der-leyen"
    assert match_key("Europäische Union", "ORG") == match_key("EU", "ORG")
    assert match_key("Volkswagen AG", "ORG") == match_key("Volkswagen", "ORG")
    assert match_key("Deutschlands", "LOC") == match_key("Deutschland", "LOC")
    assert match_key("Berlin", "LOC") != match_key("Bern", "LOC")


def test_the_tag_line_is_scored_for_right_tags_and_central_entities_shown() -> None:
    text = "Scholz reist nach Paris. Bundeskanzler Olaf Scholz trifft in Paris Macron; Lyon und "
    text += "Madrid sind nur einmal genannt, die Bahn zweimal: erst die Bahn, dann Kiel."
    gold = {
        "entities": {
            "PER": ["Olaf Scholz", "Emmanuel Macron"],
            "LOC": ["Paris", "Lyon", "Madrid", "Kiel"],
            "ORG": ["Bahn"],
        },
        "ignore": ["Bundeskanzler"],
    }
    headline_end = text.index(".") + 1
    # central: Scholz (headline), Paris (headline, twice), Bahn (twice); Macron, Lyon, Madrid
    # and Kiel are named once in the body
    groups = tags_eval.central(gold, text, headline_end)
    want = [match_key("Bahn", "ORG"), match_key("Paris", "LOC"), match_key("Scholz", "PER")]
    assert sorted(min(g) for g in groups) == sorted(want)
    pred = tags_eval.Prediction([], ["Scholz", "Paris", "Kiel", "Brüssel", "Bundeskanzler"],
                                text, headline_end)  # fmt: skip
    right, on_central, shown, lead, every = tags_eval.score_tag_line(gold, pred)
    assert (right.tp, right.fp) == (3, 1)  # Brüssel is no gold entity; the ignored name no miss
    assert (on_central.tp, on_central.fp) == (2, 2)  # Kiel is named once: right, not central
    assert (shown.tp, shown.fn) == (2, 1)  # the Bahn is not on the line
    assert (lead.tp, lead.fn) == (0, 0)  # the prediction names no lead
    # every referent: Scholz, Paris, Kiel shown; Macron, Lyon, Madrid, Bahn not
    assert (every.tp, every.fn) == (3, 4)
    # the lead: the headline and the body's first sentence (to "Kiel"), so every referent
    pred.lead_end = tags_eval.lead_end(text, headline_end, (0, 0))
    assert text[headline_end : pred.lead_end].strip().startswith("Bundeskanzler")
    lead = tags_eval.score_tag_line(gold, pred)[3]
    assert (lead.tp, lead.fn) == (3, 4)  # Scholz, Paris, Kiel; not Macron, Lyon, Madrid, Bahn
    score = tags_eval.score([{**gold, "source": "s", "split": "t"}], [pred])
    assert score.line_right["s/t"].tp == 3 and score.line_central["s/t"].fn == 1
    assert score.line_lead["s/t"].fn == 4 and score.line_every["s/t"].tp == 3


def test_inflected_names_match_their_base_form_and_alias() -> None:
    assert match_key("Europäischen Union", "ORG") == match_key("EU", "ORG")
    assert match_key("Frankfurter Allgemeinen Zeitung", "ORG") == match_key(
        "Frankfurter Allgemeine Zeitung", "ORG"
    )
    assert match_key("Auswärtigen Amtes", "ORG") == match_key("Auswärtiges Amt", "ORG")
    assert match_key("Vereinigten Arabischen Emiraten", "LOC") == match_key("VAE", "LOC")
    assert match_key("Deutsche Bank", "ORG") != match_key("Deutsche Bahn", "ORG")
    assert match_key("Bremen", "LOC") != match_key("Bremer", "LOC")


def test_a_reference_is_held_to_the_written_forms() -> None:
    text = "Die Russischen Föderation. Spiegel-Online berichtet. US-Präsident Bush und die EU."
    doc = {
        "id": "article_1",
        "entities": {
            "LOC": ["Russische Föderation", "USA"],
            "ORG": ["Spiegel Online", "EU|Europäische Union"],
            "PER": ["Bush"],
        },
        "ignore": ["Weißes Haus"],
    }
    notes = tags_gold.check_reference(doc, text)
    assert doc["entities"] == {
        "LOC": ["Russischen Föderation"],
        "ORG": ["Spiegel-Online", "EU"],
        "PER": ["Bush"],
    }
    assert doc["ignore"] == ["Weißes Haus", "USA"]  # world knowledge counts neither way
    assert len(notes) == 6, notes  # USA: dropped, then moved; "Weißes Haus" kept


def test_scoring_is_typed_and_ignores_ignored_names() -> None:
    gold = {
        "entities": {"PER": ["Angela Merkel"], "LOC": ["Berlin"], "ORG": []},
        "ignore": ["Alexanderplatz"],
    }
    pred = [("Merkel", "PER"), ("Berlin", "ORG"), ("Alexanderplatz", "LOC")]
    got = score_entities(gold, pred)
    assert (got["PER"].tp, got["PER"].fp, got["PER"].fn) == (1, 0, 0)
    assert (got["LOC"].tp, got["LOC"].fn) == (0, 1)  # Berlin found as an organisation
    assert got["LOC"].fp == 0  # the ignored square counts neither way
    assert got["ORG"].fp == 1


def test_keywords_match_tags_one_to_one() -> None:
    c = score_keywords(["Wladimir Putin", "Ukraine", "Krieg"], ["Putin", "Ukraine", "Kiew"])
    assert (c.tp, c.fp, c.fn) == (2, 1, 1)
    assert Counts(2, 1, 1).line() == "P=0.667 R=0.667 F1=0.667"


def test_bundled_gold_runs_and_holds_its_figure() -> None:
    lines = _run(str(tags_gold.BUNDLED))
    assert lines[0] == "documents: 12"
    m = LAST.fullmatch(lines[-1])
    assert m, lines[-1]
    assert float(m[3]) >= 0.75  # 0.80 when written; a drop below this is a regression
    per = next(ln for ln in lines if ln.startswith("PER:"))
    assert "R=1.000" in per  # Erdoğan, Đoković, Wałęsa, Løkke Rasmussen are names


def test_bad_gold_line_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "gold.jsonl"
    bad.write_text('{"id": "a", "body": "Text.", "entities": {}}\nnot json\n', encoding="utf-8")
    with pytest.raises(CommandError, match=r"gold.jsonl:2: not JSON"):
        _run(str(bad))
    bad.write_text('{"id": "x", "entities": {}}\n', encoding="utf-8")
    with pytest.raises(CommandError, match="no body"):
        _run(str(bad))


def test_wikinews_references_carry_no_text_and_resolve_from_shared() -> None:
    files = tags_gold.wikinews_files()
    ids = [json.loads(x)["id"] for f in files for x in f.read_text(encoding="utf-8").splitlines()]
    assert len(files) >= 4 and len(ids) == len(set(ids)) >= 290
    for f in files:
        for line in f.read_text(encoding="utf-8").splitlines():
            doc = json.loads(line)
            assert "body" not in doc and "headline" not in doc
            assert doc["source"] == "wikinews" and doc["split"] in ("dev", "test")
    shared_path("data", "news", "dewikinews-politik.csv")
    for f in files:
        for doc in tags_gold.read_gold(f, SHARED):
            text = f"{doc['headline']}\n{doc['body']}"
            assert doc["body"]
            names = [a for ns in doc["entities"].values() for n in ns for a in n.split("|")]
            missing = [n for n in names if n not in text]
            assert not missing, (f.name, doc["id"], missing)  # names as the article writes them


def test_full_gold_from_shared(tmp_path: Path) -> None:
    shared_path("data", "ner", "smartdata", "v3_20200302_test.json.gz")
    out = tmp_path / "full.jsonl"
    lines = _run(str(out), "--build", "--shared", str(SHARED))
    docs = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert {d["source"] for d in docs} == {"smartdata", "dpa", "wikinews"}
    m = LAST.fullmatch(lines[-1])
    assert m and float(m[3]) >= 0.70, lines[-1]


def test_ablation_lists_every_step_that_can_be_left_out() -> None:
    from meldungen.enrich.entities import REQUIRED, STEPS

    out = io.StringIO()
    tags_eval.main(tags_gold.BUNDLED, out, ablate=True)
    text = out.getvalue()
    for step in STEPS:
        assert (f"without {step.__name__}: P=" in text) == (step.__name__ not in REQUIRED)


def test_names_with_letters_outside_german_are_name_words() -> None:
    from meldungen.enrich.ner_rules import _is_name_word

    for word in ("Erdoğan", "Wałęsa", "Đoković", "Løkke", "Čapek", "Müller", "Meyer-Landrut"):
        assert _is_name_word(word), word
    for word in ("müller", "NATO", "A", "Berlin2", "Baden-Baden-Baden"):
        assert not _is_name_word(word), word
