"""German text for search, without Django: stemming, the query language and highlighting.

The same stemmer (Snowball German) runs over the indexed text and over the query, so that
"Verhandlung" finds "Verhandlungen" and "Putins" finds "Putin", for both backends: PostgreSQL
is given these stems too (backends/postgres.py), not its own `german` configuration. The
stemmer is PyStemmer, Snowball's own C code: the same stems as the pure-Python
snowballstemmer word for word (bench/stemmer_check.py), about 20 times faster. Before it, a
name's genitive -s that Snowball keeps comes off ("Trumps", "Europas"; search/genitive.py),
and an apostrophe's -s ("Trump's") is no word of its own: `term` is what is indexed and asked.
"""

from __future__ import annotations

import html
import re
import threading
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import Stemmer

from meldungen.text import FUNCTION_WORDS as STOPWORDS
from meldungen.text import normalize_text
from meldungen.text.tokens import INDEX_WORD as WORD
from meldungen.text.tokens import index_words

from .compounds import split
from .genitive import without_genitive_s

# A Snowball stemmer keeps the word it works on in the object ("must not be called
# concurrently", says PyStemmer), so one shared by the threads of a server process would mix
# their words up: one stemmer per thread.
_local = threading.local()


_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))


def plain(text: str) -> str:
    """One form of every word however a source or a keyboard wrote it: NFC ("Mu\u0308ller",
    u and a combining diaeresis, is "Müller"), soft hyphens and zero-width characters left out
    ("Bundes&shy;tag" is "Bundestag")."""
    return unicodedata.normalize("NFC", text).translate(_INVISIBLE)


# "Trump's", "Trump’s": the -s after an apostrophe is the genitive's (or "es": "geht's"),
# no word of its own, in the text as in the query
_POSSESSIVE = re.compile(r"(?<=\w)['\u2019\u02bc]s\b", re.IGNORECASE)


def words(text: str) -> list[str]:
    """The lower-cased words of ``text`` as the index stores them and queries ask for them."""
    return index_words(_POSSESSIVE.sub("", plain(text)))


@lru_cache(maxsize=300_000)
def stem(word: str) -> str:
    """Snowball German stem of one lower-cased word (cached: news text repeats its words)."""
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        # no PyStemmer cache: the lru_cache above already holds every word seen
        stemmer = _local.stemmer = Stemmer.Stemmer("german", 0)
    return stemmer.stemWord(word)


@lru_cache(maxsize=300_000)
def term(word: str) -> str:
    """What the index stores for one lower-cased word and a query asks for: its stem, a name's
    genitive -s taken off first ("trumps" -> "trump", as "putins" -> "putin")."""
    return stem(without_genitive_s(word))


def stems(text: str) -> list[str]:
    """Index terms of the words of ``text`` in order, function words left out."""
    return [term(w) for w in words(text) if w not in STOPWORDS]


def stemmed(text: str) -> str:
    """The text as the SQLite index stores it: space-separated stems."""
    return " ".join(stems(text))


@lru_cache(maxsize=200_000)
def part_stems(word: str) -> tuple[str, ...]:
    """Terms of a lower-cased compound's parts other than the word's own term."""
    own = term(word)
    return tuple(dict.fromkeys(p for p in map(term, split(word)) if p != own))


def compound_parts(text: str) -> list[str]:
    """The parts of the text's compounds ("Atomprogramm" -> "atom", "programm"), each once."""
    return list(
        dict.fromkeys(
            p for w in dict.fromkeys(words(text)) if w not in STOPWORDS for p in part_stems(w)
        )
    )


CACHED_UP_TO = 20_000  # characters of body: the cache keeps its texts (512), so no long ones


def indexed_columns(title: str, lead: str, body: str) -> tuple[str, str, str, str]:
    """What both backends index of a document: the stems of title, lead and body, and the
    stems of its compounds' parts. A function of the text only, so the copies of one text (a
    wire item sent again by another desk, often within minutes) are stemmed once."""
    if len(body) > CACHED_UP_TO:
        return _stem_columns(title, lead, body)
    return _cached_columns(title, lead, body)


def _stem_columns(title: str, lead: str, body: str) -> tuple[str, str, str, str]:
    parts = " ".join(compound_parts(f"{title} {lead} {body}"))
    return stemmed(title), stemmed(lead), stemmed(body), parts


_cached_columns = lru_cache(maxsize=512)(_stem_columns)


@dataclass(frozen=True)
class Alternative:
    """A word or a phrase: ``words`` as typed (for PostgreSQL), ``stems`` without stopwords."""

    words: tuple[str, ...]
    stems: tuple[str, ...]
    prefix: bool = False  # "Atom*": words that begin so


@dataclass
class Clause:
    alternatives: list[Alternative] = field(default_factory=list)  # joined by OR
    negated: bool = False


# Why a query searches nothing (Query.empty_reason), as the search page tells the reader.
EMPTY_REASONS = {
    "only_excluded": (
        "Die Suche schließt nur Wörter aus, die nicht vorkommen sollen (-Wort): bitte "
        "mindestens ein Wort angeben, das vorkommen soll."
    ),
    "no_word": (
        "Die Suche enthält kein Wort, nach dem gesucht werden kann: Satzzeichen und "
        "Zeichen wie Emojis allein werden nicht gesucht."
    ),
    "only_function_words": (
        "Bitte Suchbegriffe eingeben (Wörter wie „und“ oder „der“ allein werden nicht gesucht)."
    ),
}


@dataclass
class Query:
    """A parsed search: every positive clause must match, no negated clause may."""

    raw: str
    clauses: list[Clause] = field(default_factory=list)
    # set by a backend that ranked only the newest matches and left older ones out (PostgreSQL,
    # MAX_RANKED): the number of results is then a lower bound ("mehr als 500 Treffer")
    capped: bool = False

    @property
    def positive(self) -> list[Clause]:
        return [c for c in self.clauses if not c.negated]

    @property
    def negative(self) -> list[Clause]:
        return [c for c in self.clauses if c.negated]

    @property
    def is_empty(self) -> bool:
        return not self.positive

    def empty_reason(self) -> str:
        """Why the query searches nothing, one of EMPTY_REASONS ("" when it searches): the
        one decision the search page (``why_empty``) and the API's 400 answer tell."""
        if not self.is_empty:
            return ""
        if self.negative:
            return "only_excluded"
        if not words(self.raw):
            return "no_word"
        return "only_function_words"

    def why_empty(self) -> str:
        """Why the query searches nothing, for the reader ("" when it searches)."""
        return EMPTY_REASONS.get(self.empty_reason(), "")

    def highlight_stems(self) -> frozenset[str]:
        """Stems to mark; a prefix's stem carries a trailing ``*``."""
        return frozenset(
            s + ("*" if a.prefix and i == len(a.stems) - 1 else "")
            for c in self.positive
            for a in c.alternatives
            for i, s in enumerate(a.stems)
        )


OR_WORDS = ("OR", "ODER")
# "a phrase", -"a phrase", -word, OR/ODER, word, prefix* (hyphenated words become phrases)
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


def parse_query(raw: str) -> Query:
    """Read the search box: words (all must occur), "phrases", ``-word`` to exclude, ``OR``
    (or ``ODER``) between alternatives, ``word*`` for words beginning so."""
    raw = (raw or "")[:500]
    query = Query(raw=raw)
    # „German quotes“ make a phrase as "..." do; "Putin's" is Putin (an apostrophe's -s is
    # the genitive, which the stemmer takes off "Putins" too)
    typed_raw = _POSSESSIVE.sub("", normalize_text(raw))
    pending_or = False
    for match in _TOKEN.finditer(typed_raw):
        neg, phrase, bare = match.group(1), match.group(2), match.group(3)
        if bare is not None:
            if bare in OR_WORDS:
                pending_or = bool(query.clauses)
                continue
            neg = "-" if bare.startswith("-") and len(bare) > 1 else ""
            text = bare[1:] if neg else bare
            prefix = text.endswith("*") and len(text.rstrip("*")) > 0
        else:
            text, prefix = phrase, False
        typed = tuple(words(text))
        kept = [w for w in typed if w not in STOPWORDS or (prefix and w == typed[-1])]
        prefix = prefix and bool(typed) and len(typed[-1]) >= 2  # "a*" would match too much
        alt = Alternative(typed, tuple(term(w) for w in kept), prefix=prefix)
        if not alt.stems:
            pending_or = False
            continue
        last = query.clauses[-1] if query.clauses else None
        if pending_or and last is not None and not neg and not last.negated:
            last.alternatives.append(alt)
        else:
            query.clauses.append(Clause([alt], negated=bool(neg)))
        pending_or = False
    return query


def fts5_expression(query: Query) -> str:
    """The query as an SQLite FTS5 MATCH expression over stemmed columns."""

    def clause(c: Clause) -> str:
        alts = ['"' + " ".join(a.stems) + '"' + (" *" if a.prefix else "") for a in c.alternatives]
        return alts[0] if len(alts) == 1 else "(" + " OR ".join(alts) + ")"

    expr = " AND ".join(clause(c) for c in query.positive)
    # One NOT of every excluded clause: a NOT per clause nests them, and FTS5's parser stops
    # ("parser stack overflow") at about a hundred.
    excluded = [clause(c) for c in query.negative]
    if len(excluded) == 1:
        expr = f"({expr}) NOT {excluded[0]}"
    elif excluded:
        expr = f"({expr}) NOT ({' OR '.join(excluded)})"
    return expr


@lru_cache(maxsize=50_000)  # about ten pages of results' words
def marked(word: str, marks: frozenset[str]) -> bool:
    """Whether a lower-cased word matches: its stem, a compound part's stem, or a prefix
    (cached: a page of results judges the same words again and again)."""
    if word in STOPWORDS:
        return False
    own = term(word)
    if own in marks or any(p in marks for p in part_stems(word)):
        return True
    return any(m[-1] == "*" and own.startswith(m[:-1]) for m in marks)


def highlight(text: str, marks: frozenset[str]) -> str:
    """``text`` (in its ``plain`` form) as escaped HTML with the words whose stem is in
    ``marks`` in <mark>."""
    text = plain(text)
    out: list[str] = []
    pos = 0
    for m in WORD.finditer(text):
        word = m.group(0).lower()
        if not marked(word, marks):
            continue
        out.append(html.escape(text[pos : m.start()]))
        out.append(f"<mark>{html.escape(m.group(0))}</mark>")
        pos = m.end()
    out.append(html.escape(text[pos:]))
    return "".join(out)


def snippet(text: str, marks: frozenset[str], width: int = 240) -> str:
    """The passage of about ``width`` characters with most matches, highlighted and escaped."""
    text = re.sub(r"\s+", " ", plain(text)).strip()
    if len(text) <= width:
        return highlight(text, marks)
    hits = [m.start() for m in WORD.finditer(text) if marked(m.group(0).lower(), marks)]
    start = 0
    if hits:
        best, best_count = hits[0], 0
        for i, h in enumerate(hits):  # the window starting at each hit; hits are sorted
            count = sum(1 for other in hits[i:] if other < h + width)
            if count > best_count:
                best, best_count = h, count
        start = max(0, best - width // 4)
        while start > 0 and not text[start - 1].isspace():  # do not cut a word
            start -= 1
    end = min(len(text), start + width)
    while end < len(text) and not text[end].isspace():
        end += 1
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return prefix + highlight(text[start:end], marks) + suffix
