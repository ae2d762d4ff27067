"""German text for search, without Django: stemming, the query language and highlighting.

The same stemmer (Snowball German) runs over the indexed text and over the query, so that
"Verhandlung" finds "Verhandlungen" and "Putins" finds "Putin". PostgreSQL's `german`
configuration uses the Snowball German algorithm too, which keeps both backends alike.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer

from .stopwords import STOPWORDS

WORD = re.compile(r"\w+")
_stemmer = snowballstemmer.stemmer("german")


@lru_cache(maxsize=300_000)
def stem(word: str) -> str:
    """Snowball German stem of one lower-cased word (cached: news text repeats its words)."""
    return _stemmer.stemWord(word)


def words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def stems(text: str) -> list[str]:
    """Stems of the words of ``text`` in order, function words left out."""
    return [stem(w) for w in words(text) if w not in STOPWORDS]


def stemmed(text: str) -> str:
    """The text as the SQLite index stores it: space-separated stems."""
    return " ".join(stems(text))


@dataclass(frozen=True)
class Alternative:
    """A word or a phrase: ``words`` as typed (for PostgreSQL), ``stems`` without stopwords."""

    words: tuple[str, ...]
    stems: tuple[str, ...]


@dataclass
class Clause:
    alternatives: list[Alternative] = field(default_factory=list)  # joined by OR
    negated: bool = False


@dataclass
class Query:
    """A parsed search: every positive clause must match, no negated clause may."""

    raw: str
    clauses: list[Clause] = field(default_factory=list)

    @property
    def positive(self) -> list[Clause]:
        return [c for c in self.clauses if not c.negated]

    @property
    def negative(self) -> list[Clause]:
        return [c for c in self.clauses if c.negated]

    @property
    def is_empty(self) -> bool:
        return not self.positive

    def highlight_stems(self) -> frozenset[str]:
        return frozenset(s for c in self.positive for a in c.alternatives for s in a.stems)


# "a phrase", -"a phrase", -word, OR, word (hyphenated words become phrases)
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


def parse_query(raw: str) -> Query:
    """Read the search box: words (all must occur), "phrases", ``-word`` to exclude, ``OR``."""
    raw = (raw or "")[:500]
    query = Query(raw=raw)
    pending_or = False
    for match in _TOKEN.finditer(raw):
        neg, phrase, bare = match.group(1), match.group(2), match.group(3)
        if bare is not None:
            if bare == "OR":
                pending_or = bool(query.clauses)
                continue
            neg = "-" if bare.startswith("-") and len(bare) > 1 else ""
            text = bare[1:] if neg else bare
        else:
            text = phrase
        typed = tuple(words(text))
        alt = Alternative(typed, tuple(stem(w) for w in typed if w not in STOPWORDS))
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
        alts = ['"' + " ".join(a.stems) + '"' for a in c.alternatives]
        return alts[0] if len(alts) == 1 else "(" + " OR ".join(alts) + ")"

    expr = " AND ".join(clause(c) for c in query.positive)
    for c in query.negative:
        expr = f"({expr}) NOT {clause(c)}"
    return expr


_TAG = re.compile(r"<[^>]*>")


def plain_text(body_html: str) -> str:
    """Text of the stored (already sanitized) body HTML, cheaply, for snippets."""
    return html.unescape(_TAG.sub(" ", body_html or ""))


def highlight(text: str, marks: frozenset[str]) -> str:
    """``text`` as escaped HTML with the words whose stem is in ``marks`` in <mark>."""
    out: list[str] = []
    pos = 0
    for m in WORD.finditer(text):
        word = m.group(0).lower()
        if word in STOPWORDS or stem(word) not in marks:
            continue
        out.append(html.escape(text[pos : m.start()]))
        out.append(f"<mark>{html.escape(m.group(0))}</mark>")
        pos = m.end()
    out.append(html.escape(text[pos:]))
    return "".join(out)


def snippet(text: str, marks: frozenset[str], width: int = 240) -> str:
    """The passage of about ``width`` characters with most matches, highlighted and escaped."""
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= width:
        return highlight(text, marks)
    hits = [
        m.start()
        for m in WORD.finditer(text)
        if m.group(0).lower() not in STOPWORDS and stem(m.group(0).lower()) in marks
    ]
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
