"""One canonical form of characters: NFC, typographic quotes and dashes to ASCII, odd spaces to
plain spaces, soft hyphens and zero-width characters dropped."""

from __future__ import annotations

import unicodedata

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


def one_line(text: str) -> str:
    """`text` normalised, with every run of white space (line breaks too) as one space."""
    return " ".join(normalize_text(text).split())
