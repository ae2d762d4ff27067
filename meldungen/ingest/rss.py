"""RSS 0.9x-2.0, RDF and Atom feeds (feedparser) to ArticleDraft, one per entry."""

from __future__ import annotations

import calendar
import hashlib
import re
from datetime import UTC, datetime
from urllib.parse import urljoin

import feedparser
from lxml import etree

from meldungen.text import html_to_text

from .draft import ArticleDraft, Picture, Rejected
from .errors import RejectCode
from .normalize import first, language_tag, to_utc, unique, url_ressort
from .pictures import pick_rendition
from .sanitize import clean_html, paragraphs_html, without_repeated_lead
from .xmlsafe import local

ROOTS = {"rss", "RDF", "feed"}
# A trailing "mehr"/"weiterlesen" link after the teaser's last sentence is navigation, not text.
_READ_MORE = re.compile(
    r"(?<=[.!?»\"])\s+(?:\[…\]|\[\.\.\.\]|mehr lesen|weiterlesen|mehr|read more)\s*"
    r"(?:\.\.\.|…|»|›|>|→)?\s*$",
    re.IGNORECASE,
)
_BLOCK_START = re.compile(r"<(?:p|h2|h3|h4|ul|ol|blockquote|table)>")
MEDIA_NS = "http://search.yahoo.com/mrss/"
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
ATOM_NS = "http://www.w3.org/2005/Atom"


def _texts(item: etree._Element) -> tuple[str | None, str | None]:
    """(summary, full content) of one item straight from the XML; None when absent.

    feedparser files an item-level media:description under ``summary`` and ``content``, so
    a photo caption would pose as the teaser; reading the two elements here avoids that.
    """
    summary = content = None
    for child in item:
        if not isinstance(child.tag, str):
            continue
        qname = etree.QName(child.tag)
        if (
            qname.namespace in (None, "", ATOM_NS, "http://purl.org/rss/1.0/")
            and qname.localname in ("description", "summary")
            and summary is None
        ):
            summary = child.text or ""
        elif (qname.namespace == CONTENT_NS and qname.localname == "encoded") or (
            qname.namespace == ATOM_NS and qname.localname == "content"
        ):
            if child.get("type") == "xhtml":
                content = "".join(etree.tostring(c, encoding="unicode") for c in child)
            elif child.get("type") in (None, "text") and qname.namespace == ATOM_NS:
                content = paragraphs_html(child.text or "")
            else:
                content = child.text or ""
    return summary, content


def _when(entry: dict, key: str) -> datetime | None:
    # dict.get skips feedparser's silent "updated → published" fallback (and its warning).
    parsed = dict.get(entry, f"{key}_parsed")
    if parsed:
        try:
            return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)
        except (OverflowError, ValueError, TypeError):
            pass
    return to_utc(dict.get(entry, key))


def _media_per_item(root: etree._Element | None) -> list[dict]:
    """Pictures of each <item>/<entry> read straight from the XML, in document order.

    feedparser flattens media:description into the entry summary, losing the caption, so the
    picture, its caption and its credit are read here.
    """
    if root is None:
        return []
    out: list[dict] = []
    for item in root.iter():
        if local(item.tag) not in ("item", "entry"):
            continue
        renditions: list[dict] = []
        captions: list[str] = []
        credits: list[str] = []
        for node in item.iter():
            name = local(node.tag)
            ns = etree.QName(node.tag).namespace if isinstance(node.tag, str) else None
            if name == "enclosure" and (node.get("type") or "").startswith("image/"):
                renditions.append(
                    {"url": node.get("url") or node.get("href") or "", "mimetype": node.get("type")}
                )
            elif (
                name == "link"
                and node.get("rel") == "enclosure"
                and (node.get("type") or "").startswith("image/")
            ):
                renditions.append({"url": node.get("href") or "", "mimetype": node.get("type")})
            elif ns == MEDIA_NS and name in ("content", "thumbnail"):
                medium = node.get("medium") or ""
                mime = node.get("type") or ""
                if medium and medium != "image" or mime and not mime.startswith("image/"):
                    continue
                renditions.append(
                    {
                        "url": node.get("url") or "",
                        "width": node.get("width"),
                        "height": node.get("height"),
                    }
                )
            elif ns == MEDIA_NS and name in ("description", "title"):
                captions.append(html_to_text(node.text or ""))
            elif ns == MEDIA_NS and name == "credit":
                credits.append(" ".join((node.text or "").split()))
        summary, content = _texts(item)
        out.append(
            {
                "renditions": renditions,
                "caption": first(*captions),
                "credit": first(*credits),
                "summary": summary,
                "content": content,
            }
        )
    return out


def _picture(entry: dict, media: dict | None) -> Picture | None:
    if media and media["renditions"]:
        best = pick_rendition(media["renditions"])
        if best:
            return Picture(
                url=best["url"],
                caption=media["caption"],
                credit=media["credit"],
                width=best["width"],
                height=best["height"],
            )
    renditions = [dict(m) for m in entry.get("media_content") or []]
    renditions += [dict(m) for m in entry.get("media_thumbnail") or []]
    renditions += [
        {"url": e.get("href"), "mimetype": e.get("type")}
        for e in entry.get("enclosures") or []
        if str(e.get("type", "")).startswith("image/")
    ]
    renditions = [r for r in renditions if r.get("medium", "image") == "image"]
    best = pick_rendition(renditions)
    if not best:
        return None
    return Picture(
        url=best["url"],
        credit=first(entry.get("credit")),
        width=best["width"],
        height=best["height"],
    )


def _entry(
    entry: dict, feed: dict, media: dict | None, feed_format: str, base: str
) -> ArticleDraft | Rejected:
    url = urljoin(base, entry.get("link") or "") if entry.get("link") else ""
    headline = html_to_text(first(entry.get("title")))
    guid = first(entry.get("id"), url)
    if not headline:
        return Rejected("no headline", guid=guid, code=RejectCode.NO_HEADLINE)
    if not guid:  # no id and no link: derive a stable id from what the item says
        digest = hashlib.sha1(f"{feed.get('title', '')}|{headline}".encode()).hexdigest()[:16]
        guid = f"feed:{digest}"
    if media is not None:  # the XML could be read: trust its elements over feedparser's view
        contents = (
            [{"type": "text/html", "value": media["content"]}]
            if (media["content"] or "").strip()
            else []
        )
        summary = first(media["summary"])
    else:
        contents = [c for c in entry.get("content") or [] if (c.get("value") or "").strip()]
        summary = first(entry.get("summary"))
    html_content = next((c for c in contents if "html" in (c.get("type") or "")), None)
    if html_content is not None:
        body = clean_html(html_content["value"], base_url=url or base)
    elif contents:
        body = paragraphs_html(contents[0]["value"])
    else:
        body = ""
    full_text = bool(html_to_text(body))
    teaser = _READ_MORE.sub("", html_to_text(summary))
    if full_text:  # content that opens with the description again
        body = without_repeated_lead(body, headline, teaser)
    if not full_text:
        body = (
            clean_html(summary, base_url=url or base)
            if "<" in summary
            else paragraphs_html(summary)
        )
        if body and not _BLOCK_START.match(body):
            body = f"<p>{body}</p>"
    categories = [t.get("term") or t.get("label") for t in entry.get("tags") or []]
    language = first(entry.get("language"), feed.get("language"))
    return ArticleDraft(
        guid=guid,
        headline=headline,
        format=feed_format,
        version=1,
        url=url,
        source=html_to_text(first(feed.get("title"))),
        language=language_tag(language),
        teaser=teaser,
        picture=_picture(entry, media),
        body=body,
        byline=first(entry.get("author")),
        credit=first(
            entry.get("source", {}).get("title") if isinstance(entry.get("source"), dict) else ""
        ),
        copyright=html_to_text(first(entry.get("rights"), feed.get("rights"))),
        # creativeCommons:license, cc:license and Atom <link rel="license">
        licence=first(entry.get("license"), feed.get("license")),
        published=_when(entry, "published") or _when(entry, "updated"),
        updated=_when(entry, "updated"),
        ressort_hints=unique(categories + [url_ressort(url)]),
        keywords=unique(categories),
        full_text=full_text,
    )


def parse_feed(data: bytes, root: etree._Element | None, url: str = "") -> list:
    """Every entry of a feed document; a broken entry is rejected on its own."""
    parsed = feedparser.parse(
        data,
        sanitize_html=False,
        resolve_relative_uris=True,
        response_headers={"content-location": url} if url else None,
    )
    version = parsed.get("version") or ""
    feed = parsed.get("feed") or {}
    if not parsed.entries:
        if not version and not feed.get("title"):
            return [
                Rejected("not a feed: no RSS/Atom channel found", code=RejectCode.UNKNOWN_FORMAT)
            ]
        return [Rejected("feed without items", code=RejectCode.NO_ITEMS)]
    feed_format = "atom" if version.startswith("atom") else "rss"
    base = first(feed.get("link"), url)
    media = _media_per_item(root)
    if len(media) != len(parsed.entries):
        media = []  # cannot pair reliably (malformed XML read leniently): use feedparser's view
    results: list[ArticleDraft | Rejected] = []
    for index, entry in enumerate(parsed.entries):
        try:
            results.append(_entry(entry, feed, media[index] if media else None, feed_format, base))
        except Exception as error:
            results.append(
                Rejected(
                    f"feed item could not be read: {error}",
                    guid=first(entry.get("id"), entry.get("link")),
                    code=RejectCode.UNREADABLE_ITEM,
                )
            )
    return results
