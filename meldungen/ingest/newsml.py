"""IPTC NewsML-G2 (newsItem, newsMessage) to ArticleDraft; inline NITF or XHTML bodies."""

from __future__ import annotations

import copy

from lxml import etree

from .draft import ArticleDraft, Picture, Rejected
from .errors import RejectCode
from .fieldtypes import NUMBER, kind_of, version_number
from .normalize import as_int, first, language_tag, pubstatus_of, to_utc, unique
from .pictures import picture_from
from .sanitize import clean_html, drop_leading_repeats, paragraphs_html
from .xmlsafe import local

ROOTS = {"newsItem", "newsMessage", "packageItem", "knowledgeItem", "conceptItem"}
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# NITF block/inline names that have an HTML twin under another name.
_NITF_TO_HTML = {
    "hl1": "h2",
    "hl2": "h2",
    "block": "div",
    "em": "em",
    "pre": "p",
    "bq": "blockquote",
    "fn": "span",
    "note": "div",
    "media": "span",
}


def _all(node: etree._Element, name: str) -> list[etree._Element]:
    return node.xpath(f".//*[local-name()='{name}']")


def _one(node: etree._Element, name: str) -> etree._Element | None:
    found = node.xpath(f".//*[local-name()='{name}']")
    return found[0] if found else None


def _text(node: etree._Element | None) -> str:
    return " ".join("".join(node.itertext()).split()) if node is not None else ""


def _child(node: etree._Element, *path: str) -> etree._Element | None:
    current: etree._Element | None = node
    for name in path:
        if current is None:
            return None
        current = next((c for c in current if local(c.tag) == name), None)
    return current


def _name_of(node: etree._Element | None, language: str = "de") -> str:
    """A concept's <name>, preferring the item language; falls back to the literal/qcode."""
    if node is None:
        return ""
    names = [n for n in node if local(n.tag) == "name"]
    for name in names:
        if (name.get(_XML_LANG) or "").lower().startswith(language):
            return _text(name)
    if names:
        return _text(names[0])
    return first(node.get("literal"))


def _html_of(container: etree._Element) -> str:
    """Serialize inline NITF/XHTML content as plain (namespace-free) HTML for the sanitizer."""
    content = _one(container, "body.content")
    if content is None:
        content = _one(container, "body")
    if content is None:
        content = container
    tree = copy.deepcopy(content)
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        name = local(element.tag)
        element.tag = _NITF_TO_HTML.get(name, name)
        for attribute in list(element.attrib):
            if attribute not in ("href", "colspan", "rowspan"):
                del element.attrib[attribute]
    etree.cleanup_namespaces(tree)
    inner = (tree.text or "") + "".join(
        etree.tostring(child, encoding="unicode", method="html") for child in tree
    )
    for head_tag in ("body.head", "body.end"):
        inner = inner.replace(f"<{head_tag}>", "").replace(f"</{head_tag}>", "")
    return clean_html(inner)


def _picture(item: etree._Element, caption: str, credit: str) -> Picture | None:
    """The best-sized image among the item's <remoteContent> renditions."""
    renditions = [
        {
            "url": remote.get("href") or "",
            "mimetype": remote.get("contenttype") or "",
            "width": remote.get("width"),
            "height": remote.get("height"),
        }
        for remote in _all(item, "remoteContent")
    ]
    return picture_from(renditions, caption=caption, credit=credit)


def _children(node: etree._Element | None, name: str) -> list[etree._Element]:
    """Direct children called ``name`` (any namespace); [] when ``node`` is missing."""
    return [c for c in (node if node is not None else []) if local(c.tag) == name]


def _licence(rights: etree._Element | None) -> str:
    """rightsInfo's usageTerms, else the href of a licence link in it."""
    if rights is None:
        return ""
    links = [c.get("href") or "" for c in rights if local(c.tag) == "link"]
    return first(_text(_child(rights, "usageTerms")), *links)


def parse_item(item: etree._Element) -> ArticleDraft | Rejected:
    """One <newsItem>."""
    guid = first(item.get("guid"))
    version = (item.get("version") or "").strip()
    if version and version_number(version) is None:  # xs:nonNegativeInteger
        reason = f"version attribute is {kind_of(version)}, not {NUMBER}"
        return Rejected(reason, guid=guid, code=RejectCode.WRONG_TYPE)
    meta = _child(item, "itemMeta")
    content_meta = _child(item, "contentMeta")
    rights = _child(item, "rightsInfo")
    content_set = _child(item, "contentSet")
    stated_language = first(item.get(_XML_LANG))
    if content_meta is not None:
        lang_node = _child(content_meta, "language")
        if lang_node is not None and lang_node.get("tag"):
            stated_language = lang_node.get("tag")
    language = (stated_language or "de")[:2].lower()  # for choosing among concept names

    def meta_text(name: str) -> str:
        node = _child(meta, name) if meta is not None else None
        return _text(node)

    def cm(name: str) -> etree._Element | None:
        return _child(content_meta, name) if content_meta is not None else None

    nitf_head = _one(content_set, "body.head") if content_set is not None else None
    headline = first(
        _text(cm("headline")), _text(_one(nitf_head, "hl1")) if nitf_head is not None else ""
    )
    status = _child(meta, "pubStatus") if meta is not None else None
    withdrawal = status is not None and pubstatus_of(status.get("qcode")) != "usable"
    if not headline and not withdrawal:  # a withdrawal needs none (is_bare_withdrawal)
        return Rejected("no headline", guid=guid, code=RejectCode.NO_HEADLINE)
    if not guid:
        return Rejected("NewsML-G2 newsItem without guid", guid="", code=RejectCode.NO_ID)

    descriptions = {
        (d.get("role") or "drol:summary").split(":")[-1]: _text(d)
        for d in _children(content_meta, "description")
    }
    teaser = first(descriptions.get("summary"), descriptions.get("teaser"))
    if not teaser and nitf_head is not None:
        teaser = _text(_one(nitf_head, "abstract"))

    body = ""
    if content_set is not None:
        for node in content_set:
            name = local(node.tag)
            if name == "inlineXML" and len(node):
                body = _html_of(node)
            elif name == "inlineData" and (node.text or "").strip():
                body = paragraphs_html(node.text or "")
            if body:
                break
    body = drop_leading_repeats(body, headline, teaser)

    subject_names = [_name_of(s, language) for s in _children(content_meta, "subject")]
    keywords = [_text(k) for k in _children(content_meta, "keyword")]
    genres = [_name_of(g, language) for g in _children(content_meta, "genre")]
    signals = [s.get("qcode") or "" for s in _children(meta, "signal")]
    pubstatus_node = _child(meta, "pubStatus") if meta is not None else None
    provider = _child(meta, "provider") if meta is not None else None
    info_source = cm("infoSource")
    byline = ", ".join(n for n in map(_name_of, _children(content_meta, "creator")) if n)
    if not byline and nitf_head is not None:
        byline = _text(_one(nitf_head, "byline"))
    credit = first(
        _name_of(info_source),
        _name_of(provider),
        (provider.get("qcode") or "").split(":")[-1] if provider is not None else "",
    )
    item_class = _child(meta, "itemClass") if meta is not None else None
    is_picture = item_class is not None and "picture" in (item_class.get("qcode") or "")
    caption = first(descriptions.get("caption"), teaser, headline if is_picture else "")
    version_created = to_utc(meta_text("versionCreated"))
    return ArticleDraft(
        guid=guid,
        headline=headline,
        format="newsml-g2",
        version=as_int(item.get("version")),
        url=first(
            *(
                link.get("href")
                for link in _children(meta, "link")
                if "canonical" in (link.get("rel") or "")
            )
        ),
        source=credit,
        language=language_tag(stated_language),
        kicker="",
        teaser=teaser,
        picture=_picture(item, caption, first(byline, credit) if is_picture else credit),
        body=body,
        byline=byline,
        dateline=first(_text(cm("dateline")), _name_of(cm("located"))),
        credit=credit,
        copyright=_text(_child(rights, "copyrightNotice")) if rights is not None else "",
        licence=_licence(rights),
        published=to_utc(meta_text("firstCreated"))
        or to_utc(_text(cm("contentCreated")))
        or version_created,
        updated=version_created,
        ressort_hints=unique(subject_names + genres),
        keywords=unique(keywords + subject_names),
        pubstatus=pubstatus_of(pubstatus_node.get("qcode") if pubstatus_node is not None else ""),
        signal="correction" if any("correction" in s for s in signals) else "",
        embargo=to_utc(meta_text("embargoed")),
        full_text=True,
        genres=unique(
            [g.get("qcode") or "" for g in _children(content_meta, "genre")]
            + genres
            + [_name_of(g, "en") for g in _children(content_meta, "genre")]
        ),
        item_type=(item_class.get("qcode") or "") if item_class is not None else "",
        notes=unique(signals + [_text(n) for n in _children(meta, "edNote")]),
    )


def parse_root(root: etree._Element) -> list[ArticleDraft | Rejected]:
    """A parsed NewsML-G2 document: one newsItem, or every newsItem inside a newsMessage."""
    name = local(root.tag)
    if name == "newsItem":
        items = [root]
    else:
        items = [n for n in root.iter() if local(n.tag) == "newsItem"]
    if not items:
        return [Rejected(f"NewsML-G2 <{name}> without any newsItem", code=RejectCode.NO_ITEMS)]
    results: list[ArticleDraft | Rejected] = []
    for item in items:
        try:
            results.append(parse_item(item))
        except Exception as error:
            results.append(
                Rejected(
                    f"NewsML-G2 item could not be read: {error}",
                    guid=item.get("guid") or "",
                    code=RejectCode.UNREADABLE_ITEM,
                )
            )
    return results
