"""A made-up German news article (written for these tests) and NER-like mentions for it.

The mentions imitate what a real German NER returns, mistakes included: role nouns inside
person spans, a bare role noun tagged as a person, common nouns tagged as organisations.
"""

from __future__ import annotations

import re

from meldungen.enrich.entities import Mention

HEADLINE = "Merz trifft Macron: Gespräche über Ukraine-Hilfen geplant."
TEASER = "Nach Wochen der Funkstille reist der Kanzler nach Paris und spricht dort mit Macron."
BODY = (
    "Bundeskanzler Friedrich Merz ist am Dienstag in Paris mit dem französischen Präsidenten "
    "Emmanuel Macron zusammengekommen. Beide vereinbarten weitere Gespräche über die "
    "Ukraine-Hilfen der Europäischen Union. Das teilte ein Regierungssprecher in Berlin mit.\n\n"
    'Merz sagte, er sei mit Macron einig. "Wir stehen fest an der Seite der Ukraine." '
    "Macrons Berater hatten das Treffen seit Tagen vorbereitet. Verhandlungen über ein "
    "gemeinsames Paket sollen in Brüssel beginnen. Telefonat und Treffen seien gut verlaufen, "
    "hieß es aus dem Kanzleramt.\n\n"
    "Merz und Macron wollen sich im Sommer erneut treffen. Kremlsprecher Dmitri Peskow "
    "kritisierte die Pläne; Peskows Worte wies Merz zurück. Kremlchef sei nicht eingeladen."
)
TEXT = f"{HEADLINE}\n\n{TEASER}\n\n{BODY}"
HEADLINE_END = len(HEADLINE)
TEASER_SPAN = (len(HEADLINE) + 2, len(HEADLINE) + 2 + len(TEASER))

# (surface, label), longest first: what the fake NER finds
SPEC = [
    ("Bundeskanzler Friedrich Merz", "PER"),
    ("Emmanuel Macron", "PER"),
    ("Kremlsprecher Dmitri Peskow", "PER"),
    ("Europäischen Union", "ORG"),
    ("Macrons", "PER"),
    ("Peskows", "PER"),
    ("Merz", "PER"),
    ("Macron", "PER"),
    ("Paris", "LOC"),
    ("Berlin", "LOC"),
    ("Brüssel", "LOC"),
    ("Ukraine", "LOC"),
    ("Verhandlungen", "ORG"),  # NER mistake: sentence-initial common noun
    ("Telefonat", "ORG"),  # NER mistake
    ("Kremlchef", "PER"),  # NER mistake: a role, not a name
    ("Kanzleramt", "ORG"),
]


def fake_mentions(text: str, spec: list[tuple[str, str]] = SPEC) -> list[Mention]:
    """Every whole-word occurrence of each surface, longest surfaces claiming text first."""
    taken: list[tuple[int, int]] = []
    out = []
    for surface, label in sorted(spec, key=lambda s: -len(s[0])):
        for m in re.finditer(r"(?<![\w-])" + re.escape(surface) + r"(?![\w-])", text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            taken.append((m.start(), m.end()))
            out.append(Mention(m.start(), m.end(), surface, label))
    return sorted(out, key=lambda m: m.start)


def fake_ner(text: str) -> list[Mention]:
    return fake_mentions(text)
