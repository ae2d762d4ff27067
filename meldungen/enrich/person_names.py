"""Person names as the press writes them: which part is the family name ("Ursula von der
Leyen" -> "von der Leyen", "Xi Jinping" -> "Xi"), and the full stop after an initial."""

from __future__ import annotations

import re

from meldungen.enrich.entity_words import CHINESE_FAMILY, KOREAN_FAMILY, PARTICLES

_ROMAN = re.compile(r"[IVX]{1,4}\.?")  # a regnal number: "Albert II.", "Philipp V."


_PINYIN = re.compile(
    r"(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|ai|ei|ao|ou|an|en|in|un|ia|ie|iu|ua|uo"
    r"|ui|ue|er|a|e|i|o|u))+"
)


def family_name_first(tokens: list[str]) -> bool:
    """A Chinese or Korean name written family name first: "Xi Jinping", "Li Keqiang",
    "Kim Jong-un", "Moon Jae In" (but not "Kim Kardashian" or "Lee Harvey Oswald")."""
    if len(tokens) not in (2, 3):
        return False
    rest = [t.lower() for t in tokens[1:]]
    if tokens[0] in CHINESE_FAMILY and len(rest) == 1:
        return bool(_PINYIN.fullmatch(rest[0].replace("-", "")))
    if tokens[0] in KOREAN_FAMILY:
        parts = rest[0].split("-") if len(rest) == 1 else rest
        return len(parts) == 2 and all(1 < len(p) <= 4 and p.isalpha() for p in parts)
    return False


def surname(name: str) -> str:
    """The family name of a full name, with its particles: "Ursula von der Leyen" ->
    "von der Leyen", "Wladimir Putin" -> "Putin", "Xi Jinping" -> "Xi"."""
    tokens = name.split()
    if len(tokens) > 2 and tokens[-1].rstrip(".") in ("Jr", "Sr"):
        return f"{surname(' '.join(tokens[:-1]))} {tokens[-1].rstrip('.')}."  # "Trump Jr."
    if len(tokens) > 1 and (
        any(_ROMAN.fullmatch(t) for t in tokens[1:]) or len(tokens[-1].rstrip(".")) == 1
    ):
        return name  # said whole: "Albert II", "Philipp V von Makedonien", "Joachim T."
    if family_name_first(tokens):
        return tokens[0]
    if len(tokens) >= 3 and tokens[-2] in ("der", "die") and tokens[-3].lower() not in PARTICLES:
        return name  # an epithet: "Karl der Große", "Katharina die Große"
    i = len(tokens) - 1
    while i > 1 and tokens[i - 1].lower() in PARTICLES:  # "Alexander Van der Bellen"
        i -= 1
    return " ".join(tokens[i:])


def with_initial_stops(name: str) -> str:
    """A person's name with a full stop after each initial, as the press writes it:
    "George W Bush" -> "George W. Bush" (its key, made without stops, stays the same)."""
    tokens = name.split(" ")
    for i in range(len(tokens) - 1):  # "J. W. Goethe"; a last one is "Joachim T." already
        if len(tokens[i]) == 1 and tokens[i].isupper():
            tokens[i] += "."
    return " ".join(tokens)
