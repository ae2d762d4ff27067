"""What a follow points at: normalised targets, labels, feed links and the articles of a
reader's follows as one list (one entry per story)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.urls import reverse

from meldungen.news.models import Article, ArticleEntity, Entity, Story, TopicSlug
from meldungen.news.storyinfo import first_report
from meldungen.news.topics import resolve as resolve_entity
from meldungen.web.queries import story_leads, visible_articles

from .models import Follow

SEARCH_KEYS = ("q", "ressort", "thema", "quelle", "von", "bis")
MERGE_DEPTH = 20  # merges followed at most this deep (bounded against circles)
SEARCH_LIMIT = 200  # newest matches of each saved search that "Meine Meldungen" shows
TARGET_MAX = Follow._meta.get_field("target").max_length  # 300


def search_target(querystring: str) -> str:
    """A saved search's canonical query string: the search's own fields, in a fixed order,
    without NUL characters (no database text holds them), and cut so that the encoded string
    fits ``Follow.target`` (percent-encoding makes an "ä" six characters)."""
    given = QueryDict(querystring)
    values = {}
    for key in SEARCH_KEYS:
        value = (given.get(key) or "").replace("\x00", "").strip()
        if value:
            values[key] = value[:200]
    while True:
        kept = QueryDict(mutable=True)
        for key, value in values.items():
            kept[key] = value
        encoded = kept.urlencode()
        if len(encoded) <= TARGET_MAX:
            return encoded
        longest = max(values, key=lambda k: len(values[k]))
        values[longest] = values[longest][: len(values[longest]) * 3 // 4].strip()
        values = {k: v for k, v in values.items() if v}


def normalise(kind: str, target: str) -> str:
    return search_target(target) if kind == Follow.Kind.SEARCH else target.strip()[:300]


def resolve(kind: str, target: str) -> tuple[str, str] | None:
    """(target, label) of an existing slice, or None when there is none."""
    if "\x00" in target:
        return None  # no slug, story id or stored text holds one (PostgreSQL refuses it)
    if kind == Follow.Kind.TOPIC:
        entity = Entity.objects.filter(slug=target, blocked=False).first()
        for _ in range(20):
            if entity is None or entity.merged_into_id is None:
                break
            entity = entity.merged_into
        return (entity.slug, entity.display) if entity and not entity.blocked else None
    if kind == Follow.Kind.STORY:
        story = Story.objects.filter(pk=target).first()
        if story is None:
            return None
        first = first_report(story.pk)  # not the story's first item if readers cannot see it
        return story.pk, (first.headline if first else f"Geschichte {story.pk}")[:300]
    if kind == Follow.Kind.SEARCH:
        target = search_target(target)
        q = QueryDict(target).get("q", "")
        return (target, f"Suche „{q}“"[:300]) if q else None
    return None


def with_merged(ids: set[int]) -> set[int]:
    """``ids`` and every topic merged into one of them, at any depth."""
    found, frontier = set(ids), set(ids)
    for _ in range(MERGE_DEPTH):
        frontier = set(
            Entity.objects.filter(merged_into__in=frontier)
            .exclude(pk__in=found)
            .values_list("pk", flat=True)
        )
        if not frontier:
            break
        found |= frontier
    return found


def slugs_of(entity_ids: set[int]) -> set[str]:
    """Every slug a reader may have followed these topics by: their slugs now and before, the
    topics they were merged into, and those merged into them (a follow made before an editor's
    merge or new slug, or before "Kohl" was taken in by "Helmut Kohl", still counts)."""
    entities = Entity.objects.filter(pk__in=entity_ids).select_related("merged_into")
    ids = with_merged({e.pk for e in entities} | {resolve_entity(e).pk for e in entities})
    slugs = set(Entity.objects.filter(pk__in=ids).values_list("slug", flat=True))
    slugs |= set(TopicSlug.objects.filter(entity__in=ids).values_list("slug", flat=True))
    return slugs


def followed_topic_ids(slugs: list[str]) -> set[int]:
    """The topics followed slugs stand for now: by a slug they have or had, through the
    merges since, with every topic merged into them."""
    named = Entity.objects.filter(Q(slug__in=slugs) | Q(old_slugs__slug__in=slugs))
    return with_merged({resolve_entity(e).pk for e in named.select_related("merged_into")})


def follow_targets(kind: str, target: str) -> set[str]:
    """The targets of the follows that mean this slice: for a topic, every slug that stands
    for it now (a follow made under a former slug or of a topic merged into it), so its page
    shows the follow and "Nicht mehr folgen" ends it."""
    if kind != Follow.Kind.TOPIC:
        return {target}
    return {target} | slugs_of(followed_topic_ids([target]))


def page_url(follow: Follow) -> str:
    if follow.kind == Follow.Kind.TOPIC:
        return reverse("tag", args=[follow.target])
    if follow.kind == Follow.Kind.STORY:
        return reverse("story", args=[follow.target])
    return reverse("search") + "?" + follow.target


def feed_urls(kind: str, target: str) -> tuple[str, str]:
    """(RSS, Atom) of a slice: every followed slice keeps its feeds for readers without an
    account."""
    if kind == Follow.Kind.SEARCH:
        q = QueryDict(target).get("q", "")
        query = QueryDict(mutable=True)
        query["q"] = q
        suffix = "?" + query.urlencode()
        return reverse("feed_search_rss") + suffix, reverse("feed_search_atom") + suffix
    name = "tag" if kind == Follow.Kind.TOPIC else "story"
    return reverse(f"feed_{name}_rss", args=[target]), reverse(f"feed_{name}_atom", args=[target])


def followed_articles(user) -> QuerySet[Article]:
    """Every visible report of what the reader follows, one entry per story, newest first."""
    follows = list(Follow.objects.filter(user=user))
    slugs = [f.target for f in follows if f.kind == Follow.Kind.TOPIC]
    stories = [f.target for f in follows if f.kind == Follow.Kind.STORY]
    condition = Q(pk__in=[])
    if slugs:
        entities = followed_topic_ids(slugs)
        links = ArticleEntity.objects.filter(entity__in=entities).values("article_id")
        condition |= Q(pk__in=links)
    if stories:
        condition |= Q(story_id__in=stories)
    found: list[int] = []
    for follow in follows:
        if follow.kind == Follow.Kind.SEARCH:
            found += search_ids(follow.target)
    if found:
        condition |= Q(pk__in=found)
    return story_leads(visible_articles().filter(condition))


def search_ids(target: str) -> list[int]:
    from meldungen.search.service import match_ids, params_from_request

    params = params_from_request(QueryDict(target))
    if not params.q:
        return []
    params.sort = "date"
    try:
        _, rows, _ = match_ids(params, limit=SEARCH_LIMIT, count=False)
    except Exception:  # a saved query the backend cannot run shows nothing
        return []
    return [article_id for article_id, _ in rows]
