"""The lead of an article: the body's first two sentences, after a dateline. In news it names
the actors of the report, as a teaser does; the entity stage reads it as one when there is none.
"""

from __future__ import annotations

import re

from meldungen.text import sentence_spans

# "Köln (SID) - ", "Berlin (dpa/lby) – ": where and by whom a report was filed, not its subject;
# a sentence starts after it ("Merz (CDU) - der Kandidat - sagte" is no dateline)
_DATELINE = re.compile(r"\s*[^\n()]{1,60}?\([^()\n]{1,30}\)\s*[-–—]\s+(?=[A-ZÄÖÜ„\"])")
_LEAD_CHARS = 2_000  # the lead's sentences are looked for in so much of the body
# Two sentences, not one: a short report names its actors in the second ("Die Grünen-Spitze
# zieht Konsequenzen. Die Co-Vorsitzenden Ricarda Lang und Omid Nouripour gaben ..."). Chosen
# on the gold (`meldungen eval tags`, 2026-12-06): on Wikinews dev and SmartData 55 more shown
# tags are right and 3 more wrong (right 0.9505 -> 0.9503); held-out Wikinews test 59 more
# right, 5 more wrong (0.953 -> 0.950). Three sentences: 106 more right on dev and SmartData,
# but 0.948, and the line reads as the article's index.
LEAD_SENTENCES = 2


def dateline_span(text: str, start: int) -> tuple[int, int]:
    """Where a dateline ("Kairo (AP) - ") stands at ``start`` (the body's start, or the
    teaser's end), else (0, 0): its place names where the report was filed, not its subject."""
    start = len(text) - len(text[start:].lstrip()) if start else 0
    dateline = _DATELINE.match(text, start, start + 200)
    return (start, dateline.end()) if dateline else (0, 0)


def lead_span(text: str, headline_end: int) -> tuple[int, int]:
    """The body's first LEAD_SENTENCES sentences (after a dateline): in news the lead, which
    names the actors of the report, as a teaser does; ``text`` as for ``canonical_entities``."""
    start = len(text) - len(text[headline_end:].lstrip()) if headline_end else 0
    start = dateline_span(text, headline_end)[1] or start
    for size in (400, _LEAD_CHARS):  # the sentence splitter's time grows with the text
        head = text[start : start + size]
        spans = sentence_spans(head)[:LEAD_SENTENCES]
        if not spans:
            return (0, 0)
        if spans[-1][1] < len(head.rstrip()) or start + size >= len(text):
            break
    return (start + spans[0][0], start + spans[-1][1])
