"""RSS 2.0 and Atom feeds (Django syndication) for the home page, each Ressort, each tag and
each search. Items carry the full text (content:encoded / atom:content) only where the source
allows it (``Article.full_text``); otherwise just the teaser.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from meldungen.news.models import Article, Entity, Story, TopicSlug, tag_lines
from meldungen.news.storyinfo import first_report
from meldungen.news.topics import resolve
from meldungen.search.service import (
    SearchParams,
    filtered,
    params_from_request,
    ressort_name,
    story_rows,
)

from .caching import cache_public
from .images import cached_images, picture_enclosures
from .queries import story_leads, visible_articles, with_story_info

FEED_SIZE = 30
PORTAL = "Meldungen"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def xml_text(value: str | None) -> str:
    """Text that XML can carry: control characters (invalid in XML 1.0) left out."""
    return _CONTROL.sub("", value or "")


def item_language(item: dict) -> dict:
    """xml:lang on each <item>/<entry>: the item's own language."""
    return {"xml:lang": item["item_language"]} if item.get("item_language") else {}


def websub_hub() -> str:
    """The WebSub hub the feeds name (MELDUNGEN_WEBSUB_HUB; meldungen.follow notifies it)."""
    from django.conf import settings

    return settings.MELDUNGEN.get("WEBSUB_HUB", "")


# What a reader that takes an RSS title as HTML would read as a tag or a character reference.
_MARKUP_LIKE = re.compile(r"<[A-Za-z/!?]|&#?\w+;")


def rss_title(value: str | None) -> str:
    """An RSS <title>: plain text, as RSS 2.0 has it and feedparser and most readers read it
    ("Müller & Söhne" is "Müller &amp; Söhne" in the XML, once); only a text that a reader
    taking titles as HTML would read as markup ("<b>", "&amp;" as words) is escaped as HTML
    too, so it shows as the text it is there."""
    text = xml_text(value)
    return html.escape(text, quote=False) if _MARKUP_LIKE.search(text) else text


def html_text(value: str | None) -> str:
    """Plain text for an element readers take as HTML (RSS title and description, Atom
    ``type="html"``): escaped as HTML, so text that shows code stays text."""
    return html.escape(xml_text(value), quote=False)


class RssWithContent(Rss201rev2Feed):
    """RSS 2.0 with the full text in content:encoded where there is one."""

    def item_attributes(self, item) -> dict:
        return item_language(item)

    def rss_attributes(self) -> dict:
        attrs = super().rss_attributes()
        attrs["xmlns:content"] = "http://purl.org/rss/1.0/modules/content/"
        return attrs

    def add_root_elements(self, handler) -> None:
        super().add_root_elements(handler)  # with <atom:link rel="self">
        if hub := websub_hub():
            handler.addQuickElement("atom:link", None, {"rel": "hub", "href": hub})

    def add_item_elements(self, handler, item) -> None:
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content:encoded", item["content_html"])
        if item.get("story_url"):  # the story page: every report of this item's story
            attrs = {"rel": "related", "href": item["story_url"], "title": item["story_label"]}
            handler.addQuickElement("atom:link", None, attrs)


class AtomWithContent(Atom1Feed):
    """Atom 1.0 with the full text in <content type="html"> where there is one."""

    def item_attributes(self, item) -> dict:
        return item_language(item)

    def add_root_elements(self, handler) -> None:
        super().add_root_elements(handler)  # with <link rel="self">
        if hub := websub_hub():
            handler.addQuickElement("link", None, {"rel": "hub", "href": hub})

    def add_item_elements(self, handler, item) -> None:
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content", item["content_html"], {"type": "html"})
        if item.get("story_url"):
            attrs = {"rel": "related", "href": item["story_url"], "title": item["story_label"]}
            handler.addQuickElement("link", None, attrs)


FEED_TYPES = {"rss": RssWithContent, "atom": AtomWithContent}


@dataclass(frozen=True)
class FeedLink:
    title: str
    url: str
    type: str  # MIME type for <link rel="alternate">


def feed_links(kind: str, slug: str = "", q: str = "", label: str = "") -> list[FeedLink]:
    """The RSS and Atom links for a page: kind is home, ressort, tag, story or search."""
    out = []
    for fmt, mime in (("rss", "application/rss+xml"), ("atom", "application/atom+xml")):
        name = f"feed_{kind}_{fmt}"
        url = reverse(name, args=[slug]) if slug else reverse(name)
        if q:
            url += "?" + urlencode({"q": q})
        title = f"{PORTAL}: {label}" if label else PORTAL
        out.append(FeedLink(f"{title} ({fmt.upper() if fmt == 'rss' else 'Atom'})", url, mime))
    return out


class ArticleFeed(Feed):
    """Items and their fields; subclasses say which articles and what the feed is called."""

    author_name = PORTAL
    language = "de"

    def __init__(self, fmt: str = "rss") -> None:
        super().__init__()
        self.fmt = fmt
        self.feed_type = FEED_TYPES[fmt]

    # Feed-level fields come from get_object's result: a dict with title, link, description.
    def title(self, obj: dict) -> str:
        # Atom's <title> is type="text"; RSS's is plain text unless it looks like markup.
        return rss_title(obj["title"]) if self.fmt == "rss" else xml_text(obj["title"])

    def link(self, obj: dict) -> str:
        return obj["link"]

    def description(self, obj: dict) -> str:
        return html_text(obj["description"])  # RSS <channel><description> is HTML

    def feed_url(self, obj: dict) -> str:
        return obj["feed_url"]

    def items(self, obj: dict) -> list[Article]:
        items = with_story_info(obj["items"])
        for item in items:
            if item.story_label:  # absolute, as feed readers need it
                item.story_url = obj["root"] + reverse("story", args=[item.story_id])
        return items

    def item_title(self, item: Article) -> str:
        return rss_title(item.headline) if self.fmt == "rss" else xml_text(item.headline)

    def item_description(self, item: Article) -> str:
        # RSS <description> and Atom <summary type="html">: the plain teaser as HTML text.
        return html_text(item.teaser or item.headline)

    def item_link(self, item: Article) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Article):
        return item.published

    def item_updateddate(self, item: Article):
        return item.updated or item.modified_at or item.published

    def item_author_name(self, item: Article) -> str:
        return xml_text(item.byline or item.source_name or PORTAL)

    def item_categories(self, item: Article) -> list[str]:
        tags = getattr(item, "tag_entities", None)  # read for all items at once (get_object)
        return [xml_text(e.display) for e in (item.tags() if tags is None else tags)]

    def item_extra_kwargs(self, item: Article) -> dict:
        extra = {
            "content_html": xml_text(item.body) if item.full_text and item.body else "",
            "item_language": item.language or "",
        }
        if getattr(item, "story_url", ""):
            extra.update(story_url=item.story_url, story_label=item.story_label)
        return extra

    def item_enclosures(self, item: Article) -> list:
        """The cached picture (RSS <enclosure>, Atom link rel="enclosure"), set by get_object."""
        return getattr(item, "picture_enclosures", [])

    def scope(self, request: HttpRequest, **kwargs) -> dict:
        raise NotImplementedError

    def get_object(self, request: HttpRequest, **kwargs) -> dict:
        obj = self.scope(request, **kwargs)
        obj["feed_url"] = request.get_full_path()
        obj["root"] = request.build_absolute_uri("/").rstrip("/")
        cached = cached_images(item.picture_url for item in obj["items"])
        tags = tag_lines(obj["items"])
        for item in obj["items"]:
            item.picture_enclosures = picture_enclosures(item, request, cached)
            item.tag_entities = tags.get(item.pk, [])
        return obj


class HomeFeed(ArticleFeed):
    def scope(self, request: HttpRequest) -> dict:
        return {
            "title": f"{PORTAL}: Nachrichten",
            "link": reverse("home"),
            "description": "Die neuesten Meldungen",
            "items": list(story_leads(visible_articles())[:FEED_SIZE]),
        }


class RessortFeed(ArticleFeed):
    def scope(self, request: HttpRequest, slug: str) -> dict:
        name = ressort_name(slug)
        if name is None:
            raise Http404("no such Ressort")
        return {
            "title": f"{PORTAL}: {name}",
            "link": reverse("ressort", args=[slug]),
            "description": f"Die neuesten Meldungen im Ressort {name}",
            "items": list(story_leads(visible_articles().filter(ressort=name))[:FEED_SIZE]),
        }


class TagFeed(ArticleFeed):
    def scope(self, request: HttpRequest, slug: str) -> dict:
        entity = Entity.objects.filter(slug=slug, blocked=False).first()
        if entity is None:  # a slug the topic had before: its subscribers keep their feed
            former = TopicSlug.objects.filter(slug=slug).select_related("entity").first()
            entity = former.entity if former is not None else None
        entity = resolve(entity) if entity is not None else None  # bounded against circles
        if entity is None or entity.blocked:
            raise Http404("no such tag")
        items = story_leads(filtered(SearchParams(tag=entity.slug)))[:FEED_SIZE]
        return {
            "title": f"{PORTAL}: {entity.display}",
            "link": reverse("tag", args=[entity.slug]),
            "description": f"Die neuesten Meldungen zum Thema {entity.name}",
            "items": list(items),
        }


class SearchFeed(ArticleFeed):
    def scope(self, request: HttpRequest) -> dict:
        params = params_from_request(request.GET)
        params.sort = "date"
        if not params.q:
            raise Http404("a search feed needs ?q=")
        _, rows, _ = story_rows(params, limit=FEED_SIZE)
        by_id = Article.objects.select_related("source").in_bulk([i for i, _ in rows])
        return {
            "title": f"{PORTAL}: Suche nach „{params.q}“",
            "link": reverse("search") + "?" + urlencode({"q": params.q}),
            "description": f"Neue Meldungen zur Suche „{params.q}“",
            "items": [by_id[i] for i, _ in rows if i in by_id],
        }


class StoryFeed(ArticleFeed):
    def scope(self, request: HttpRequest, story_id: str) -> dict:
        story = Story.objects.filter(pk=story_id).first()
        if story is None:
            raise Http404("no such story")
        items = list(visible_articles().filter(story_id=story.pk)[:FEED_SIZE])
        first = first_report(story.pk)  # not the story's first item if readers cannot see it
        title = first.headline if first is not None else f"Story {story.pk}"
        return {
            "title": f"{PORTAL}: {title}",
            "link": reverse("story", args=[story.pk]),
            "description": "Alle Meldungen zu dieser Geschichte",
            "items": items,
        }


def views(feed_class: type[ArticleFeed]) -> tuple:
    """(RSS view, Atom view) of a feed, with HTTP caching."""
    return cache_public(feed_class("rss")), cache_public(feed_class("atom"))
