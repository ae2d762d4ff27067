"""The lead of an article: the body's first sentence, after a dateline. In news it names the
actors of the report, as a teaser does; the entity stage reads it as one when there is none."""

from __future__ import annotations

import re

from meldungen.text import sentence_spans

# "Köln (SID) - ", "Berlin (dpa/lby) – ": where and by whom a report was filed, not its subject;
# a sentence starts after it ("Merz (CDU) - der Kandidat - sagte" is no dateline)
_DATELINE = re.compile(r"\s*[^\n()]{1,60}?\([^()\n]{1,30}\)\s*[-–—]\s+(?=[A-ZÄÖÜ„\"])")
_LEAD_CHARS = 2_000  # the first sentence is looked for in so much of the body


def lead_span(text: str, headline_end: int) -> tuple[int, int]:
    """The body's first sentence (after a dateline): in news the lead, which names the actors
    of the report, as a teaser does; ``text`` as for ``canonical_entities``."""
    start = len(text) - len(text[headline_end:].lstrip()) if headline_end else 0
    dateline = _DATELINE.match(text, start, start + 200)
    start = dateline.end() if dateline else start
    for size in (400, _LEAD_CHARS):  # the sentence splitter's time grows with the text
        head = text[start : start + size]
        first = next(iter(sentence_spans(head)), None)
        if first is None:
            return (0, 0)
        if first[1] < len(head.rstrip()) or start + size >= len(text):
            break
    return (start + first[0], start + first[1])
