"""German nouns and names for enrichment: common and role nouns, the genitive -s of names."""

from __future__ import annotations

import pytest

from meldungen.enrich.nouns import is_common_noun, is_role_noun, strip_genitive


@pytest.mark.parametrize(
    ("word", "evidence", "expected"),
    [
        ("Putins", (), "Putin"),
        ("Trumps", (), "Trump"),
        ("Kremls", (), "Kreml"),
        ("Russlands", (), "Russland"),
        ("Paris", (), "Paris"),  # the -s belongs to the name
        ("Klaus", (), "Klaus"),
        ("Texas", (), "Texas"),
        ("Andreas", (), "Andreas"),
        ("Brandtners", {"Brandtner"}, "Brandtner"),  # unknown name: the article decides
        ("Brandtners", (), "Brandtners"),
        ("Bundestages", {"Bundestag"}, "Bundestag"),
        ("Hans'", (), "Hans"),
        ("Trump's", (), "Trump"),
        ("USA", (), "USA"),
    ],
)
def test_strip_genitive(word, evidence, expected):
    assert strip_genitive(word, evidence) == expected


def test_common_and_role_nouns():
    for noun in ("Kremlchef", "Verhandlungen", "Telefonat", "Präsident", "Ukrainer"):
        assert is_common_noun(noun), noun
    for name in ("Putin", "Trump", "Ukraine", "Paris", "Fischer", "Merz"):
        assert not is_common_noun(name), name
    for role in ("Kremlchef", "Kremlsprecher", "US-Präsident", "Bundeskanzlerin", "Dr."):
        assert is_role_noun(role), role
    for word in ("Putin", "Telefonat", "Ukraine", "kremlchef"):
        assert not is_role_noun(word), word


def test_singular_nouns_are_the_forms_of_lemmas_without_a_plural(tmp_path, monkeypatch):
    from meldungen.training import lexicon_build

    columns = ["lemma", "pos", "genus", "genus 1", "genus 2", "genus 3", "genus 4"]
    columns += ["nominativ singular", "nominativ plural", "genitiv singular", "genitiv plural"]
    rows = [
        ["Twitter", "Substantiv", "n", "", "", "", "", "Twitter", "", "Twitters", ""],
        ["Universität", "Substantiv", "f", "", "", "", "", "Universität", "Universitäten",
         "Universität", "Universitäten"],
        # one entry of the lemma has a plural: the lemma has one ("Kaffee" the drink, a café)
        ["Kaffee", "Substantiv", "m", "", "", "", "", "Kaffee", "", "Kaffees", ""],
        ["Kaffee", "Substantiv", "n", "", "", "", "", "Kaffee", "Kaffees", "Kaffees", "Kaffees"],
        ["Paris", "Toponym", "n", "", "", "", "", "Paris", "", "Paris", ""],
    ]  # fmt: skip
    path = tmp_path / "nouns.csv"
    path.write_text("\n".join(",".join(r) for r in [columns, *rows]) + "\n", encoding="utf-8")
    monkeypatch.setattr(lexicon_build, "german_nouns_csv", lambda: path)
    common = {"Twitter", "Twitters", "Universität", "Universitäten", "Kaffee", "Kaffees"}
    assert lexicon_build.build_singular_nouns(common) == ["Twitter", "Twitters"]


def test_the_shipped_singular_nouns_are_names_of_one_thing_not_kinds():
    from meldungen.enrich.nouns import is_singular_noun

    assert all(map(is_singular_noun, ["Twitter", "FIFA", "Eurovision", "Hamas"]))
    assert not any(map(is_singular_noun, ["Universität", "Parlament", "Polizei", "Kaffee"]))
