"""Storing a batch of drafts in one write transaction (``services.store_results`` calls it).

Before the transaction, and reading only: bounds and URL checks, which guid is new, updated or
unchanged, language and content hash, and enrichment (entities, tags, Ressort: the slow part),
done once for an exact copy's original and reused by its copies, also within the batch.

In the transaction, in the items' order and with the outcome each would get stored one by one
(``services.store_draft``): the new articles are inserted with one statement, then each item
is decided against the database as it was plus the batch's earlier items (content-hash
originals, story index: ``story_batch.BatchStoryIndex``), and the rest is written in bulk:
versions, entity links, entity counts, story records, bands, keys, term counts, the search
index. A failure anywhere rolls the whole batch back (nothing of it is stored) and the caller
stores its items one by one instead, so one bad item costs the batch its speed, not its items.

Page-cache invalidation, the search index, alerts and WebSub go through the signals
``articles_changing`` and ``articles_stored`` (news/signals.py): once per batch, not per item.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import F

from meldungen.ingest.draft import ArticleDraft
from meldungen.stories.cluster import Article as StoryInput
from meldungen.stories.cluster import StoryClusterer, headline_key, signed_terms
from meldungen.stories.dedup import band_keys
from meldungen.stories.similarity import term_counts

from .analysis_pool import Ahead
from .batch_lookups import (
    Original,
    existing_by_guid,
    first_original,
    stored_links,
    stored_originals,
)
from .bulk import fresh_row, insert_rows, save_fields, update_rows
from .changed_copies import arrived_after_update, copies_changed
from .enrichment import (
    ComputedEnrichment,
    KnownNames,
    analysis_input,
    batch_entities,
    compute_enrichment,
    create_batch_entities,
    editorial_rules,
    enrichment_links,
    entity_keys,
    linked_keys,
)
from .families import take_over, takes_over
from .feed_edits import as_edits
from .models import Article, ArticleEntity, ArticleVersion, Entity, Source
from .signals import articles_changing, articles_stored
from .stories import _story_text, story_title
from .story_batch import BatchStoryIndex
from .story_index import ADVISORY_LOCK_ID, _chunks
from .withdrawals import listed_original

# What a copy reads of its stored original (the rest is read if ever asked for).
_COPIED = ["ressort", "ressort_origin", "language", "source_name", "credit", "headline"]
# Fields a batch sets on its new articles after inserting them.
_DECIDED = ["duplicate_of", "story", "ressort", "ressort_origin", "language"]


@dataclass
class Item:
    """One bounded draft of the batch, with what was prepared for it."""

    index: int  # position in the batch (for the result)
    draft: ArticleDraft
    label: str
    action: str = ""  # new, update, unchanged
    article: Article | None = None  # unsaved, every field from the draft (``services._apply``)
    row: Article | None = None  # the row a new item inserts (a fresh copy of ``article``)
    enrichment: ComputedEnrichment | None = None
    copy_of: tuple[str, int] | None = None  # ("db", pk) or ("batch", index): reuse its enrichment


@dataclass
class Written:
    """What the transaction decided for one item."""

    outcome: str
    article_id: int
    reason: str = ""


@dataclass
class _State:
    """The batch's articles in memory while it is decided."""

    by_guid: dict[str, Article] = field(default_factory=dict)
    recs: dict[int, Original] = field(default_factory=dict)
    links: dict[int, dict[int, ArticleEntity]] = field(default_factory=dict)  # article -> links
    counts: Counter[int] = field(default_factory=Counter)  # entity id -> article_count change


def plan(items: list[Item], existing: dict[str, Article]) -> None:
    """new, update or unchanged for each item, in order (a guid twice: the later version
    updates the earlier one; the same or a lower version changes nothing)."""
    versions = {g: a.version for g, a in existing.items()}
    for item, draft in zip(items, as_edits([i.draft for i in items], existing), strict=True):
        item.draft = draft  # an edited feed item is the stored article's next version
        known = versions.get(item.draft.guid)
        if known is not None and item.draft.version <= known:
            item.action = "unchanged"
            continue
        item.action = "update" if known is not None else "new"
        versions[item.draft.guid] = item.draft.version


def prepare(
    items: list[Item], source: Source | None, owner: str, ahead: Ahead | None = None
) -> None:
    """Everything before the write transaction: plan, fields, copy decisions, enrichment.

    The pure part of enrichment runs in worker processes (``analysis_pool``; ``ahead``: what
    was submitted for this batch before); the part that reads the database runs here."""
    from .services import _apply

    ahead = ahead or Ahead()
    ahead.remember_languages()  # identified by the workers: ``_apply`` takes them
    existing = existing_by_guid(owner, [i.draft.guid for i in items])
    plan(items, existing)
    rules = editorial_rules()
    for item in items:
        if item.action == "unchanged":
            continue
        stored = existing.get(item.draft.guid)
        item.article = Article(guid=item.draft.guid)
        _apply(item.article, item.draft, source or (stored and stored.source))
    originals = stored_originals(i.article.content_hash for i in items if i.action == "new")
    first_in_batch: dict[str, Item] = {}
    for item in items:
        if item.action == "unchanged":
            continue
        h = item.article.content_hash
        if item.action == "new" and not item.draft.is_withdrawn:
            stored = first_original(originals, h)
            if stored is not None:
                if not stored.withdrawn and stored.story_id is not None:
                    item.copy_of = ("db", stored.pk)
            elif h in first_in_batch:
                item.copy_of = ("batch", first_in_batch[h].index)
        if not item.draft.is_withdrawn:  # a later copy of this text may reuse its enrichment
            first_in_batch.setdefault(h, item)
    todo = [i for i in items if i.action != "unchanged" and i.copy_of is None]
    requests = [analysis_input(i.article, language_decided=True) for i in todo]
    analyses = ahead.analyses(requests)
    known = KnownNames()  # one memory for the batch: it learns each article's full names
    for item, analysis in zip(todo, analyses, strict=True):
        item.enrichment = compute_enrichment(
            item.article, rules, analysis=analysis, language_decided=True, known=known
        )
        known.learn(item.enrichment.result.entities)


class Writer:
    """Writes one prepared batch inside the caller's transaction."""

    def __init__(self, items: list[Item], source: Source | None, owner: str) -> None:
        self.items, self.source, self.owner = items, source, owner
        self.index = BatchStoryIndex()
        self.state = _State()
        self.versions: list[list] = []  # article id, version, the draft
        self.rules = None
        self.terms: dict[tuple[str, str, str], dict] = {}  # ``_terms``
        self.story_texts: dict[tuple[str, str, str], str] = {}  # (headline, teaser, body) ->
        self.taken: list[tuple[int, int]] = []  # (new original, the one it takes over from)

    def run(self) -> dict[int, Written]:
        from .services import _apply, _draft_json

        if connection.vendor == "postgresql":  # story assignments are serialised
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK_ID])
        existing = existing_by_guid(self.owner, [i.draft.guid for i in self.items], lock=True)
        texts_before = [(a.pk, a.content_hash) for a in existing.values()]  # copies_changed
        plan(self.items, existing)
        state = self.state
        for item in self.items:
            if item.action != "unchanged" and item.article is None:  # planned otherwise before
                stored = existing.get(item.draft.guid)
                item.article = Article(guid=item.draft.guid)
                _apply(item.article, item.draft, self.source or (stored and stored.source))
        created_slugs = create_batch_entities(  # the entities the batch names first, at once
            [i.enrichment for i in self.items if i.action != "unchanged" and i.enrichment]
        )
        new = [i for i in self.items if i.action == "new"]
        for item in new:
            item.row = fresh_row(item.article)  # a retried batch starts from unsaved rows
            item.row.owner = self.owner
        state.recs = stored_originals(i.row.content_hash for i in new)
        self._preload({i.copy_of[1] for i in new if i.copy_of and i.copy_of[0] == "db"})
        state_box: dict = {}
        updated = {i.draft.guid for i in self.items if i.action == "update"}
        if updated:
            changing = [a.pk for g, a in existing.items() if g in updated]
            articles_changing.send(Article, article_ids=changing, state=state_box)
        Article.objects.bulk_create([i.row for i in new], batch_size=200)
        decided = [Article._meta.get_field(f).attname for f in _DECIDED]
        self.inserted = {i.row.pk: [getattr(i.row, a) for a in decided] for i in new}
        self._read_ahead(new)
        state.by_guid = dict(existing)
        out: dict[int, Written] = {}
        for item in self.items:
            if item.action == "unchanged":
                out[item.index] = Written("unchanged", state.by_guid[item.draft.guid].pk)
                continue
            if item.action == "new":
                out[item.index] = self._new(item)
            else:
                out[item.index] = self._update(item, existing)
            self.versions.append(
                [out[item.index].article_id, item.draft.version, _draft_json(item.draft)]
            )
        self._flush([i.row for i in new])
        written = [*dict.fromkeys(w.article_id for w in out.values() if w.outcome != "unchanged")]
        for heir, old in self.taken:  # their original and its copies become its copies
            written += [pk for pk in take_over(heir, old) if pk not in written]
        gone = [w.article_id for w in out.values() if w.outcome == "withdrawn"]
        later = arrived_after_update((i.action, out[i.index].article_id) for i in self.items)
        written += [i for i in copies_changed(gone, texts_before, later) if i not in written]
        if written:  # what did not exist before this batch, for the page cache
            state_box["created"] = ([i.row.pk for i in new], created_slugs)
            articles_stored.send(Article, article_ids=written, state=state_box)
        return out

    def _preload(self, ids: set[int]) -> None:
        """The stored originals that copies of this batch reuse: rows, links, index records."""
        rows = Article.objects.filter(pk__in=ids).only(*_COPIED) if ids else []
        self.stored = {a.pk: a for a in rows}  # what ``_copy`` and ``_assign_copy`` read
        self.stored_links = stored_links(ids)
        if ids:
            self.index.preload([str(pk) for pk in ids])

    def _read_ahead(self, new: list[Item]) -> None:
        """What the story assignments of the new items will read of the story index, read at
        once: their own records (none, as a rule), and for those that are not copies the band
        candidates and document frequencies of their texts (``StoryClusterer.add``'s)."""
        ids, bands, terms, puts = [], [], set(), []
        for item in new:
            if item.draft.is_withdrawn:
                continue
            ids.append(str(item.row.pk))
            if item.copy_of is None:  # assigned by ``_assign`` (a copy, as a rule, is not)
                keys = linked_keys(item.enrichment) if item.enrichment else []
                article = self._story_input(item.row, dict.fromkeys(keys, 1.0))
                sig, counts = signed_terms(article)
                bands.append(band_keys(sig))
                terms.update(counts)
                puts.append((article, counts))
            else:
                puts.append((None, item.row))
        if ids:
            self.index.read_ahead(ids, bands, terms)
        while puts and puts[-1][0] is None:  # copies after the last assignment change nothing
            puts.pop()
        if puts:  # and the topical keys its assignments will look up
            self.index.read_keys_ahead([(a, c if a else self._terms(c)) for a, c in puts])

    # -- one item ------------------------------------------------------------------------------

    def _enrichment(self, item: Item) -> ComputedEnrichment:
        if item.enrichment is None:  # prepared as a copy, which it no longer is
            self.rules = self.rules or editorial_rules()
            item.enrichment = compute_enrichment(item.article, self.rules, language_decided=True)
        return item.enrichment

    def _new(self, item: Item) -> Written:
        state, article, draft = self.state, item.row, item.draft
        state.by_guid[draft.guid] = article
        original = first_original(state.recs, article.content_hash)
        heir = bool(original) and not draft.is_withdrawn and takes_over(article.kind, original.kind)
        article.duplicate_of_id = original.pk if original and not heir else None
        wanted = self._copy_target(item)
        is_copy = (
            wanted is not None
            and original is not None
            and original.pk == wanted
            and original.story_id is not None
            and not original.withdrawn
        )
        rec = Original(
            article.pk, article.content_hash, article.published, None, draft.is_withdrawn,
            kind=article.kind,
        )  # fmt: skip
        rec.duplicate_of_id = article.duplicate_of_id
        state.recs[article.pk] = rec
        if is_copy:
            self._copy(article, original.pk)
            if not self._assign_copy(article, original.pk):
                self._assign(article)
        else:
            self._links(article, enrichment_links(article, self._enrichment(item)))
            self._set_enriched(article, self._enrichment(item))
            if not draft.is_withdrawn:
                self._assign(article)
        rec.story_id, rec.duplicate_of_id = article.story_id, article.duplicate_of_id
        if heir and article.duplicate_of_id is None:  # takes over (``families``, after _flush)
            self.taken.append((article.pk, original.pk))
            original.duplicate_of_id = article.pk  # later items of its text are copies of this
        if draft.is_withdrawn:
            return Written("withdrawn", article.pk)
        if article.duplicate_of_id is not None:
            return Written("duplicate", article.pk, f"copy of #{article.duplicate_of_id}")
        return Written("new", article.pk)

    def _copy_target(self, item: Item) -> int | None:
        if item.copy_of is None:
            return None
        kind, ref = item.copy_of
        if kind == "db":
            return ref
        earlier = next(i for i in self.items if i.index == ref)
        if earlier.action == "new":
            return earlier.row.pk
        stored = self.state.by_guid.get(earlier.draft.guid)  # an update: the article it updated
        return stored.pk if earlier.action == "update" and stored is not None else None

    def _update(self, item: Item, existing: dict[str, Article]) -> Written:
        from .enrichment import apply_enrichment
        from .services import _apply

        state, draft = self.state, item.draft
        article = state.by_guid[draft.guid]
        stored = article.pk in {a.pk for a in existing.values()}
        article.owner = self.owner
        _apply(article, draft, self.source or article.source, known=item.article)
        enrichment = self._enrichment(item)
        if stored:
            save_fields(article)
            apply_enrichment(article, enrichment)
            self.stored_links.pop(article.pk, None)  # a later copy reads its new links
        else:  # the same guid earlier in this batch: its links are still in memory
            for entity_id in state.links.pop(article.pk, {}):
                state.counts[entity_id] -= 1
            self._links(article, enrichment_links(article, enrichment))
            self._set_enriched(article, enrichment)
            article._meldungen_rewrite = True
        if article.duplicate_of_id is None:  # the content-hash look-up sees its new text
            state.recs[article.pk] = Original(
                article.pk,
                article.content_hash,
                article.published,
                article.story_id,
                article.is_withdrawn,
                kind=article.kind,
            )
        else:
            state.recs.pop(article.pk, None)
        return Written("withdrawn" if draft.is_withdrawn else "updated", article.pk)

    # -- entities ------------------------------------------------------------------------------

    def _links(self, article: Article, links: dict[int, ArticleEntity]) -> None:
        self.state.links[article.pk] = links
        self.state.counts.update(links.keys())

    @staticmethod
    def _set_enriched(article: Article, enrichment: ComputedEnrichment) -> None:
        result = enrichment.result
        article.ressort, article.ressort_origin = result.ressort, result.ressort_origin
        article.language = result.language or article.language

    def _copy(self, article: Article, original_id: int) -> None:
        """``enrichment.copy_enrichment`` from memory (an original of this batch) or the
        database."""
        original = self._article(original_id)
        source_links = self.state.links.get(original_id)
        if source_links is None:
            source_links = self.stored_links.get(original_id)
        if source_links is None:  # updated in this batch: its links were written
            rows = ArticleEntity.objects.filter(article_id=original_id).select_related("entity")
            source_links = {link.entity_id: link for link in rows}
        # the same values (a link is only read until it is written, by ``_flush``)
        self._links(article, dict(source_links))
        article.ressort, article.ressort_origin = original.ressort, original.ressort_origin
        article.language = original.language or article.language

    def _article(self, pk: int) -> Article:
        for a in self.state.by_guid.values():
            if a.pk == pk:
                return a
        if pk not in self.stored:
            self.stored[pk] = Article.objects.get(pk=pk)
        return self.stored[pk]

    # -- stories -------------------------------------------------------------------------------

    def _assign(self, article: Article) -> None:
        """``stories.assign_story`` against the batch's story index."""
        entities = {
            link.entity.key: max(0.0, min(1.0, float(link.salience)))
            for link in self.state.links.get(article.pk, {}).values()
            if not link.entity.blocked
        }
        assignment = StoryClusterer(self.index).add(self._story_input(article, entities))
        article.story_id = assignment.story_id
        if article.duplicate_of_id is None and listed_original(assignment.copy_of):
            article.duplicate_of_id = int(assignment.copy_of)

    def _story_input(self, article: Article, entities: dict[str, float]) -> StoryInput:
        key = (article.headline, article.teaser, article.body)
        text = self.story_texts.get(key)
        if text is None:
            text = self.story_texts[key] = _story_text(article)
        return StoryInput(
            id=str(article.pk),
            title=story_title(article.headline, text),
            text=text,
            published=article.published,
            entities=entities,
            source=article.source_name or article.credit,
        )

    def _assign_copy(self, article: Article, original_id: int) -> bool:
        """``stories.assign_copy`` against the batch's story index."""
        index, oid = self.index, str(original_id)
        rec = index.get_articles([oid]).get(oid)
        if rec is None or str(article.pk) in index.articles:
            return False
        story = index.get_stories([rec.story_id]).get(rec.story_id)
        if story is None:
            return False
        record = dataclasses.replace(rec, id=str(article.pk), published=article.published)
        record.copy_of = rec.copy_of or oid
        original = self._article(original_id)
        keys = index.keys_of(oid)
        own = headline_key(original.source_name or original.credit, original.headline)
        keys = [k for k in keys if k != own]
        hkey = headline_key(article.source_name or article.credit, article.headline)
        if hkey is not None:
            keys.append(hkey)
        earlier = article.published < story.first_published
        story = dataclasses.replace(
            story,
            n_articles=story.n_articles + 1,
            first_published=article.published if earlier else story.first_published,
            first_article_id=str(article.pk) if earlier else story.first_article_id,
            last_published=max(story.last_published, article.published),
        )
        index.put(record, story, index.bands_of(oid), keys, self._terms(article))
        article.story_id = rec.story_id
        return True

    def _terms(self, article: Article) -> dict:
        """``term_counts`` of the article's story text: once for the batch's copies of a text."""
        key = (article.headline, article.teaser, article.body)
        if key not in self.terms:
            self.terms[key] = term_counts(article.headline, self._story_input(article, {}).text)
        return self.terms[key]

    # -- writing -------------------------------------------------------------------------------

    def _flush(self, new: list[Article]) -> None:
        state = self.state
        insert_rows(
            ArticleEntity,
            ["article", "entity", "salience", "mentions", "is_tag", "rank"],
            [
                [pk, entity_id, link.salience, link.mentions, link.is_tag, link.rank]
                for pk, by_entity in state.links.items()
                for entity_id, link in by_entity.items()
            ],
        )
        by_change: dict[int, list[int]] = {}
        for entity_id, n in state.counts.items():
            if n:
                by_change.setdefault(n, []).append(entity_id)
        for n, ids in by_change.items():
            for chunk in _chunks(ids):
                rows = Entity.objects.filter(pk__in=chunk)
                if n < 0:
                    rows = rows.filter(article_count__gt=0)
                rows.update(article_count=F("article_count") + n)
        self.index.flush()
        insert_rows(ArticleVersion, ["article", "version", "data"], self.versions)
        update_rows(Article, _DECIDED, new, self.inserted)  # only what changed
        for article in new:
            if getattr(article, "_meldungen_rewrite", False):
                save_fields(article)


def write(items: list[Item], source: Source | None, owner: str) -> dict[int, Written]:
    """One transaction for the whole batch; raises (and stores nothing) when anything fails."""
    keys = [k for i in items if i.enrichment for k in entity_keys(i.enrichment)]
    with transaction.atomic(), batch_entities(keys):
        return Writer(items, source, owner).run()
