"""Topics (entity pages, /thema/<slug>/): one entity, one topic, one slug, old slugs kept.

A wire keyword ("tag:eu") and an entity the NER found ("org:eu") with the same name are one
topic; so are the same name found as place and as organisation ("loc:usa", "org:usa"). The
second key to appear is stored merged into the first, so the editors' merge machinery (which
the enrichment pipeline follows) routes it there from then on. A person named in full for the
first time takes in the topic of the bare surname an earlier article made (``absorb_surnames``).
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from meldungen.enrich.entities import default_resolve
from meldungen.enrich.ner import is_first_name
from meldungen.text import slug as make_slug

from .models import ArticleEntity, Entity, TopicSlug

KEY_KINDS = ("tag", "per", "loc", "org", "misc", "kw")


def key_name(key: str) -> str:
    """The part of an entity key after its kind: ``org:eu`` → ``eu``."""
    return key.split(":", 1)[1] if ":" in key else key


def same_name_keys(key: str) -> list[str]:
    """Keys of the other kinds with the same name part (found through the unique key index)."""
    name = key_name(key)
    return [f"{kind}:{name}" for kind in KEY_KINDS if f"{kind}:{name}" != key]


def _slug_bases(display: str, name: str, key: str) -> list[str]:
    bases = [s for s in (make_slug(display), make_slug(name)) if s]
    return bases or [make_slug(key_name(key)) or "thema"]


def _slug_taken(candidate: str, key: str) -> bool:
    return (
        Entity.objects.filter(slug=candidate).exclude(key=key).exists()
        or TopicSlug.objects.filter(slug=candidate).exclude(entity__key=key).exists()
    )


def unique_slug(display: str, name: str, key: str, taken=None) -> str:
    """The display's slug; when another entity has it, the full name's (``Bush`` → ``prescott-
    bush``); only then a number. Old slugs of other topics are never reused."""
    bases = _slug_bases(display, name, key)
    taken = taken or (lambda candidate: _slug_taken(candidate, key))
    for candidate in dict.fromkeys(bases):
        if not taken(candidate):
            return candidate
    n = 2
    while taken(f"{bases[0]}-{n}"):
        n += 1
    return f"{bases[0]}-{n}"


def create_entity(key: str, name: str, display: str, type_: str) -> Entity:
    """A new entity for ``key``; merged into the topic of the same name when there is one."""
    same = same_topic(Entity.objects.filter(key__in=same_name_keys(key)))
    entity = Entity.objects.create(
        key=key,
        name=name,
        display=display,
        type=type_,
        slug=unique_slug(display, name, key),
        merged_into=same,
    )
    absorb_surnames([entity])
    return entity


def same_topic(rows) -> Entity | None:
    """The topic a new key joins among the stored entities of its name under other kinds of
    key: one not merged (most articles first), else the topic one was merged into, so an
    editor's merge holds when the name comes back as another kind (the keyword "Ampel-
    Koalition" merged into "Bundesregierung", then found in a text as an organisation)."""
    rows = sorted(rows, key=lambda e: (-e.article_count, e.pk))
    for entity in [e for e in rows if e.merged_into_id is None] or rows:
        target = resolve(entity)
        if target.merged_into_id is None:  # not a cycle of merges
            return target
    return None


def absorb_surnames(persons: list[Entity]) -> None:
    """New persons named in full take in the topic an earlier article made of their bare
    surname ("Kohl", before any article said "Helmut Kohl"): its articles move to them and its
    page redirects, as a later article's bare "Kohl" goes to them (``news.enrichment.
    KnownNames``); so one person is one topic whatever the order the articles came in. Not
    when another person of that surname is known in full (which of them would it be?), nor for
    a word only a first name can be ("Alexander" of a cut "Alexander zu Sayn-Wittgenstein")."""
    wanted: dict[str, Entity] = {}
    for person in persons:
        if (
            person.type == "PER"
            and " " in person.name
            and " " not in person.display
            and person.merged_into_id is None
        ):
            wanted.setdefault(default_resolve(person.display, "PER", {}), person)
    if not wanted:
        return
    bare = Entity.objects.filter(
        key__in=list(wanted), type="PER", merged_into__isnull=True, blocked=False
    )
    for entity in bare:
        person = wanted[entity.key]
        if entity.pk == person.pk or " " in entity.name:
            continue
        namesakes = Entity.objects.filter(
            type="PER", name__contains=" ", display=person.display, merged_into__isnull=True
        ).exclude(pk=person.pk)
        if namesakes.exists():
            continue
        if not is_first_name(entity.name):  # the model's lexicon, loaded on first use
            merge(person, [entity])


def absorb_all_surnames() -> None:
    """``absorb_surnames`` for every person named in full: what an archive stored before this
    rule needs once (``meldungen enrich --all`` asks it first)."""
    persons = Entity.objects.filter(type="PER", name__contains=" ", merged_into__isnull=True)
    ids = list(persons.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), 500):
        absorb_surnames(list(Entity.objects.filter(pk__in=ids[start : start + 500])))


def create_entities(
    specs: list[tuple[str, str, str, str]], created: set[str] | None = None
) -> dict[str, Entity]:
    """``create_entity`` for many new keys (key, name, display, type) with one bulk insert: the
    rows (slugs, merges into the topic of the same name) that creating them one by one in this
    order gives, read back by key. A key another writer stored meanwhile keeps its row; a row
    whose slug another writer took meanwhile is created on its own afterwards. ``created``
    gets the slugs of the rows this call inserted when no other writer interfered (none
    otherwise): no page can have shown them before."""
    created = set() if created is None else created
    first: dict[str, tuple[str, str, str, str]] = {}
    for spec in specs:
        first.setdefault(spec[0], spec)
    specs = list(first.values())
    if not specs:
        return {}
    keys = [s[0] for s in specs]
    same_keys = list({k for key in keys for k in same_name_keys(key)})
    stored_same: dict[str, Entity] = {}
    for chunk in _chunks(same_keys):
        stored_same.update((e.key, e) for e in Entity.objects.filter(key__in=chunk))
    bases = {key: _slug_bases(display, name, key) for key, name, display, _ in specs}
    wanted = list({b for bs in bases.values() for b in bs})
    used: set[str] = set()
    for chunk in _chunks(wanted):
        used.update(Entity.objects.filter(slug__in=chunk).values_list("slug", flat=True))
        used.update(TopicSlug.objects.filter(slug__in=chunk).values_list("slug", flat=True))

    def taken(candidate: str) -> bool:  # the base slugs were read; numbered ones are rare
        return candidate in used or (candidate not in wanted_set and _slug_taken(candidate, ""))

    wanted_set = set(wanted)
    rows: list[Entity] = []
    unmerged: dict[str, Entity] = {}  # this batch's new entities not merged elsewhere
    merge_into: dict[str, str] = {}  # new key -> an earlier new key of the same name
    for key, name, display, type_ in specs:
        others = same_name_keys(key)
        stored = [stored_same[k] for k in others if k in stored_same]
        # One by one, an entity created earlier in the batch has 0 articles and a higher id
        # than every stored one: a stored one comes first, then the earliest new one.
        same = same_topic(stored)
        row = Entity(key=key, name=name, display=display, type=type_, merged_into=same)
        row.slug = unique_slug(display, name, key, taken=taken)
        used.add(row.slug)
        if same is None:
            earlier = [k for k in others if k in unmerged]
            if earlier:
                merge_into[key] = min(earlier, key=lambda k: keys.index(k))
            else:
                unmerged[key] = row
        rows.append(row)
    try:  # all of them ours, unless another writer took a key or slug meanwhile
        with transaction.atomic():
            Entity.objects.bulk_create(rows, batch_size=500)
        inserted = True
    except IntegrityError:
        Entity.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
        inserted = False
    found: dict[str, Entity] = {}
    for chunk in _chunks(keys):
        found.update((e.key, e) for e in Entity.objects.filter(key__in=chunk))
    planned = {row.key: row for row in rows}
    merged = []
    for key, target in merge_into.items():
        entity = found.get(key)
        if entity is not None and entity.slug == planned[key].slug and target in found:
            entity.merged_into = found[target]
            merged.append(entity)
    Entity.objects.bulk_update(merged, ["merged_into"], batch_size=500)
    for key, name, display, type_ in specs:
        if key not in found:  # its slug was taken by another writer meanwhile
            found[key] = create_entity(key, name, display, type_)
    if inserted:
        created.update(row.slug for row in rows)
        absorb_surnames([found[row.key] for row in rows if row.key in found])
    return found


def _chunks(items: list[str], size: int = 500):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def merge(target: Entity, others: list[Entity]) -> None:
    """Merge ``others`` into ``target``: their article links move, their pages redirect."""
    with transaction.atomic():
        for other in others:
            for link in ArticleEntity.objects.filter(entity=other):
                kept = ArticleEntity.objects.filter(article=link.article_id, entity=target).first()
                if kept is not None:
                    kept.is_tag = kept.is_tag or link.is_tag
                    kept.rank = min(kept.rank, link.rank)
                    kept.salience = max(kept.salience, link.salience)
                    kept.save(update_fields=["is_tag", "rank", "salience"])
                    link.delete()
                else:
                    link.entity = target
                    link.save(update_fields=["entity"])
            other.merged_into = target
            other.save(update_fields=["merged_into"])
        target.article_count = (
            ArticleEntity.objects.filter(entity=target).values("article").distinct().count()
        )
        target.save(update_fields=["article_count"])


def resolve(entity: Entity) -> Entity:
    """Follow merges (bounded against cycles)."""
    seen = {entity.pk}
    while entity.merged_into_id is not None and entity.merged_into_id not in seen:
        entity = entity.merged_into
        seen.add(entity.pk)
    return entity
