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
