"""One call from an ArticleDraft to its enrichment: entities, tags, Ressort, language, lemmas.

Pure core: no Django. The NER and the Ressort model are injectable, so tests run on hand-made
mentions and the portal can re-enrich stored articles with a new model or new editorial rules.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from meldungen.enrich.entities import EditorialRules, Entity, MentionLike, canonical_entities
from meldungen.enrich.language import decide
from meldungen.enrich.ressort import (
    RessortModel,
    RessortModelError,
    default_model,
    ressort_from_hints,
)
from meldungen.enrich.tags import MAX_TAGS, select_tags
from meldungen.ingest.draft import ArticleDraft
from meldungen.text import content_lemmas, html_to_text
from meldungen.text.normalize import one_line

Ner = Callable[[str], Sequence[MentionLike]]


@dataclass
class Enrichment:
    entities: list[Entity] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)  # display strings, in tag-line order
    tag_keys: list[str] = field(default_factory=list)
    ressort: str = ""
    ressort_origin: str = ""  # "metadata", "source", "classifier" ("" when none could be had)
    ressort_confidence: float = 1.0
    language: str = "de"
    lemmas: str = ""  # lower-cased content lemmas of headline, teaser and body


def article_text(draft: ArticleDraft) -> tuple[str, int, tuple[int, int]]:
    """(text, headline_end, teaser_span): the text the NER sees, headline first.

    The headline gets a full stop if it has none, so it is a sentence of its own for the NER.
    """
    if len(draft.body) + len(draft.headline) + len(draft.teaser) <= _TEXTS_CACHED_UP_TO:
        return _cached_article_text(draft.headline, draft.teaser, draft.body)
    return _article_text(draft.headline, draft.teaser, draft.body)


# Ingest asks for an item's text more than once (its language, its analysis), and copies of
# one wire item send the same text again: the last texts are kept, short ones only.
_TEXTS_CACHED_UP_TO = 20_000


def _article_text(headline: str, teaser: str, body: str) -> tuple[str, int, tuple[int, int]]:
    headline = one_line(headline)
    if headline and headline[-1] not in ".!?":
        headline += "."
    teaser = one_line(teaser)
    # the body's plain text (meldungen.text), its lines a blank line apart as paragraphs
    body = "\n\n".join(filter(None, map(one_line, html_to_text(body).split("\n"))))
    if teaser and body.startswith(teaser):
        body = body[len(teaser) :].lstrip()  # some feeds repeat the teaser as first paragraph
    text = headline
    teaser_span = (0, 0)
    if teaser:
        start = len(text) + 2
        text = f"{text}\n\n{teaser}"
        teaser_span = (start, len(text))
    if body:
        text = f"{text}\n\n{body}"
    return text, len(headline), teaser_span


_cached_article_text = lru_cache(maxsize=256)(_article_text)


def guess_language(text: str, stated: str = "", default: str = "de") -> str:
    """The item's language: its stated one unless the text clearly says otherwise (language.py)."""
    return decide(stated, text, default=default)


def _default_ner(text: str) -> Sequence[MentionLike]:
    from meldungen.enrich import ner

    return ner.extract(text)


@dataclass
class Analysis:
    """The pure, slow part of enriching one draft: what its text says without the portal's
    stored entities or editorial rules (``analyse``). Picklable, so a worker process can
    compute it; ``enrich`` takes it and adds the part that needs the portal (entities, tags)."""

    text: str
    headline_end: int
    teaser_span: tuple[int, int]
    mentions: list[MentionLike]
    language: str
    lemmas: str
    ressort: str
    ressort_origin: str
    ressort_confidence: float


def analyse(
    draft: ArticleDraft,
    *,
    ner: Ner | None = None,
    ressort_model: RessortModel | None = None,
    source_ressort: str = "",
    language: str | None = None,
) -> Analysis:
    """Text, NER mentions, language, lemmas and Ressort of one draft: no database, no rules.

    ``language``: the item's language when it was already decided from this same text (the
    ingest path decides it once, ``news.services.item_language``); None decides it here.
    """
    text, headline_end, teaser_span = article_text(draft)
    mentions = list((ner or _default_ner)(text)) if text else []
    ressort, origin, confidence = _ressort(draft, text, headline_end, source_ressort, ressort_model)
    return Analysis(
        text=text,
        headline_end=headline_end,
        teaser_span=teaser_span,
        mentions=mentions,
        language=guess_language(text, draft.language) if language is None else language,
        lemmas=" ".join(content_lemmas(text)),
        ressort=ressort,
        ressort_origin=origin,
        ressort_confidence=confidence,
    )


def enrich(
    draft: ArticleDraft,
    *,
    rules: EditorialRules | None = None,
    ner: Ner | None = None,
    ressort_model: RessortModel | None = None,
    source_ressort: str = "",
    known: Mapping[str, str] | None = None,
    max_tags: int = MAX_TAGS,
    analysis: Analysis | None = None,
) -> Enrichment:
    """Entities, tags, Ressort, language and lemmas of one article.

    `ner` maps text to mentions (default: the shipped model); `known` maps lower-cased names to
    entity keys seen in earlier articles (entities.known_from_entities); `source_ressort` is the
    Ressort configured for the source, used when the item's own metadata names none.
    `analysis`: ``analyse`` of this draft computed before (e.g. in a worker process); then
    `ner`, `ressort_model` and `source_ressort` are not used.
    """
    if analysis is None:
        analysis = analyse(
            draft, ner=ner, ressort_model=ressort_model, source_ressort=source_ressort
        )
    text = analysis.text
    entities = canonical_entities(
        analysis.mentions,
        text,
        headline_end=analysis.headline_end,
        teaser_span=analysis.teaser_span,
        rules=rules,
        known=known,
    )
    tags = select_tags(
        entities, keywords=draft.keywords, categories=draft.ressort_hints, rules=rules,
        max_tags=max_tags,
    )  # fmt: skip
    return Enrichment(
        entities=entities,
        tags=[t.display for t in tags],
        tag_keys=[t.key for t in tags],
        ressort=analysis.ressort,
        ressort_origin=analysis.ressort_origin,
        ressort_confidence=analysis.ressort_confidence,
        language=analysis.language,
        lemmas=analysis.lemmas,
    )


def _ressort(
    draft: ArticleDraft, text: str, headline_end: int, source_ressort: str,
    model: RessortModel | None,
) -> tuple[str, str, float]:  # fmt: skip
    found = ressort_from_hints(draft.ressort_hints)
    if found:
        return found, "metadata", 1.0
    found = ressort_from_hints([source_ressort]) if source_ressort else ""
    if found:
        return found, "source", 1.0
    if not text.strip():
        return "", "", 0.0
    try:
        model = model or default_model()
    except RessortModelError:
        return "", "", 0.0
    pred = model.predict(text[:headline_end], text[headline_end:])
    return pred.label, "classifier", pred.probability
