"""German text utilities for enrichment: normalising, sentences, tokens, lemmas, names, slugs.

Lexicons are small gzip lists in ./lexicon (see meldungen/training/lexicon_build.py), loaded
lazily once; the short word lists are in ./data/text_words.json.
"""

from __future__ import annotations

import gzip
import json
import re
import threading
import unicodedata
from collections.abc import Container, Iterator
from functools import lru_cache
from pathlib import Path

LEXICON_DIR = Path(__file__).resolve().parent / "lexicon"
# abbreviations, stop words, role heads: written for Meldungen, read once at import
_WORDS = json.loads(
    (Path(__file__).resolve().parent / "data" / "text_words.json").read_text("utf-8")
)

# ---------------------------------------------------------------------------------------------
# Characters

_CHAR_MAP = str.maketrans(
    {
        "„": '"', "“": '"', "”": '"', "«": '"', "»": '"', "‟": '"', "″": '"',
        "‚": "'", "‘": "'", "’": "'", "‹": "'", "›": "'", "‛": "'", "′": "'", "`": "'",
        "–": "-", "—": "-", "‒": "-", "―": "-", "‐": "-", "‑": "-", "−": "-",
        "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2007": " ",
    }
)  # fmt: skip
_DROP = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\ufeff"))


def normalize_text(text: str) -> str:
    """NFC, typographic quotes/dashes to ASCII, odd spaces to plain spaces, soft hyphens dropped.

    One canonical form keeps name matching simple ("Selenskyj’s" and "Selenskyj's" are one).
    """
    return unicodedata.normalize("NFC", text).translate(_DROP).translate(_CHAR_MAP)


# ---------------------------------------------------------------------------------------------
# Sentences and tokens

# Abbreviations after which a full stop does not end a sentence (lowercase, without the dot).
_ABBREV = frozenset(_WORDS["abbreviations"]["words"])
_SENT_END = re.compile(r"[.!?]+[\"')\]]*(?=\s+[\"'(\[]?[A-ZÄÖÜ0-9])|\n\s*\n|\n(?=\S)")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: cut after . ! ? before an upper-case start, at line breaks.

    Not after abbreviations ("Dr.", "z.B.") or ordinal numbers ("am 1. August").
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENT_END.finditer(text):
        if m.group().startswith("."):
            word = re.search(r"([\w.]+)\.*$", text[start : m.start()])
            before = word.group(1).lower() if word else ""
            if before.replace(".", " ").split()[-1:] and (
                before.replace(".", " ").split()[-1] in _ABBREV or before.isdigit()
            ):
                continue
        _add_span(text, start, m.end(), spans)
        start = m.end()
    _add_span(text, start, len(text), spans)
    return spans


def _add_span(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def split_sentences(text: str) -> list[str]:
    """The sentences of `text` as strings."""
    return [text[a:b] for a, b in sentence_spans(text)]


# Words keep inner hyphens, apostrophes and dots ("Ukraine-Krieg", "z.B."): one token each.
_TOKEN = re.compile(r"\w+(?:[-'.&]\w+)*|[^\w\s]", re.UNICODE)


def token_spans(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, token) for every word and punctuation mark."""
    for m in _TOKEN.finditer(text):
        yield m.start(), m.end(), m.group()


_WORD_TOKEN = re.compile(r"\w+(?:[-'.&]\w+)*", re.UNICODE)


def words(text: str) -> list[str]:
    """The word tokens (no punctuation) of `text`, as `token_spans` cuts them."""
    return _WORD_TOKEN.findall(text)


# ---------------------------------------------------------------------------------------------
# Lemmas


@lru_cache(maxsize=200_000)
def lemmatize(word: str) -> str:
    """simplemma's German lemma (cached: news vocabulary repeats heavily)."""
    import simplemma

    return simplemma.lemmatize(word, lang="de")


_STOP = frozenset(_WORDS["stopwords"]["words"])


def lemma_text(text: str) -> str:
    """Lower-cased lemmas of the content words, space-separated: input for similarity later."""
    out = []
    for w in words(text):
        if w.isdigit():
            continue
        lemma = lemmatize(w).lower()
        if lemma not in _STOP and len(lemma) > 1:
            out.append(lemma)
    return " ".join(out)


# ---------------------------------------------------------------------------------------------
# Lexicons

_lock = threading.Lock()
_nouns: frozenset[str] | None = None
_s_final: dict[str, bool] | None = None


def _read_lines(name: str) -> list[str]:
    with gzip.open(LEXICON_DIR / name, "rt", encoding="utf-8") as fh:
        return fh.read().split("\n")


def common_nouns() -> frozenset[str]:
    """All forms of German common nouns (case as written: "Telefonat", "Verhandlungen")."""
    global _nouns
    if _nouns is None:
        with _lock:
            if _nouns is None:
                _nouns = frozenset(w for w in _read_lines("common_nouns.txt.gz") if w)
    return _nouns


def _s_final_table() -> dict[str, bool]:
    global _s_final
    if _s_final is None:
        with _lock:
            if _s_final is None:
                table = {}
                for line in _read_lines("s_final.txt.gz"):
                    word, _, flag = line.partition("\t")
                    if word:
                        table[word] = flag == "k"
                _s_final = table
    return _s_final


def is_common_noun(word: str) -> bool:
    """True for a capitalised German common noun (Kremlchef, Telefonat), not for names."""
    return word[:1].isupper() and word in common_nouns()


# Heads of nouns naming a role, office or title; compounds count too ("Kremlsprecher",
# "US-Präsident", "Ministerpräsidentin").
_ROLE_HEADS = tuple(sorted(_WORDS["role_heads"]["words"], key=len, reverse=True))


def is_role_noun(word: str) -> bool:
    """True for a capitalised noun that names a role or title ("Kremlchef", "US-Präsident")."""
    if not word[:1].isupper():
        return False
    low = word.lower().rstrip(".")
    low = low.rsplit("-", 1)[-1]
    for suffix in ("innen", "in", "en", "n", "s"):
        if low.endswith(suffix) and low[: -len(suffix)].endswith(_ROLE_HEADS):
            return True
    return low.endswith(_ROLE_HEADS)


# ---------------------------------------------------------------------------------------------
# Names


def keeps_final_s(word: str, evidence: Container[str] = ()) -> bool:
    """True when the frequency list says the -s of this name is its own (Wales, Texas, Paris)
    and neither the form without -s nor without -es occurs in `evidence`."""
    if not word.endswith("s") or word[:-1] in evidence or word[:-2] in evidence:
        return False
    return _s_final_table().get(word.lower()) is True


def strip_genitive(word: str, evidence: Container[str] = ()) -> str:
    """The base form of one name token in the genitive: Putins -> Putin, Kremls -> Kreml.

    `evidence` holds surface forms seen elsewhere (same article, earlier articles): when the
    form without -s occurs there, the -s is a genitive. Otherwise the shipped frequency list
    decides (Paris, Klaus, Texas keep their -s). Apostrophe genitives ("Hans'", "Trump's") too.
    """
    if len(word) < 3:
        return word
    if word.endswith("'s"):
        return word[:-2]
    if word.endswith("'") and word[-2:-1] in ("s", "x", "z"):
        return word[:-1]
    if not word.endswith("s") or word.isupper():
        return word
    base = word[:-1]
    if word.endswith("es") and len(word) >= 5:
        stem = word[:-2]  # des Bundestages -> Bundestag, des Hauses -> Haus
        if stem in evidence or is_common_noun(stem):
            return stem
    known = _s_final_table().get(word.lower())
    if known is True and base not in evidence:
        return word  # Paris, Klaus, Mercedes
    if base in evidence or (known is False and len(base) >= 3):
        return base
    return word


_SLUG_MAP = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe",
                           "Ü": "ue"})  # fmt: skip


def slug(text: str) -> str:
    """URL slug: lower case, umlauts spelled out (ä -> ae), accents dropped, '-' between words."""
    text = normalize_text(text).translate(_SLUG_MAP)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
