"""German lemmas (simplemma) and the content lemmas of a text: the terms of the story maths."""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Iterator, Mapping
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

import simplemma
from simplemma.strategies import DefaultStrategy, DictionaryLookupStrategy
from simplemma.strategies.dictionaries import DefaultDictionaryFactory, DictionaryFactory

from meldungen.loadcache import loaded
from meldungen.text.stopwords import TOPIC_STOPWORDS
from meldungen.text.tokens import words


class _Utf8Dict(Mapping[str, str]):
    """A str -> str mapping over a bytes -> bytes dict (unpickled twice as fast as str)."""

    __slots__ = ("_raw",)

    def __init__(self, raw: dict[bytes, bytes]) -> None:
        self._raw = raw

    def __getitem__(self, key: str) -> str:
        value = self._raw.get(key.encode())
        if value is None:
            raise KeyError(key)
        return value.decode()

    def get(self, key, default=None):
        value = self._raw.get(key.encode())
        return default if value is None else value.decode()

    def __iter__(self) -> Iterator[str]:
        return (key.decode() for key in self._raw)

    def __len__(self) -> int:
        return len(self._raw)


def _encoded(lang: str) -> dict[bytes, bytes]:
    found = DefaultDictionaryFactory().get_dictionary(lang)
    lemmas: dict[str, bytes] = {}  # one object per lemma: pickled once, referenced after
    return {key.encode(): lemmas.setdefault(value, value.encode()) for key, value in found.items()}


class _CachedDictionaries(DictionaryFactory):
    """simplemma's dictionaries from the model cache (`meldungen.loadcache`): decoding the
    German one takes 0.7 CPU s in every process, unpickling it 0.2 s."""

    def __init__(self) -> None:
        self._dicts: dict[str, Mapping[str, str]] = {}
        self._lock = threading.Lock()  # a web process's threads load a dictionary once

    def get_dictionary(self, lang: str) -> Mapping[str, str]:
        found = self._dicts.get(lang)
        if found is None:
            with self._lock:
                found = self._dicts.get(lang) or self._load(lang)
        return found

    def _load(self, lang: str) -> Mapping[str, str]:
        data = Path(simplemma.__file__).parent / "strategies" / "dictionaries" / "data"
        raw = loaded(
            f"simplemma-{lang}", [data / f"{lang}.plzma"], lambda: _encoded(lang),
            version("simplemma"),
        )  # fmt: skip
        found = self._dicts[lang] = _Utf8Dict(raw)
        return found


_DICTIONARIES = _CachedDictionaries()
_LEMMATIZER = simplemma.Lemmatizer(
    cache_max_size=0, lemmatization_strategy=DefaultStrategy(dictionary_factory=_DICTIONARIES)
)
_LOOKUP = DictionaryLookupStrategy(_DICTIONARIES)


def _known(word: str) -> bool:
    """simplemma.is_known(word, "de") on the cached dictionary."""
    return _LOOKUP.get_lemma(unicodedata.normalize("NFC", word), "de") is not None


@lru_cache(maxsize=200_000)
def lemma(token: str) -> str:
    """Lower-case German lemma; genitive names ("Putins", "Russlands") lose their -s."""
    lem = _LEMMATIZER.lemmatize(token, "de")
    # simplemma leaves unknown names alone, so "Putins" and "Putin" would differ.
    genitive = lem == token and len(token) > 4 and token.endswith("s") and token[:1].isupper()
    if genitive and (not _known(token) or token.endswith("lands")):
        return token[:-1].lower()
    return lem.lower()


@lru_cache(maxsize=50_000)
def is_german_word(word: str) -> bool:
    """Whether simplemma's German dictionary has ``word`` as written (``word.lower()`` asks for
    a word written small: "klein", not the name "Klein")."""
    return _known(word)


@lru_cache(maxsize=50_000)
def is_small_word(word: str) -> bool:
    """Whether ``word`` (any case) is a German word written small: simplemma knows its lowercase
    form and gives it a lemma written small ("Kurz", "Klein"; not "Merkel" or "Seehofer",
    whose lowercase forms the dictionary leads back to the name)."""
    low = word.lower()
    return is_german_word(low) and lemma_written_small(low)


@lru_cache(maxsize=50_000)
def lemma_written_small(word: str) -> bool:
    """Whether simplemma leads ``word`` as written to a lemma written small: a capitalised
    adverb, pronoun or preposition that opens a sentence ("Zudem", "Dies", "Ab"), not a noun
    or a name ("Tag", "Bush", "Jahrhunderts")."""
    return _LEMMATIZER.lemmatize(word, "de")[:1].islower()


def content_lemmas(text: str) -> list[str]:
    """Lemmas of the topic-bearing words of ``text``, in order, stopwords removed."""
    out = []
    for tok in words(text):
        if len(tok) < 2:
            continue
        lem = lemma(tok)
        if lem in TOPIC_STOPWORDS or len(lem) < 2:
            continue
        out.append(lem)
    return out
