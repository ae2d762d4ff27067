"""A name's genitive -s for the search index: "Trumps" is indexed and asked for as "Trump",
"Europas" as "Europa". Pure: no Django.

Snowball German drops a final -s itself after b, d, f, g, h, k, l, m, n, r and t ("Putins",
"Merkels", "Russlands") and takes off "-es"; after a vowel and the other consonants it keeps
the -s, where names take it in the genitive all the same ("Trumps", "Europas", "Obamas",
"Selenskyjs", "Gorbatschows", "Guaidós"). There such a word loses its -s before it is stemmed,
unless

- it is a form of a German common noun (the project's noun lexicon, meldungen/enrich/lexicon:
  "Bus", "Haus", "Glas", "Ergebnis"; a plural such as "Autos" stays as Snowball leaves it),
- it is a compound whose last part is a known noun ("Qualitätspreis", "Überflugerlaubnis",
  "Kosmetikstudios"),
- or the frequency list the entity stage reads names' genitives with
  (enrich.nouns.strip_genitive) says the -s is the word's own ("Paris", "Texas", "Klaus",
  "Thomas", "Andreas", "kostenlos").

The rule reads the lower-cased word alone, so the text and the query meet whatever case a
reader types ("trumps" finds what "Trumps" finds), in both directions. A word neither list
knows is rarer than the words they hold: taking off an -s of its own makes it meet only the
form without it, rarer still, where a genitive's -s taken off makes it meet its name.
"""

from __future__ import annotations

from meldungen.enrich.nouns import common_nouns, compound_heads, s_final_is_own

# letters after which Snowball German drops a final -s itself (its "s_ending")
SNOWBALL_S_ENDING = frozenset("bdfghklmnrt")
MIN_WORD = 4  # "Xis" stays: three-letter words ending in -s are mostly acronyms (UBS, SMS)


def without_genitive_s(word: str) -> str:
    """The lower-cased word without a name's genitive -s that Snowball keeps ("trumps" ->
    "trump"); any other word as it is. Cached with its stem (text.term)."""
    if len(word) < MIN_WORD or word[-1] != "s" or not word.isalpha():
        return word
    before = word[-2]
    if before in SNOWBALL_S_ENDING or before in "es":  # Snowball's own, "-es", "-ss"
        return word
    if word[0].upper() + word[1:] in common_nouns() or compound_heads(word):
        return word  # a noun's, or a compound's, whose -s is its last noun's ("Bündnis")
    return word if s_final_is_own(word) else word[:-1]
