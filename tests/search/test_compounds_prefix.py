"""German compounds found by their parts and prefix search ("Atom*"), on both backends."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from storehelp import put

from meldungen.search.compounds import split
from meldungen.search.service import SearchParams, search
from meldungen.search.text import highlight, parse_query


def test_split_finds_parts_with_linking_elements():
    assert split("atomprogramm") == ("atom", "programm")
    assert split("klimaschutzgesetz") == ("klima", "schutz", "gesetz")
    assert split("verteidigungsminister") == ("verteidigung", "minister")
    assert split("parteitag") == ("partei", "tag")


def test_split_knows_nouns_that_are_also_names():
    # Steuer, Mann and Stein are surnames too, so the NER's noun list leaves them out; as the
    # head or front of a compound they are nouns
    assert split("grundsteuer") == ("grund", "steuer")
    assert split("steuerreform") == ("steuer", "reform")
    assert split("feuerwehrmann") == ("feuer", "wehr", "mann")
    assert split("steinbruch") == ("stein", "bruch")
    assert split("mannschaft") == ()


@pytest.mark.django_db
@pytest.mark.db
def test_a_part_that_is_also_a_name_finds_its_compounds():
    put(
        "grundsteuer",
        "Land plant Reform der Grundsteuer",
        None,
        body="<p>Kommunen sorgen sich.</p>",
    )
    put(
        "steuerreform",
        "Bundestag debattiert die Steuerreform",
        None,
        body="<p>Die Union widerspricht.</p>",
    )
    headlines = {h.article.headline for h in search(SearchParams(q="Steuer")).hits}
    assert headlines == {
        "Land plant Reform der Grundsteuer",
        "Bundestag debattiert die Steuerreform",
    }


def test_split_leaves_derivations_and_particle_verbs_whole():
    for word in ("gesellschaft", "regierung", "unterstützung", "gegenstand", "spiegel", "atom"):
        assert split(word) == (), word


def test_query_syntax_prefix_and_german_or():
    q = parse_query("Atom* ODER Kernkraft -Sport")
    (clause, negated) = q.clauses
    assert [a.prefix for a in clause.alternatives] == [True, False] and negated.negated
    assert parse_query("a*").clauses[0].alternatives[0].prefix is False  # too short
    assert parse_query("*").is_empty


def test_highlight_marks_compounds_and_prefixes():
    marks = parse_query("Atom").highlight_stems()
    assert highlight("Das Atomprogramm", marks) == "Das <mark>Atomprogramm</mark>"
    marks = parse_query("Atomp*").highlight_stems()
    assert highlight("Atomprogramm und Atom", marks) == "<mark>Atomprogramm</mark> und Atom"


@pytest.fixture
def atom(db):
    when = datetime(2025, 4, 1, 9, 0, tzinfo=UTC)
    return {
        "iran": put(
            "atom-iran",
            "Iran weitet sein Atomprogramm aus",
            None,
            body="<p>Die Internationale Atomenergiebehörde zeigt sich besorgt.</p>",
            published=when,
        ),
        "tag": put(
            "parteitag",
            "Delegierte treffen sich zum Parteitag",
            None,
            body="<p>Die Partei wählt einen neuen Vorstand.</p>",
            published=when.replace(hour=10),
        ),
    }


def found(atom, q: str, **kw) -> set[str]:
    names = {a.pk: name for name, a in atom.items()}
    return {names[h.article.pk] for h in search(SearchParams(q=q, **kw)).hits}


@pytest.mark.django_db
@pytest.mark.db
def test_parts_and_prefixes_find_compounds(atom):
    assert found(atom, "Atom") == {"iran"}
    assert found(atom, "Programm") == {"iran"}
    assert found(atom, "Atomprogramm") == {"iran"}
    assert found(atom, "Tag") == {"tag"}
    assert found(atom, "Atomp*") == {"iran"}
    assert found(atom, "Atomprog*", sort="date") == {"iran"}
    assert found(atom, "Parteit*") == {"tag"}
    assert found(atom, "Atom* -Iran") == set()
    assert found(atom, "Zzz*") == set()
