"""Bodies that several states have under one name get one topic per state (entity_homes)."""

from __future__ import annotations

import re

from meldungen.enrich.entities import Mention, canonical_entities

PLACES = {"Italien", "Österreich", "Schweiz", "USA", "Sachsen-Anhalt", "Bayern", "Rom"}


def _keys(text: str) -> dict[str, str]:
    """Key -> display of the entities of ``text``: its bodies and places as mentions."""
    found = re.finditer(r"Senat|Bundesrat|Landtag|Nationalrat|Unterhaus|Irland|" +
                        "|".join(sorted(PLACES, key=len, reverse=True)), text)  # fmt: skip
    mentions = [
        Mention(m.start(), m.end(), m.group(), "LOC" if m.group() in PLACES | {"Irland"} else "ORG")
        for m in found
    ]
    ents = canonical_entities(mentions, text, headline_end=0, teaser_span=(0, 0))
    return {e.key: e.display for e in ents}


def test_a_body_several_states_have_is_named_with_the_state_of_the_article():
    keys = _keys("Der Senat in Rom stimmte zu. Italien hat gewählt, Italien will sparen.")
    assert keys["org:senat-italien"] == "Senat (Italien)" and "org:senat" not in keys
    keys = _keys("Der Senat billigte den Haushalt. Die USA wollen sparen, sagte man in den USA.")
    assert keys["org:senat-usa"] == "Senat (USA)"


def test_the_words_around_the_body_place_it_before_the_places_named_most():
    keys = _keys("Das britische Unterhaus stimmte ab. Irland warnte, Irland drohte.")
    assert "org:unterhaus" in keys  # the British one: the body's default, its bare topic
    keys = _keys("Der Landtag von Sachsen-Anhalt tagte. Bayern und Bayern und Bayern.")
    assert keys["org:landtag-sachsen-anhalt"] == "Landtag (Sachsen-Anhalt)"
    keys = _keys("Der Senat der Vereinigten Staaten stimmte zu. Italien protestierte.")
    assert keys["org:senat-usa"] == "Senat (USA)"
    keys = _keys("Der Schweizer Bundesrat entschied.")
    assert keys["org:bundesrat-schweiz"] == "Bundesrat (Schweiz)"


def test_a_body_keeps_its_topic_in_its_default_state_or_without_one():
    # no state named: the German Bundesrat; a foreign state named once: still the German one
    assert "org:bundesrat" in _keys("Der Bundesrat billigte das Gesetz.")
    assert "org:bundesrat" in _keys("Der Bundesrat billigte das Gesetz, anders als Österreich.")
    # named twice, the other state places it there
    keys = _keys("Österreich wählt. Der Bundesrat in Wien tagte, Österreich wartet.")
    assert keys["org:bundesrat-oesterreich"] == "Bundesrat (Österreich)"
    # a body without a default and no state of its list: its bare name
    assert "org:landtag" in _keys("Der Landtag tagte bis in die Nacht.")


def test_a_name_with_the_states_adjective_is_that_states_body():
    text = "Der Berliner Senat tagte, der Sächsische Landtag auch. Der Senat sprach von Erfolg."
    spans = [("Berliner Senat", 0), ("Sächsische Landtag", 0), ("Senat", 30)]
    mentions = [Mention(text.find(w, at), text.find(w, at) + len(w), w, "ORG") for w, at in spans]
    ents = canonical_entities(mentions, text, headline_end=0, teaser_span=(0, 0))
    keys = {e.key: (e.display, e.mentions) for e in ents}
    # the bare "Senat" is placed by the Berliner before its other mention: one body
    assert keys == {"org:senat-berlin": ("Senat (Berlin)", 2),
                    "org:landtag-sachsen": ("Landtag (Sachsen)", 1)}  # fmt: skip
    # the body's default state: its bare name ("der deutsche Bundesrat")
    text = "Der Deutsche Bundesrat stimmte zu. Der Bundesrat tagt wieder, sagte Österreich."
    spans = [("Deutsche Bundesrat", 0), ("Bundesrat", 30)]
    mentions = [Mention(text.find(w, at), text.find(w, at) + len(w), w, "ORG") for w, at in spans]
    ents = canonical_entities(mentions, text)
    assert [(e.key, e.mentions) for e in ents] == [("org:bundesrat", 2)]
