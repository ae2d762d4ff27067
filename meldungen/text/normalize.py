"""One canonical form of characters: NFC, typographic quotes and dashes to ASCII, odd spaces to
plain spaces, soft hyphens and zero-width characters dropped."""

from __future__ import annotations

import re
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
# Both tables in one, as one regex: str.translate looks every character up in a dict, the regex
# finds the few that change (the tables share no character, and the map's output is ASCII, so
# one pass is the two translations in a row).
_REPLACE = {chr(k): v or "" for k, v in {**_DROP, **_CHAR_MAP}.items()}
_CHANGED = re.compile("[" + "".join(map(re.escape, _REPLACE)) + "]")


def _replace(m: re.Match) -> str:
    return _REPLACE[m.group()]


def normalize_text(text: str) -> str:
    """NFC, typographic quotes/dashes to ASCII, odd spaces to plain spaces, soft hyphens dropped.

    One canonical form keeps name matching simple ("Selenskyj’s" and "Selenskyj's" are one).
    """
    return _CHANGED.sub(_replace, unicodedata.normalize("NFC", text))


def one_line(text: str) -> str:
    """`text` normalised, with every run of white space (line breaks too) as one space."""
    return " ".join(normalize_text(text).split())
