"""The language of an item: what its wire or feed states, checked against what its text is.

Identification uses py3langid (a maintained fork of langid.py) restricted to the languages a
European news portal meets, so short German headlines are not read as Luxembourgish or Frisian.
No Django here.

The rule a newsroom expects:
- an item whose wire or feed states a language keeps it, unless its text is long enough and the
  identifier is sure it is another language (a feed that declares ``de`` for every item, an
  English agency item in a German channel);
- an item that states none gets the identified language when the identifier is reasonably
  sure, otherwise the portal's default (German).
"""

from __future__ import annotations

import threading
from importlib.metadata import version
from itertools import islice

from py3langid.langid import MODEL_DIR, MODEL_FILE

from meldungen.ingest.normalize import language_tag
from meldungen.loadcache import loaded

VERSION = version("py3langid")

DEFAULT = "de"
# Languages the identifier chooses from: the EU's, its neighbours' and the large world languages.
CANDIDATES = [
    *("de", "en", "fr", "es", "it", "nl", "pt", "pl", "cs", "sk", "hu", "ro", "bg", "hr", "sl"),
    *("sr", "bs", "sq", "el", "tr", "ru", "uk", "be", "lt", "lv", "et", "fi", "sv", "da", "no"),
    *("is", "ga", "cy", "mt", "ar", "he", "fa", "zh", "ja", "ko", "hi", "vi", "id", "ca", "eu"),
    *("gl", "lb"),
]
MIN_CHARS_TO_IDENTIFY = 20  # below this (a name, "Ergebnisse Tennis") nothing is decided
MIN_CHARS_TO_OVERRULE = 80  # a stated language is overruled only by this much text ...
OVERRULE_CONFIDENCE = 0.99  # ... and only when the identifier is this sure
IDENTIFY_CONFIDENCE = 0.80  # an item without a stated language takes the guess above this
MAX_CHARS = 4000  # enough to tell; longer texts only cost time

_identifier = None
_lock = threading.Lock()


def _new_identifier():
    from py3langid.langid import LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(CANDIDATES)
    return ident


def _get_identifier():
    global _identifier
    if _identifier is None:
        with _lock:
            if _identifier is None:
                _identifier = loaded(
                    "langid", [MODEL_DIR / MODEL_FILE], _new_identifier, f"{VERSION} {CANDIDATES}"
                )  # 0.05 s instead of 0.36 s
    return _identifier


def identify(text: str) -> tuple[str, float]:
    """(language, probability) of a text; ("", 0.0) when it is too short to tell."""
    sample = " ".join((text or "")[:MAX_CHARS].split())
    # fewer than MIN_CHARS_TO_IDENTIFY letters: counted up to that many, not through the text
    if next(islice(filter(str.isalpha, sample), MIN_CHARS_TO_IDENTIFY - 1, None), None) is None:
        return "", 0.0
    lang, prob = _get_identifier().classify(sample)
    return str(lang), float(prob)


def decide(stated: str | None, text: str, default: str = DEFAULT) -> str:
    """The item's language (ISO 639-1) from its stated tag and its text, by the rule above."""
    stated_lang = language_tag(stated)
    found, prob = identify(text)
    if stated_lang:
        long_enough = len(" ".join(text.split())) >= MIN_CHARS_TO_OVERRULE
        if found and found != stated_lang and long_enough and prob >= OVERRULE_CONFIDENCE:
            return found
        return stated_lang
    if found and prob >= IDENTIFY_CONFIDENCE:
        return found
    return default
