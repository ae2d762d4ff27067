"""Topics (entity pages, /thema/<slug>/): one entity, one topic, one slug, old slugs kept.

A wire keyword ("tag:eu") and an entity the NER found ("org:eu") with the same name are one
topic; so are the same name found as place and as organisation ("loc:usa", "org:usa"). The
second key to appear is stored merged into the first, so the editors' merge machinery (which
the enrichment pipeline follows) routes it there from then on.
"""

from __future__ import annotations

from django.db import transaction

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


def unique_slug(display: str, name: str, key: str) -> str:
    """The display's slug; when another entity has it, the full name's (``Bush`` → ``prescott-
    bush``); only then a number. Old slugs of other topics are never reused."""
    bases = [s for s in (make_slug(display), make_slug(name)) if s]
    bases = bases or [make_slug(key_name(key)) or "thema"]

    def taken(candidate: str) -> bool:
        return (
            Entity.objects.filter(slug=candidate).exclude(key=key).exists()
            or TopicSlug.objects.filter(slug=candidate).exclude(entity__key=key).exists()
        )

    for candidate in dict.fromkeys(bases):
        if not taken(candidate):
            return candidate
    n = 2
    while taken(f"{bases[0]}-{n}"):
        n += 1
    return f"{bases[0]}-{n}"


def create_entity(key: str, name: str, display: str, type_: str) -> Entity:
    """A new entity for ``key``; merged into the topic of the same name when there is one."""
    same = (
        Entity.objects.filter(key__in=same_name_keys(key), merged_into__isnull=True)
        .order_by("-article_count", "pk")
        .first()
    )
    return Entity.objects.create(
        key=key,
        name=name,
        display=display,
        type=type_,
        slug=unique_slug(display, name, key),
        merged_into=same,
    )


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
