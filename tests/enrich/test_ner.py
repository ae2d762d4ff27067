"""The shipped German NER model: loading, obvious entities, offsets, batching, score floors."""

from __future__ import annotations

from pathlib import Path

import pytest

from meldungen.enrich import ner
from meldungen.enrich.ner import (
    Lexicon,
    Mention,
    _consistent,
    _known_organisations,
    _person_after_role,
    _person_by_first_name,
    _person_surnames,
    _repeated_full_names,
    _trim_genitive,
    _whole_surname,
    extract,
    extract_many,
    tag_tokens,
)
from meldungen.enrich.ner_rules import _surnames_after_first_names
from meldungen.text.tokens import token_spans

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
# Regression floors for the shipped model (trained on ALL of GermEval dev, see MODEL_CARD.md).
# SmartData v3 test news is still held out: measured 0.816, floor a margin below.
SMARTDATA_FLOOR = 0.79
# GermEval dev blocks 2/5/8 are now training data, so their score is no estimate of unseen text;
# the floor only catches a broken model, features or lexicon (measured 1.000).
GERMEVAL_SEEN_FLOOR = 0.95

TEXT = (
    "Bundeskanzlerin Angela Merkel hat am Montag in Hamburg mit dem Vorstand der "
    "Deutschen Bahn über neue Strecken gesprochen. Merkel sagte, die Bahn müsse pünktlicher werden."
)


def labelled(mentions: list[Mention]) -> set[tuple[str, str]]:
    return {(m.text, m.label) for m in mentions}


def test_model_files_are_shipped_and_small() -> None:
    files = [p for p in ner.MODEL_DIR.rglob("*") if p.is_file()]
    names = {p.name for p in files}
    assert {"model.crfsuite", "lexicon.json.gz", "MODEL_CARD.md"} <= names
    assert sum(p.stat().st_size for p in files) <= 25 * 1024 * 1024


def test_model_loads_once() -> None:
    assert ner.load() is ner.load()


def test_extract_finds_person_city_and_organisation() -> None:
    found = labelled(extract(TEXT))
    assert ("Angela Merkel", "PER") in found
    assert ("Hamburg", "LOC") in found
    assert ("Deutschen Bahn", "ORG") in found
    assert ("Merkel", "PER") in found
    # common nouns that German capitalises are not names
    assert not any(t in {"Montag", "Vorstand", "Strecken"} for t, _ in found)


def test_mentions_carry_exact_character_offsets() -> None:
    for m in extract(TEXT):
        assert TEXT[m.start : m.end] == m.text
        assert m.label in {"PER", "LOC", "ORG"}


def test_extract_many_matches_extract_and_keeps_order() -> None:
    texts = [TEXT, "", "Der Bürgermeister von Leipzig, Jonas Hartmann, besuchte Siemens."]
    batched = list(extract_many(texts, batch_size=2))
    assert len(batched) == 3
    assert batched[0] == extract(TEXT)
    assert batched[1] == []
    assert batched[2] == extract(texts[2])


def test_tag_tokens_returns_iob2_for_each_token() -> None:
    tokens = ["Gestern", "sprach", "Olaf", "Scholz", "in", "Paris", "."]
    tags = tag_tokens(tokens)
    assert len(tags) == len(tokens)
    assert tags[2:4] == ["B-PER", "I-PER"]
    assert tags[5] == "B-LOC"
    assert tag_tokens([]) == []


def test_line_breaks_end_mentions() -> None:
    text = "Olaf Scholz\nAngela Merkel\n\nBerlin"
    found = extract(text)
    assert all("\n" not in m.text for m in found)
    assert ("Angela Merkel", "PER") in labelled(found)


def test_document_consistency_spreads_surnames_but_not_common_nouns() -> None:
    lex = Lexicon(cased={"Antrag": "N", "Richter": "N"}, zipf={}, phrases={})
    sents = [
        ["Richterin", "Jana", "Wolkow", "lehnte", "ab", "."],
        ["Wolkows", "Antrag", "scheiterte", ",", "Wolkow", "schwieg", "."],
        ["Der", "Antrag", "kam", "vom", "Richter", "."],
    ]
    tagged = [
        ["O", "B-PER", "I-PER", "O", "O", "O"],
        ["O"] * 7,
        ["O", "B-ORG", "O", "O", "O", "O"],  # a wrong ORG on a common noun
    ]
    out = _consistent(sents, tagged, lex)
    assert out[1] == ["B-PER", "O", "O", "O", "B-PER", "O", "O"]
    assert out[0] == tagged[0]
    assert out[2] == tagged[2]  # the common noun is not spread anywhere else


def test_a_repeated_first_name_and_surname_is_a_person_though_the_surname_is_a_noun() -> None:
    lex = Lexicon(
        cased={"Helene": "VN", "Fischer": "N,NN", "Mark": "N,VN", "Am": "VN", "Trainer": "N"},
        zipf={"helene": 3, "am": 6},
        phrases={},
    )
    sents = [
        ["Helene", "Fischer", "meldet", "sich", "zurück", "."],
        ["Helene", "Fischer", "singt", ";", "Helene", "Trainer", "lacht", "."],
        ["Am", "Montag", "zahlte", "Mark", "Bauer", "zehn", "Mark", "Bauer", "."],
        ["Helene", "Fischer", "Müller", "sang", "."],  # three names: left to the tagger
    ]
    tagged = [["O"] * len(s) for s in sents]
    out = _repeated_full_names(sents, tagged, lex)
    assert out[0][:2] == ["B-PER", "I-PER"] and out[1][:2] == ["B-PER", "I-PER"]
    assert out[1][4:6] == ["O", "O"]  # once, and a role noun after it
    assert out[2] == tagged[2]  # "Am" is mostly the preposition, "Mark" a noun too
    assert out[3] == tagged[3]
    once = _repeated_full_names(sents[:1], [["O"] * 6], lex)
    assert once == [["O"] * 6]  # a single occurrence is the sentence tagger's call
    # the shipped pipeline: the article's name is found though "Fischer" is a noun
    text = "Helene Fischer meldet sich zurück.\n\nHelene Fischer hat sich bei Instagram gemeldet."
    assert ("Helene Fischer", "PER") in labelled(extract(text))


def test_a_full_name_whose_surname_the_article_repeats_alone_is_a_person() -> None:
    lex = Lexicon(
        cased={"Gesine": "VN", "Antonio": "VN", "Das": "ART"},
        zipf={"gesine": 2, "antonio": 3, "das": 7},
        phrases={},
    )
    sents = [
        ["Kandidatin", "ist", "Gesine", "Lindqvist-Oberhuber", "."],
        ["Lindqvist-Oberhuber", "sagte", ",", "sie", "trete", "an", "."],
        ["Gekommen", "war", "Antonio", "Das", "."],  # "Das" alone is the article
        ["Das", "Ergebnis", "kam", "spät", "."],
    ]
    tagged = [["O"] * len(s) for s in sents]
    out = _repeated_full_names(sents, tagged, lex)
    assert out[0][2:4] == ["B-PER", "I-PER"]
    assert out[2] == tagged[2]  # a frequent word alone is no evidence of a surname
    assert _repeated_full_names(sents[:1], tagged[:1], lex) == tagged[:1]  # named once only


def test_genitive_name_plus_common_noun_is_cut_back_to_the_name() -> None:
    lex = Lexicon(cased={"Russland": "TOP", "Angriffskrieg": "N", "Bahn": "N"}, zipf={}, phrases={})
    toks = ["Russlands", "Angriffskrieg", "und", "Deutsche", "Bahn"]
    tags = ["B-LOC", "I-LOC", "O", "B-ORG", "I-ORG"]
    assert _trim_genitive(toks, list(tags), lex) == ["B-LOC", "O", "O", "B-ORG", "I-ORG"]


def test_place_span_of_name_words_after_a_role_noun_is_a_person() -> None:
    lex = Lexicon(cased={"Litauen": "TOP", "Yorks": "TOP"}, zipf={}, phrases={})
    toks = ["den", "litauischen", "Präsident", "Gitanas", "Nausėda", "in", "Litauen"]
    tags = ["O", "O", "O", "B-LOC", "I-LOC", "O", "B-LOC"]
    out = _person_after_role(toks, list(tags), lex)
    assert out == ["O", "O", "O", "B-PER", "I-PER", "O", "B-LOC"]
    # a known place after the role noun stays one; so does a span after no role noun
    mayor = ["Bürgermeister", "New", "Yorks"], ["O", "B-LOC", "I-LOC"]
    assert _person_after_role(*mayor, lex) == mayor[1]
    plain = ["in", "Gitanas", "Nausėda"], ["O", "B-LOC", "I-LOC"]
    assert _person_after_role(*plain, lex) == plain[1]


def test_an_unknown_name_word_after_a_role_noun_is_a_person() -> None:
    from meldungen.enrich.ner_role_rules import _unknown_after_role

    lex = Lexicon(cased={"Iran": "TOP", "Nielsen": "gPER", "Müller": "sn"}, zipf={}, phrases={})
    toks = ["Irans", "ehemaliger", "Präsident", "Rafsandschani", "ist", "tot"]
    out = _unknown_after_role(toks, ["B-LOC", "O", "O", "O", "O", "O"], lex)
    assert out == ["B-LOC", "O", "O", "B-PER", "O", "O"]
    # an unknown first name joins the surname the tagger found
    toks = ["Heimatschutzministerin", "Kirstjen", "Nielsen", "tritt", "zurück"]
    out = _unknown_after_role(toks, ["O", "O", "B-PER", "O", "O"], lex)
    assert out == ["O", "B-PER", "I-PER", "O", "O"]
    # a word a list knows is the tagger's call; a compound noun and a German word are no name
    for toks in (
        ["Präsident", "Müller"], ["Teamleiter", "Marktwächter"], ["Sprecher", "Heute"],
        ["Filmstar", "Rammstein-Star"],
    ):  # fmt: skip
        assert _unknown_after_role(toks, ["O", "O"], lex) == ["O", "O"]


def test_place_or_organisation_span_opening_with_a_first_name_is_a_person() -> None:
    lex = Lexicon(
        cased={"Silvio": "xf", "Hope": "xf", "Hicks": "xl", "Carl": "xf", "Zeiss": "gpORG",
               "Santa": "xf", "Victoria": "xf,TOP", "Falls": "", "Cash": "xf", "Cow": "gpLOC",
               "Rom": "TOP"},
        zipf={"santa": 4.2},
        phrases={},
    )  # fmt: skip
    toks = ["Silvio", "Berlusconi", "und", "Hope", "Hicks", "in", "Rom"]
    tags = ["B-ORG", "I-ORG", "O", "B-LOC", "I-LOC", "O", "B-LOC"]
    out = _person_by_first_name(toks, list(tags), lex)
    assert out == ["B-PER", "I-PER", "O", "B-PER", "I-PER", "O", "B-LOC"]
    # a company named after its founder, a frequent first word, a first name that is a place
    # too, the last word of a place name: left as they are
    for words, labels in (
        (["Carl", "Zeiss"], ["B-ORG", "I-ORG"]),
        (["Santa", "Ponça"], ["B-LOC", "I-LOC"]),
        (["Victoria", "Falls"], ["B-LOC", "I-LOC"]),
        (["Cash", "Cow"], ["B-ORG", "I-ORG"]),
    ):
        assert _person_by_first_name(words, list(labels), lex) == labels
    phrase = Lexicon(cased={"Silvio": "xf"}, zipf={}, phrases={("Silvio", "Platz"): "LOC"})
    assert _person_by_first_name(["Silvio", "Platz"], ["B-LOC", "I-LOC"], phrase) == [
        "B-LOC", "I-LOC"
    ]  # fmt: skip


def test_a_person_span_goes_on_over_a_rare_name_word_after_it() -> None:
    lex = Lexicon(cased={"Montag": "N", "Dänemark": "TOP"}, zipf={"montag": 4}, phrases={})
    toks = ["Premier", "Lars", "Løkke", "Rasmussen", "bezeichnete", "es", "als", "Unsinn"]
    tags = ["O", "B-PER", "I-PER", "O", "O", "O", "O", "O"]
    assert _whole_surname(toks, list(tags), lex)[1:4] == ["B-PER", "I-PER", "I-PER"]
    kept = [  # a noun, a place, a genitive's noun, a compound, one more name after it
        (["Lars", "Løkke", "Montag"], ["B-PER", "I-PER", "O"]),
        (["Lars", "Løkke", "Dänemark"], ["B-PER", "I-PER", "O"]),
        (["Kevin", "Kühnerts", "Forderungen"], ["B-PER", "I-PER", "O"]),
        (["Kevin", "Kühnert", "Brexit-Pläne"], ["B-PER", "I-PER", "O"]),
        (["Lars", "Løkke", "Rasmussen", "Frederiksen"], ["B-PER", "I-PER", "O", "O"]),
    ]
    for toks, tags in kept:
        assert _whole_surname(toks, list(tags), lex) == tags, toks


def test_a_gazetteer_organisation_named_twice_untagged_is_an_organisation() -> None:
    lex = Lexicon(
        cased={"Quantix": "gORG", "Polizei": "N,gORG", "Velora": "gORG"},
        zipf={},
        phrases={},
    )
    sents = [
        ["Quantix", "streicht", "Stellen", "."],
        ["Das", "kündigte", "Quantix", "an", ";", "die", "Polizei", "ermittelt", "."],
        ["Die", "Polizei", "kam", "."],
        ["Der", "Fahrer", "eines", "Velora", "fuhr", "in", "den", "Velora", "."],
        ["Der", "Velora", "stand", "."],
    ]
    tagged = [["O"] * len(s) for s in sents]
    out = _known_organisations(sents, tagged, lex)
    assert out[0][0] == "B-ORG" and out[1][2] == "B-ORG"
    assert out[1][6] == "O" and out[2][1] == "O"  # a common noun too
    assert out[3] == tagged[3] and out[4] == tagged[4]  # after an article: a product
    assert _known_organisations(sents[:1], tagged[:1], lex) == tagged[:1]  # named once only


def test_a_place_or_organisation_that_is_a_named_persons_surname_is_the_person() -> None:
    lex = Lexicon(cased={"Washington": "TOP"}, zipf={}, phrases={})
    sents = [
        ["Minister", "Thomas", "de", "Maizière", "kam", "."],
        ["De", "Maizière", "sagte", ",", "Maizière", "bleibe", "."],
        ["Denzel", "Washington", "flog", "nach", "Washington", "."],
    ]
    tagged = [
        ["O", "B-PER", "I-PER", "I-PER", "O", "O"],
        ["B-ORG", "I-ORG", "O", "O", "B-LOC", "O", "O"],
        ["B-PER", "I-PER", "O", "O", "B-LOC", "O"],
    ]
    out = _person_surnames(sents, tagged, lex)
    assert out[1] == ["B-PER", "I-PER", "O", "O", "B-PER", "O", "O"]
    assert out[2] == tagged[2]  # a surname that is a known place stays what the tagger said


def test_a_one_word_person_and_the_word_after_it_tagged_alone_elsewhere_are_one_name() -> None:
    sents = [
        ["Fischer", "reist", "in", "die", "Ukraine"],
        ["Minister", "Joschka", "Fischer", "reist", "heute", "."],
        ["Treffen", "Trump", "Putin", "in", "Helsinki"],
        ["Trump", "sagte", ",", "Putin", "sei", "stark", "."],
    ]
    tagged = [
        ["B-PER", "O", "O", "O", "B-LOC"],
        ["O", "B-PER", "O", "O", "O", "O"],
        ["O", "B-PER", "O", "O", "B-LOC"],
        ["B-PER", "O", "O", "B-PER", "O", "O", "O"],
    ]
    out = _surnames_after_first_names(sents, tagged)
    assert out[1] == ["O", "B-PER", "I-PER", "O", "O", "O"]
    # "Trump" is a person elsewhere without "Putin" after it: two names, not one
    assert out[2] == tagged[2]
    assert out[0] == tagged[0] and out[3] == tagged[3]
    # through the model: the headline's bare "Fischer" is the minister's surname
    text = (
        "Fischer reist in die Ukraine\n"
        "Bundesaußenminister Joschka Fischer von den Grünen reist heute nach Kiew."
    )
    assert "Joschka Fischer" in [m.text for m in extract(text) if m.label == "PER"]


def test_bad_input_gives_clear_error() -> None:
    with pytest.raises(TypeError, match="needs a str"):
        extract(None)  # type: ignore[arg-type]
    assert extract("   \n ") == []


def _shared_or_skip(what: str) -> Path:
    if not SHARED.exists():
        pytest.skip(f"../shared not present: {what} is needed for this regression check")
    return SHARED


def test_regression_smartdata_news_heldout_floor() -> None:
    """Regression check on held-out news: SmartData v3 test (news + RSS) was never trained on
    by the shipped model, so this floor guards the quality on unseen news text."""
    from meldungen.training import nerdata
    from meldungen.training.ner_eval import evaluate_sentences

    test = nerdata.smartdata_test(_shared_or_skip("SmartData v3 test"))
    report = evaluate_sentences(test)
    assert len(test) == 683
    assert report.micro.f1 >= SMARTDATA_FLOOR


def test_sanity_germeval_dev_seen_floor() -> None:
    """Sanity check, not a held-out score: the shipped model learned from all of GermEval dev,
    including blocks 2/5/8 (the 70/30 estimate in MODEL_CARD.md came from a run that held them
    out). A model that cannot tag its own training sentences well is broken."""
    from meldungen.training import nerdata
    from meldungen.training.ner_eval import evaluate_sentences

    _, seen = nerdata.split_germeval(nerdata.germeval(_shared_or_skip("GermEval dev")))
    report = evaluate_sentences(seen)
    assert len(seen) == 650
    assert report.micro.f1 >= GERMEVAL_SEEN_FLOOR


def test_unknown_acronyms_get_their_own_feature() -> None:
    lex = Lexicon(cased={"EU": "ORG", "GmbH": "N"}, zipf={}, phrases={})
    assert "acr" in lex.word_features("BFH")  # no list knows it: likely an organisation
    assert "acr" not in lex.word_features("EU")  # a known word keeps its class instead
    assert "acr" not in lex.word_features("B2B")  # digits: not an acronym of a name
    assert "acr" not in lex.word_features("BERLIN")  # six letters: a dateline, not an acronym


def test_nouns_that_introduce_a_name_mark_their_neighbour() -> None:
    from meldungen.enrich.ner_features import sentence_features, trigger_class

    assert trigger_class("Autobauer") == "ORG"
    assert trigger_class("Ölgesellschaft") == "ORG"  # a compound counts by its head
    assert trigger_class("Parteien") == "ORG"
    assert trigger_class("Gemeinde") == "LOC"
    assert trigger_class("US-Präsident") == "PER"
    assert trigger_class("Kremlchef") == "PER"
    assert trigger_class("Telefonat") == ""
    lex = Lexicon(cased={"Russland": "TOP", "Reederei": "N"}, zipf={}, phrases={})
    feats = sentence_features(lex, ["Die", "Reederei", "Maersk", "und", "Russland"])
    assert "-1tr=ORG" in feats[2]  # "Maersk" follows a noun that introduces a company
    assert not any(f.startswith("tr=") for f in feats[4])  # a name is no trigger ("-land")


def test_a_place_adjective_alone_is_no_name_but_mentions_its_place() -> None:
    lex = ner.load().lexicon
    assert ner.place_of_adjective("Wiener", lex) == "Wien"
    assert ner.place_of_adjective("Münchner", lex) == "München"
    assert ner.place_of_adjective("Bremer", lex) == "Bremen"
    for word in ("Bayer", "Lehrer", "Peter", "Munster", "Wien", "wiener"):
        assert ner.place_of_adjective(word, lex) is None, word
    toks = ["Die", "Wiener", "Polizei", "und", "die", "Frankfurter", "Allgemeine", "Zeitung"]
    tags = ["O", "B-LOC", "O", "O", "O", "B-ORG", "I-ORG", "I-ORG"]
    # GermEval calls the lone adjective LOCderiv (O); inside a longer name it stays
    assert ner.drop_lone_adjectives(toks, list(tags), lex) == ["O"] * 5 + tags[5:]
    toks = ["die", "deutsche", "und", "amerikanischen", "Deutsche", "Bank", "Porsche", "Kurz"]
    tags = ["O", "B-LOC", "O", "B-ORG", "B-ORG", "I-ORG", "B-ORG", "B-PER"]
    assert ner.drop_lone_adjectives(toks, list(tags), lex) == ["O"] * 4 + tags[4:]

    class Fixed:  # the shipped lexicon, with tags as if the CRF had said "Wiener" is a place
        lexicon = lex

        def tag_document(self, sents, keep_adjectives=False):
            tagged = [["O", "B-LOC", "O", "O", "O", "O"]]
            return (
                tagged if keep_adjectives else [ner.drop_lone_adjectives(sents[0], tagged[0], lex)]
            )

    text = "Die Wiener Kriminalabteilung siedelt um ."
    (wien,) = ner._mentions(text, token_spans(text), Fixed())
    assert (wien.text, wien.label, wien.base) == ("Wiener", "LOC", "Wien")


def test_a_dash_inside_a_span_parts_two_names() -> None:
    toks = ["Bayer", "Leverkusen", "-", "Holstein", "Kiel", "2:2", "und", "Hamburg", "–"]
    found = [(0, 5, "ORG"), (7, 9, "LOC")]
    assert list(ner._pairs_apart(toks, found)) == [(0, 2, "ORG"), (3, 5, "ORG"), (7, 8, "LOC")]


def test_a_comma_inside_a_span_parts_a_list_of_names() -> None:
    # a market report's "Aktien von Commerzbank, Deutscher Bank und Wirecard": the tagger ran
    # the first two together, which made the one name "Commerzbank Deutscher Bank"
    toks = ["von", "Commerzbank", ",", "Deutscher", "Bank", "und", "Wirecard", ";", "Siemens"]
    found = [(1, 5, "ORG"), (6, 9, "ORG")]
    assert list(ner._pairs_apart(toks, found)) == [
        (1, 2, "ORG"), (3, 5, "ORG"), (6, 7, "ORG"), (8, 9, "ORG"),
    ]  # fmt: skip


def test_a_capitalised_article_inside_a_span_parts_two_names() -> None:
    # "gegen den FC Arsenal Der FC Bayern steckt": a full stop went missing between them;
    # "Bündnis 90/Die Grünen" and an article that opens the span stay whole
    toks = ["FC", "Arsenal", "Der", "FC", "Bayern", "und", "Bündnis", "90", "/", "Die", "Grünen"]
    found = [(0, 5, "ORG"), (6, 11, "ORG")]
    assert list(ner._pairs_apart(toks, found)) == [(0, 2, "ORG"), (3, 5, "ORG"), (6, 11, "ORG")]
    assert list(ner._pairs_apart(["Die", "Linke"], [(0, 2, "ORG")])) == [(0, 2, "ORG")]


def test_a_person_span_ending_in_a_capitalised_particle_takes_the_name_after_it() -> None:
    toks = ["Alexander", "Van", "der", "Bellen", "sprach", "mit", "Merkel", "von", "der", "CDU"]
    tags = ["B-PER", "I-PER", "O", "O", "O", "O", "B-PER", "O", "O", "B-ORG"]
    out = ner._join_particles(toks, list(tags))
    assert out[:4] == ["B-PER", "I-PER", "I-PER", "I-PER"]
    assert out[4:] == tags[4:]  # "Merkel von der CDU": a lower-case "von" ends nothing here


def test_a_name_span_before_of_or_for_and_capitalised_words_is_one_english_name() -> None:
    from meldungen.enrich.ner_rules import _english_names

    lex = Lexicon(
        cased={"Future": "N", "Trotz": "N", "Ferien": "N", "Man": "N,gpLOC"},
        zipf={"future": 3, "trotz": 5, "ferien": 4, "man": 6},
        phrases={},
    )  # fmt: skip
    toks = ["Fridays", "for", "Future", "Trotz", "Ferien", "und", "Isle", "of", "Man"]
    tags = ["B-PER", "O", "O", "O", "O", "O", "B-LOC", "O", "O"]
    out = _english_names(toks, list(tags), lex)
    # a person's span an organisation, ending before a frequent German noun; a place stays one
    assert out == ["B-ORG", "I-ORG", "I-ORG", "O", "O", "O", "B-LOC", "I-LOC", "I-LOC"]
    # "for" with nothing capitalised after it joins nothing
    assert _english_names(["Apple", "for", "alle"], ["B-ORG", "O", "O"], lex) == [
        "B-ORG", "O", "O"
    ]  # fmt: skip
