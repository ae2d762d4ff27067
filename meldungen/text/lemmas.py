"""German lemmas (simplemma) and the content lemmas of a text: the terms of the story maths."""

from __future__ import annotations

from functools import lru_cache

import simplemma

from meldungen.text.stopwords import TOPIC_STOPWORDS
from meldungen.text.tokens import words


@lru_cache(maxsize=200_000)
def lemma(token: str) -> str:
    """Lower-case German lemma; genitive names ("Putins", "Russlands") lose their -s."""
    lem = simplemma.lemmatize(token, lang="de")
    # simplemma leaves unknown names alone, so "Putins" and "Putin" would differ.
    genitive = lem == token and len(token) > 4 and token.endswith("s") and token[:1].isupper()
    if genitive and (not simplemma.is_known(token, lang="de") or token.endswith("lands")):
        return token[:-1].lower()
    return lem.lower()


@lru_cache(maxsize=50_000)
def is_german_word(word: str) -> bool:
    """Whether simplemma's German dictionary has ``word`` as written (``word.lower()`` asks for
    a word written small: "klein", not the name "Klein")."""
    return simplemma.is_known(word, lang="de")


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
    return simplemma.lemmatize(word, lang="de")[:1].islower()


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
