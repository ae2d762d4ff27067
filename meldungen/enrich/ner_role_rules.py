"""NER rules for a person right after a role noun ("Präsident", "Heimatschutzministerin"):
the tagger reads an unknown name there as a place or not at all. The sentence rules of
``ner_rules`` otherwise; ``ner._finish`` applies these first."""

from __future__ import annotations

from collections.abc import Sequence

from meldungen.enrich.ner_features import Lexicon
from meldungen.enrich.ner_rules import _PLACE, _is_name_word, _spans
from meldungen.enrich.nouns import is_noun_compound, is_role_noun
from meldungen.text.lemmas import is_small_word


def _person_after_role(tokens: Sequence[str], tags: list[str], lex: Lexicon) -> list[str]:
    """A place span of two or more name words right after a role noun is a person: "den
    ukrainischen Präsident Wolodymyr Selenskyj" (the tagger, not knowing either word, took the
    pair for a place). Not when a word of it is a known place ("Bürgermeister New Yorks")."""
    if "B-LOC" not in tags:
        return tags
    for s, e, lab in list(_spans(tags)):
        if lab != "LOC" or e - s < 2 or s == 0 or not is_role_noun(tokens[s - 1]):
            continue
        words = tokens[s:e]
        if all(_is_name_word(w) for w in words) and not any(
            lex.classes(w) & _PLACE for w in words[1:]
        ):
            tags[s] = "B-PER"
            for k in range(s + 1, e):
                tags[k] = "I-PER"
    return tags


def _unknown_after_role(tokens: Sequence[str], tags: list[str], lex: Lexicon) -> list[str]:
    """Untagged name words right after a role noun that no word list knows are a person:
    "Präsident Rafsandschani ist tot" (the tagger had no feature of the surname to go by).
    Not a word the lexicon knows in any class, nor a German word written small, nor a
    frequent one, nor a compound noun ("Teamleiter Marktwächter Finanzen") or a role noun itself
    ("Filmstar Rammstein-Star")."""
    for i in range(1, len(tokens)):
        if tags[i] != "O" or tags[i - 1] != "O" or not is_role_noun(tokens[i - 1]):
            continue
        j = i
        while j < len(tokens) and j - i < 3 and tags[j] == "O" and _unknown_name(tokens[j], lex):
            j += 1
        if j > i:  # and the surname after an unknown first name ("Kirstjen Nielsen")
            while j < len(tokens) and j - i < 3 and tags[j] == "O" and _surname(tokens[j], lex):
                j += 1
            if j < len(tokens) and tags[j] == "B-PER":
                tags[j] = "I-PER"  # the tagger found the surname only
            tags[i] = "B-PER"
            for k in range(i + 1, j):
                tags[k] = "I-PER"
    return tags


def _unknown_name(w: str, lex: Lexicon) -> bool:
    return (
        _is_name_word(w) and not lex.classes(w) and lex.zipf.get(w.lower(), 0) < 2
        and not is_small_word(w) and not is_noun_compound(w) and not is_role_noun(w)
    )  # fmt: skip


def _surname(w: str, lex: Lexicon) -> bool:
    classes = lex.classes(w)
    return _is_name_word(w) and bool(classes & {"sn", "gPER"}) and "N" not in classes
