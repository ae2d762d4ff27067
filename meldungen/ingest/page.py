"""HTML article pages (trafilatura plus the page's own metadata) to ArticleDraft."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import trafilatura
from lxml import etree
from lxml import html as lxml_html

from meldungen.text import html_to_text

from .decode import decode_markup
from .draft import ArticleDraft, Picture, Rejected
from .errors import RejectCode
from .normalize import as_int, first, language_tag, to_utc, unique, url_ressort
from .sanitize import clean_html, drop_leading_repeats
from .urls import safe_http_url

MIN_ARTICLE_CHARS = 200  # less main text than this is a teaser list or a navigation page
# Control characters have no place in HTML and make lxml refuse the text trafilatura builds
# from it (the whole page was "no article"); vertical tab and form feed part words.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_BREAKS = re.compile(r"[\x0b\x0c]")
# trafilatura's XML vocabulary → HTML.
_TAGS = {
    "head": "h2",
    "list": "ul",
    "item": "li",
    "quote": "blockquote",
    "lb": "br",
    "row": "tr",
    "cell": "td",
    "ref": "a",
    "code": "p",
}
_HEAD_LEVELS = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h4", "h5": "h4", "h6": "h4"}
_HI = {"#b": "strong", "#i": "em", "#u": "em", "#t": "em"}


def _to_html(body: etree._Element, base_url: str) -> str:
    """Turn trafilatura's body element (head/p/list/item/ref/hi...) into sanitized HTML."""
    for element in body.iter():
        if not isinstance(element.tag, str):
            continue
        name = element.tag
        if name == "head":
            element.tag = _HEAD_LEVELS.get(element.get("rend", "h2"), "h2")
        elif name == "hi":
            element.tag = _HI.get(element.get("rend", ""), "em")
        elif name == "ref":
            element.tag = "a"
            element.set("href", element.get("target", ""))
        elif name == "list" and element.get("rend") == "ol":
            element.tag = "ol"
        elif name == "cell" and element.get("role") == "head":
            element.tag = "th"
        elif name in ("graphic", "image"):
            element.tag = "span"  # dropped by the sanitizer; pictures travel separately
        else:
            element.tag = _TAGS.get(name, name)
    inner = (body.text or "") + "".join(
        etree.tostring(child, encoding="unicode", method="html") for child in body
    )
    return clean_html(inner, base_url=base_url)


def _metadata(tree: lxml_html.HtmlElement) -> dict[str, str]:
    """<meta property/name> values (first wins), plus JSON-LD NewsArticle fields."""
    meta: dict[str, str] = {}
    for node in tree.iter("meta"):
        key = (node.get("property") or node.get("name") or node.get("itemprop") or "").lower()
        value = node.get("content") or ""
        if key and value.strip() and key not in meta:
            meta[key] = value.strip()
    for link in tree.iter("link"):
        if (link.get("rel") or "").lower() == "canonical" and link.get("href"):
            meta.setdefault("canonical", link.get("href"))
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue
        nodes = (
            data
            if isinstance(data, list)
            else data.get("@graph", [data])
            if isinstance(data, dict)
            else []
        )
        for node in nodes:
            if not isinstance(node, dict) or "Article" not in str(node.get("@type", "")):
                continue
            for key in ("datePublished", "dateModified", "headline", "articleSection"):
                if isinstance(node.get(key), str):
                    meta.setdefault(f"ld:{key}", node[key])
    lang = tree.get("lang") if tree.tag == "html" else None
    if lang:
        meta.setdefault("html:lang", lang)
    return meta


def decode_html(data: bytes, content_type: str = "") -> str:
    """Bytes of a page to text, decoded once by the rules every format shares (``decode``)."""
    text = decode_markup(data, content_type, xml=False)
    return text if isinstance(text, str) else data.decode("utf-8", "replace")


def _extract(tree: lxml_html.HtmlElement, url: str, *, with_metadata: bool):
    return trafilatura.bare_extraction(
        tree,
        url=url or None,
        include_comments=False,
        include_tables=True,
        include_links=True,
        include_formatting=True,
        with_metadata=with_metadata,
        favor_precision=True,
    )


def extract_article(html: bytes | str, url: str, content_type: str = "") -> ArticleDraft | Rejected:
    """Extract the article of one web page (title, times, author, main text, main image)."""
    if isinstance(html, bytes | bytearray):
        if not html.strip():
            return Rejected("empty input", guid=url, code=RejectCode.EMPTY)
        html = decode_html(bytes(html), content_type)
    elif not html.strip():
        return Rejected("empty input", guid=url, code=RejectCode.EMPTY)
    # lxml refuses str input that still declares an encoding (XHTML's <?xml ... ?>).
    html = re.sub(r"^\s*<\?xml[^>]*\?>", "", html)
    html = _BREAKS.sub(" ", _CONTROL.sub("", html))
    try:
        tree = lxml_html.document_fromstring(html)
    except (etree.ParserError, ValueError) as error:
        return Rejected(f"unreadable HTML: {error}", guid=url, code=RejectCode.MALFORMED)
    meta = _metadata(tree)
    extracted = _extract(tree, url, with_metadata=True)
    if extracted is None:
        # trafilatura drops the whole page when its metadata fails (htmldate raises on a
        # date with an offset of a day or more, "+25:00"); the page's own metadata is ours.
        extracted = _extract(lxml_html.document_fromstring(html), url, with_metadata=False)
    if extracted is None or extracted.body is None:
        return Rejected("no article found in HTML page", guid=url, code=RejectCode.NO_ARTICLE)
    named = first(meta.get("canonical"), meta.get("og:url"), extracted.url)
    # a relative canonical or og:url is read against the page's address, as browsers do
    resolved = safe_http_url(named, url) or safe_http_url(url)
    canonical = resolved or first(named, url)
    headline = html_to_text(first(meta.get("og:title"), meta.get("ld:headline"), extracted.title))
    base = canonical or url
    body = _to_html(extracted.body, base)
    if len(html_to_text(body)) < MIN_ARTICLE_CHARS:
        return Rejected("no article found in HTML page", guid=canonical, code=RejectCode.NO_ARTICLE)
    if not headline:
        return Rejected("no headline", guid=canonical, code=RejectCode.NO_HEADLINE)
    teaser = html_to_text(
        first(meta.get("og:description"), meta.get("description"), extracted.description)
    )
    body = drop_leading_repeats(body, headline, extracted.title or "")
    image = safe_http_url(
        first(meta.get("og:image"), meta.get("twitter:image"), extracted.image), base
    )
    picture = None
    if image:
        picture = Picture(
            url=image,
            caption=html_to_text(first(meta.get("og:image:alt"), meta.get("twitter:image:alt"))),
            credit="",
            width=as_int(meta.get("og:image:width"), 0) or None,
            height=as_int(meta.get("og:image:height"), 0) or None,
        )
    keywords = [k for k in first(meta.get("news_keywords"), meta.get("keywords")).split(",")]
    keywords += list(extracted.tags or [])
    sections = [meta.get("article:section", ""), meta.get("ld:articleSection", "")]
    sections += list(extracted.categories or [])
    published = to_utc(
        first(
            meta.get("article:published_time"),
            meta.get("ld:datePublished"),
            meta.get("date"),
            meta.get("pubdate"),
        )
    ) or to_utc(extracted.date)
    return ArticleDraft(
        guid=canonical,
        headline=headline,
        format="page",
        url=canonical,
        source=first(meta.get("og:site_name"), extracted.sitename, extracted.hostname),
        language=language_tag(
            first(meta.get("html:lang"), meta.get("og:locale"), extracted.language)
        ),
        teaser=teaser,
        picture=picture,
        body=body,
        byline=first(meta.get("author"), extracted.author),
        copyright=first(meta.get("copyright"), meta.get("dcterms.rights")),
        published=published,
        updated=to_utc(first(meta.get("article:modified_time"), meta.get("ld:dateModified"))),
        ressort_hints=unique(sections + [url_ressort(canonical)]),
        keywords=unique(keywords),
        full_text=True,
    )


def with_full_text(item: ArticleDraft, article: ArticleDraft | Rejected) -> ArticleDraft:
    """A teaser-only feed item completed with the text of its fetched article page.

    The feed keeps identity, headline, times and source; the page adds body, and fills the
    picture, byline, keywords and Ressort hints the feed did not have. A rejected page leaves
    the item unchanged (still ``full_text=False``).
    """
    if isinstance(article, Rejected) or not html_to_text(article.body):
        return item
    return replace(
        item,
        body=article.body,
        full_text=True,
        teaser=item.teaser or article.teaser,
        picture=item.picture or article.picture,
        byline=item.byline or article.byline,
        published=item.published or article.published,
        keywords=unique(item.keywords + article.keywords),
        ressort_hints=unique(item.ressort_hints + article.ressort_hints),
    )
