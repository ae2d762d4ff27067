"""Shell side of enrichment: run the pure pipeline (meldungen.enrich) on a stored article and
persist its entities, tags and Ressort, following the editors' choices: renamed displays are
kept, merged entities resolve to their target, blocked ones never become tags, splits route
an article to the right one of two people with one name."""

from __future__ import annotations

import re
import string
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import F

from meldungen.enrich.entities import EditorialRules, surname
from meldungen.enrich.entities import Entity as EnrichedEntity
from meldungen.enrich.ner import is_first_name
from meldungen.enrich.pipeline import Analysis, analyse, enrich
from meldungen.enrich.pipeline import Enrichment as EnrichResult
from meldungen.enrich.tags import keyword_type
from meldungen.ingest.draft import ArticleDraft
from meldungen.ingest.limits import MAX_ANALYSIS_CHARS

from .models import Article, ArticleEntity, Entity, EntitySplit, copied_link
from .ressort_model import load_local_model
from .topics import create_entities, create_entity, resolve

KEY_MAX = 300  # Entity.key/name/display max_length


ENTITY_CACHE_SIZE = 2048
_entity_cache: ContextVar[OrderedDict[str, Entity] | None] = ContextVar(
    "meldungen_entity_cache", default=None
)


@contextmanager
def entity_cache() -> Iterator[None]:
    """Remember ``entity_for`` look-ups for one batch (a small LRU keyed by entity key).

    Only entities whose transaction committed are remembered (``on_commit``), so a rolled-back
    item never leaves an entity behind that does not exist. The cache ends with the batch: an
    editor's merge, rename or deletion is seen by the next batch at the latest.
    """
    token = _entity_cache.set(OrderedDict())
    try:
        yield
    finally:
        _entity_cache.reset(token)


_batch_entities: ContextVar[dict[str, Entity | None] | None] = ContextVar(
    "meldungen_batch_entities", default=None
)


@contextmanager
def batch_entities(keys) -> Iterator[None]:
    """Inside one write transaction (a batch of ingest): the stored entities of these keys read
    at once, and every entity found or created remembered until the transaction ends."""
    wanted = list(dict.fromkeys(k[:KEY_MAX] for k in keys))
    known: dict[str, Entity | None] = dict.fromkeys(wanted)  # None: not stored (yet)
    for start in range(0, len(wanted), 500):
        rows = Entity.objects.filter(key__in=wanted[start : start + 500])
        known.update((e.key, resolve(e)) for e in rows.select_related("merged_into"))
    token = _batch_entities.set(known)
    try:
        yield
    finally:
        _batch_entities.reset(token)


def entity_keys(enrichment: ComputedEnrichment) -> list[str]:
    """The keys of what an enrichment names (its entities and tags): ``batch_entities``'s."""
    return [e.key for e in enrichment.result.entities] + list(enrichment.tag_keys)


def create_batch_entities(enrichments: list[ComputedEnrichment]) -> set[str]:
    """Inside ``batch_entities``: create the entities these enrichments name that are not
    stored, all at once (``topics.create_entities``) and in the order in which
    ``enrichment_links`` would create them one by one. Returns the slugs of the new rows."""
    batch = _batch_entities.get()
    if batch is None:
        return set()
    specs = []
    for enrichment in enrichments:
        result = enrichment.result
        entity_keys = {e.key for e in result.entities}
        named = [(e.key, e.name, e.display, e.type) for e in result.entities]
        named += [
            (key, display, display, keyword_type(key))
            for key, display in zip(enrichment.tag_keys, result.tags, strict=True)
            if key not in entity_keys
        ]
        for key, name, display, type_ in named:
            key = key[:KEY_MAX]
            if batch.get(key) is None:
                specs.append((key, name[:KEY_MAX], display[:KEY_MAX], type_))
    created: set[str] = set()
    for key, entity in create_entities(specs, created).items():
        batch[key] = resolve(entity)
    return created


def linked_keys(enrichment: ComputedEnrichment) -> list[str]:
    """Inside ``batch_entities``, after ``create_batch_entities``: the keys of the unblocked
    entities ``enrichment_links`` will link (merges followed), as far as they are known."""
    batch = _batch_entities.get() or {}
    keys = [e.key for e in enrichment.result.entities] + list(enrichment.tag_keys)
    found = [batch.get(k[:KEY_MAX]) for k in keys]
    return list(dict.fromkeys(e.key for e in found if e is not None and not e.blocked))


def _remember(cache: OrderedDict[str, Entity], key: str, entity: Entity) -> None:
    cache[key] = entity
    cache.move_to_end(key)
    while len(cache) > ENTITY_CACHE_SIZE:
        cache.popitem(last=False)


def entity_for(key: str, name: str, display: str, type_: str) -> Entity:
    """The stored entity for a key (created on first sight), following merges."""
    key, name, display = key[:KEY_MAX], name[:KEY_MAX], display[:KEY_MAX]  # the columns
    cache = _entity_cache.get()
    if cache is not None and key in cache:
        cache.move_to_end(key)
        return cache[key]
    batch = _batch_entities.get()
    if batch is not None and batch.get(key) is not None:
        entity = batch[key]
    else:
        looked_up = batch is not None and key in batch  # known not to be stored
        entity = None if looked_up else Entity.objects.filter(key=key).first()
        if entity is None:
            entity = create_entity(key, name, display, type_)
        entity = resolve(entity)
        if batch is not None:
            batch[key] = entity
    if cache is not None:
        transaction.on_commit(lambda: _remember(cache, key, entity))
    return entity


_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
_INITIAL = re.compile(r"(?<!\S)(\w)(?= )")  # an initial written without its stop


def lowered_forms(name: str, vendor: str) -> list[str]:
    """What LOWER() of a stored spelling of ``name`` can be on this database: its lowercase
    form, and on SQLite, whose LOWER() folds only the ASCII letters ("Özdemir" stays
    "Özdemir"), also the name with only those folded; a person's middle initial as it is
    stored, with its full stop ("George W Bush" -> "george w. bush", ``with_initial_stops``;
    any case: the resolver asks in lower case)."""
    forms = list(dict.fromkeys([name, _INITIAL.sub(r"\1.", name)]))
    lows = [f.lower() for f in forms]
    if vendor == "sqlite":
        lows += [f.translate(_ASCII_LOWER) for f in forms]
    return list(dict.fromkeys(lows))


class KnownNames(Mapping[str, str]):
    """Lower-cased names (and unambiguous surnames) of stored entities -> their keys, looked up
    on demand, so the resolver never loads the whole entity table.

    A batch of items asks one instance for all its articles, in order, and tells it (``learn``)
    the persons each article named in full: they are not stored until the batch is written, and
    a later article of the batch that names one by the surname alone ("Salvini" after "Matteo
    Salvini") must get that person, as it would stored one by one."""

    def __init__(self) -> None:
        self._cache: dict[str, str | None] = {}
        self._learnt: dict[str, set[str]] = {}  # surname -> keys of this batch's full names

    def learn(self, entities: Iterable[EnrichedEntity]) -> None:
        """The persons named in full by an article asked about before (not stored yet) whose
        tag shows the surname, as the stored ones the look-up finds (not "Ivanka Trump", shown
        so beside "Donald Trump")."""
        for e in entities:
            if e.type == "PER" and " " in e.name and e.display == surname(e.name):
                family = e.display.lower()
                self._learnt.setdefault(family, set()).add(e.key)
                self._cache.pop(family, None)

    def _lookup(self, name: str) -> str | None:
        """Both look-ups use an index on the lowered column (models.Entity.Meta.indexes); plain
        SQL, as they run for every person's name of every new article."""
        low = name.lower()
        if low not in self._cache:
            forms = lowered_forms(name, connection.vendor)
            marks = ", ".join(["%s"] * len(forms))
            table = connection.ops.quote_name(Entity._meta.db_table)
            key = None
            with connection.cursor() as cursor:
                if " " not in low and len(low) > 2 and not is_first_name(name.title()):
                    # the one person named in full whose tag shows this surname ("Trump" of
                    # "Donald Trump"), before an entity of the bare word an earlier article
                    # may have made ("Salvini" before "Matteo Salvini" was seen); not a word
                    # only a first name can be ("Alexander" is no "Robin Alexander")
                    cursor.execute(
                        f"SELECT key FROM {table} WHERE LOWER(display) IN ({marks})"
                        " AND type = 'PER' AND name LIKE '%% %%' AND merged_into_id IS NULL"
                        " LIMIT 2",
                        forms,
                    )
                    persons = {row[0] for row in cursor.fetchall()} | self._learnt.get(low, set())
                    key = next(iter(persons)) if len(persons) == 1 else None
                if key is None:
                    cursor.execute(
                        f"SELECT key FROM {table} WHERE LOWER(name) IN ({marks})"
                        " AND merged_into_id IS NULL ORDER BY article_count DESC LIMIT 1",
                        forms,
                    )
                    row = cursor.fetchone()
                    key = row[0] if row else None
            self._cache[low] = key
        return self._cache[low]

    def __getitem__(self, name: str) -> str:
        key = self._lookup(name)
        if key is None:
            raise KeyError(name)
        return key

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self._lookup(name) is not None

    def __iter__(self) -> Iterator[str]:  # the resolver only asks for single names
        return iter(k for k, v in self._cache.items() if v is not None)

    def __len__(self) -> int:
        return sum(v is not None for v in self._cache.values())


def editorial_rules() -> EditorialRules:
    """The editors' choices as the pure pipeline takes them (small tables: read whole)."""
    merges = dict(
        Entity.objects.filter(merged_into__isnull=False).values_list("key", "merged_into__key")
    )
    blocked = set(Entity.objects.filter(blocked=True).values_list("key", flat=True))
    renames = dict(Entity.objects.filter(renamed=True).values_list("key", "display"))
    splits: dict[str, dict[str, list[str]]] = {}
    for split in EntitySplit.objects.select_related("entity", "target"):
        cues = [c.strip() for c in split.cues.split(",") if c.strip()]
        splits.setdefault(split.entity.key, {})[split.target.key] = cues
    return EditorialRules(renames=renames, merges=merges, blocked=blocked, splits=splits)


def article_draft(article: Article) -> ArticleDraft:
    return ArticleDraft(
        guid=article.guid,
        headline=article.headline,
        format=article.format,
        teaser=article.teaser,
        body=article.body[:MAX_ANALYSIS_CHARS],  # the cost grows with the text
        keywords=list(article.keywords or []),
        ressort_hints=list(article.ressort_hints or []),
        language=article.language,
    )


@dataclass
class ComputedEnrichment:
    """What enrichment computed for one article, ready to be written (see ``apply_enrichment``).

    Computing reads the database but never writes it, so it runs outside the write
    transaction; applying it is a few quick writes.
    """

    result: EnrichResult
    tag_keys: list[str]


@dataclass(frozen=True)
class AnalysisInput:
    """Everything the pure analysis of one article depends on (``pipeline.analyse``): equal
    inputs give equal analyses, so one computed ahead (``news/analysis_pool.py``) is reused
    only for an article whose input is equal to it."""

    draft: ArticleDraft
    source_ressort: str
    language: str | None  # decided already from this text (ingest), or None: decide it

    def key(self, *, language: bool = True) -> tuple:
        """What ``analyse`` reads of the input (``pipeline.article_text``, the Ressort hints,
        the language): equal keys, equal analyses. Without the language: equal analyses but
        for their language."""
        d = self.draft
        key = (d.headline, d.teaser, d.body, tuple(d.ressort_hints), self.source_ressort)
        if not language:
            return key
        return (*key, d.language if self.language is None else None, self.language)


def analysis_input(article: Article, *, language_decided: bool = False) -> AnalysisInput:
    """``language_decided``: ``article.language`` was just decided from this very text
    (``services._apply`` on a draft), so the analysis does not identify it a second time."""
    source_ressort = article.source.ressort if article.source_id and article.source else ""
    return AnalysisInput(
        draft=article_draft(article),
        source_ressort=source_ressort,
        language=article.language if language_decided else None,
    )


def analyse_input(request: AnalysisInput) -> Analysis:
    """The pure part of enrichment; no database (it runs in worker processes too)."""
    return analyse(
        request.draft,
        ressort_model=local_ressort_model(),
        source_ressort=request.source_ressort,
        language=request.language,
    )


def compute_enrichment(
    article: Article,
    rules: EditorialRules | None = None,
    *,
    analysis: Analysis | None = None,
    language_decided: bool = False,
    known: KnownNames | None = None,
) -> ComputedEnrichment:
    """Entities, tags and Ressort of ``article`` (saved or not); reads only, slow.

    ``analysis``: ``analyse_input(analysis_input(article, ...))`` computed before (in a worker
    process), so only the part that reads the database is left; ``language_decided``: see
    ``analysis_input``; ``known``: the memory of names a batch shares (``KnownNames``)."""
    request = analysis_input(article, language_decided=language_decided)
    if analysis is None:
        analysis = analyse_input(request)
    # Wire keywords are the desk's own choice: they follow the headline's names and come
    # before our other entities (tags.select_tags), which fill the line as for any article.
    known = KnownNames() if known is None else known
    result = enrich(request.draft, rules=rules or editorial_rules(), known=known, analysis=analysis)
    entity_keys = {e.key for e in result.entities}
    # A wire keyword our NER missed in this text ("Trump") still names a known entity.
    tag_keys = [
        key if key in entity_keys else known.get(display, key)
        for key, display in zip(result.tag_keys, result.tags, strict=True)
    ]
    return ComputedEnrichment(result=result, tag_keys=tag_keys)


def enrich_article(article: Article, rules: EditorialRules | None = None) -> None:
    """Replace the article's entity links and Ressort with freshly computed ones."""
    apply_enrichment(article, compute_enrichment(article, rules))


def apply_enrichment(article: Article, enrichment: ComputedEnrichment) -> None:
    """Write computed entity links and Ressort of a saved article (inside its transaction)."""
    old = set(ArticleEntity.objects.filter(article=article).values_list("entity_id", flat=True))
    ArticleEntity.objects.filter(article=article).delete()
    links = enrichment_links(article, enrichment)
    ArticleEntity.objects.bulk_create(links.values())
    new = set(links)
    Entity.objects.filter(pk__in=new - old).update(article_count=F("article_count") + 1)
    Entity.objects.filter(pk__in=old - new, article_count__gt=0).update(
        article_count=F("article_count") - 1
    )
    result = enrichment.result
    article.ressort = result.ressort
    article.ressort_origin = result.ressort_origin
    article.language = result.language or article.language
    Article.objects.filter(pk=article.pk).update(
        ressort=article.ressort, ressort_origin=article.ressort_origin, language=article.language
    )


def enrichment_links(article: Article, enrichment: ComputedEnrichment) -> dict[int, ArticleEntity]:
    """The unsaved entity links of computed enrichment, by entity id (entities are created on
    first sight, inside the caller's transaction)."""
    result, tag_keys = enrichment.result, enrichment.tag_keys
    entity_keys = {e.key for e in result.entities}
    tag_rank = {key: i for i, key in enumerate(tag_keys)}
    # Salience relative to the article's most salient entity: 0..1, as stories expect.
    top = max((e.salience for e in result.entities), default=0.0) or 1.0
    links: dict[int, ArticleEntity] = {}
    for ent in result.entities:
        entity = entity_for(ent.key, ent.name, ent.display, ent.type)
        salience = round(max(ent.salience, 0.0) / top, 4)
        link = links.get(entity.pk)
        if link is None:
            links[entity.pk] = ArticleEntity(
                article=article,
                entity=entity,
                salience=salience,
                mentions=ent.mentions,
                is_tag=ent.key in tag_rank,
                rank=tag_rank.get(ent.key, 1000),
            )
        else:  # two keys merged into one entity: keep the stronger link
            link.salience = max(link.salience, salience)
            link.mentions += ent.mentions
            if ent.key in tag_rank:
                link.is_tag, link.rank = True, min(link.rank, tag_rank[ent.key])
    for key, display in zip(tag_keys, result.tags, strict=True):
        if key in entity_keys:
            continue  # a keyword or category that is no entity of the text
        entity = entity_for(key, display, display, keyword_type(key))
        if entity.pk not in links:
            links[entity.pk] = ArticleEntity(
                article=article, entity=entity, salience=0.5, is_tag=True, rank=tag_rank[key]
            )
    return links


def copy_enrichment(article: Article, original: Article) -> None:
    """Give an exact copy (same text) its original's entity links, tags and Ressort instead of
    enriching the same text again (inside the copy's write transaction)."""
    links = [copied_link(article, link) for link in ArticleEntity.objects.filter(article=original)]
    ArticleEntity.objects.bulk_create(links)
    ids = [link.entity_id for link in links]
    Entity.objects.filter(pk__in=ids).update(article_count=F("article_count") + 1)
    article.ressort = original.ressort
    article.ressort_origin = original.ressort_origin
    article.language = original.language or article.language
    Article.objects.filter(pk=article.pk).update(
        ressort=article.ressort, ressort_origin=article.ressort_origin, language=article.language
    )


def local_ressort_model():
    """The Ressort model trained on this portal's articles (`meldungen train ressort`), if any;
    otherwise None and the pipeline uses the shipped default."""
    return load_local_model()
