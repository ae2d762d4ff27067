"""Names the tagger ran together across a genitive are two names (enrich/possessives.py)."""

from __future__ import annotations

from meldungen.enrich.entities import Mention, canonical_entities


def _entities(text: str, spec: list[tuple[str, str]]) -> dict[str, str]:
    """Entity key -> type of ``text`` (first line the headline); each (surface, label) of
    ``spec`` is a mention at every place the surface stands."""
    mentions = []
    for surface, label in spec:
        start = text.find(surface)
        while start >= 0:
            mentions.append(Mention(start, start + len(surface), surface, label))
            start = text.find(surface, start + len(surface))
    entities = canonical_entities(mentions, text, headline_end=text.index("\n"))
    return {e.key: e.type for e in entities}


def test_a_person_in_the_genitive_before_a_party_is_the_person_and_the_party():
    found = _entities(
        "Italien vor Neuwahlen\n\nDie Lega von Innenminister Matteo Salvini will Neuwahlen. "
        "Matteo Salvinis Lega liegt in Umfragen vorn, sagte Salvini in Rom.",
        [("Italien", "LOC"), ("Lega", "ORG"), ("Matteo Salvini", "PER"),
         ("Matteo Salvinis Lega", "PER"), ("Salvini", "PER"), ("Rom", "LOC")],
    )  # fmt: skip
    assert found["per:matteo-salvini"] == "PER"
    assert found["org:lega"] == "ORG"
    assert not any("salvinis" in key for key in found)  # no person "Lega" of a person's span


def test_a_common_noun_in_the_genitive_before_a_name_leaves_the_name():
    found = _entities(
        "Geheimdienst unter Druck\n\nDer Bericht des Nachrichtendienstes BND liegt vor. "
        "Die Abgeordneten wollen den BND befragen.",
        [("Nachrichtendienstes BND", "ORG"), ("BND", "ORG")],
    )
    assert found == {"org:bundesnachrichtendienst": "ORG"}  # the BND, by its full name


def test_a_place_in_the_genitive_before_a_court_and_a_thing_of_a_name():
    found = _entities(
        "Urteil in Ottawa\n\nKanadas Oberster Gerichtshof hat entschieden. Kanada ist damit "
        "das dritte Land. Ghanas Fußballschule bildet junge Spieler aus.",
        [("Kanadas Oberster Gerichtshof", "ORG"), ("Kanada", "LOC"), ("Ottawa", "LOC"),
         ("Ghanas Fußballschule", "ORG")],
    )  # fmt: skip
    assert found.get("loc:kanada") == "LOC" and found.get("loc:ghana") == "LOC"
    assert "org:oberster-gerichtshof" in found
    assert not any("fussballschule" in key for key in found)  # a thing of Ghana, no name


def test_first_names_with_an_s_and_english_names_stay_whole():
    found = _entities(
        "Treffen in London\n\nBoris Johnson traf Klaus Wowereit bei der Airports Group Europe. "
        "Der Vertrag der Airports Group Europe gilt ab Mai. Johnson lobte Wowereit.",
        [("Boris Johnson", "PER"), ("Klaus Wowereit", "PER"), ("Airports Group Europe", "ORG"),
         ("Johnson", "PER"), ("Wowereit", "PER"), ("London", "LOC")],
    )  # fmt: skip
    assert {"per:boris-johnson", "per:klaus-wowereit", "org:airports-group-europe"} <= set(found)
