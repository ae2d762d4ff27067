"""IPTC ninjs 1.x, 2.x and 3.x JSON items to ArticleDraft.

1.x uses keyed fields (``headline_main``, ``body_html``, ``associations`` as a dict), 2.x lists
(``headlines``, ``bodies``, ``associations`` with ``name``), 3.x the same in camelCase.
"""

from __future__ import annotations

from meldungen.text import html_to_text

from .draft import ArticleDraft, Rejected
from .errors import RejectCode
from .fieldtypes import DATE, NUMBER, ROLE_LIST, TEXT, wrong_type
from .normalize import as_int, as_list, first, language_tag, pubstatus_of, to_utc, unique
from .pictures import picture_from
from .sanitize import clean_html, paragraphs_html, without_repeated_lead

# The fields an item is read by, with the JSON type each must have (``fieldtypes``).
_FIELD_TYPES = {
    "uri": TEXT,
    "guid": TEXT,
    "headline": TEXT,
    "headline_main": TEXT,
    "headline_simple": TEXT,
    "headlines": ROLE_LIST,
    "body_html": TEXT,
    "body_richtext": TEXT,
    "body_xhtml": TEXT,
    "body_text": TEXT,
    "body_main": TEXT,
    "bodies": ROLE_LIST,
    "description_text": TEXT,
    "descriptions": ROLE_LIST,
    "version": NUMBER,
    "pubstatus": TEXT,  # a withdrawal sent as an object would be read as "usable"
    "pubStatus": TEXT,
    **dict.fromkeys(
        (
            "versioncreated",
            "versionCreated",
            "firstcreated",
            "firstCreated",
            "contentcreated",
            "contentCreated",
            "embargoed",
            "embargoedUntil",
        ),
        DATE,
    ),
}


def _rights(item: dict, what: str) -> list[str]:
    """Copyright notices or usage terms from ninjs ``rightsinfo`` (2.x: an object; 3.x:
    ``rightsInfo``, a list of objects)."""
    key = "copyrightnotice" if what == "notice" else "usageterms"
    found = []
    infos = [item.get("rightsinfo"), item.get("rightsInfo")]
    for info in [i for v in infos for i in (v if isinstance(v, list) else [v])]:
        if isinstance(info, dict):
            for name, value in info.items():
                if name.lower() == key and isinstance(value, str):
                    found.append(value)
    return found


def looks_like(item: dict) -> bool:
    """True for a dict that is a ninjs item."""
    standard = item.get("standard")
    if isinstance(standard, dict) and standard.get("name") == "ninjs":
        return True
    keys = (
        "headlines",
        "headline_main",
        "bodies",
        "body_html",
        "body_text",
        "versioncreated",
        "versionCreated",
        "renditions",
        "associations",
        "body_richtext",
    )
    return "uri" in item or any(key in item for key in keys)


def _get(item: dict, *names: str) -> object:
    """First present key among ``names`` (ninjs 3 renamed snake/lower keys to camelCase)."""
    for name in names:
        if name in item and item[name] not in (None, "", [], {}):
            return item[name]
    return None


def _role_values(value: object) -> dict[str, str]:
    """ninjs 2/3 ``[{"role": "main", "value": ...}]`` → {role: value}; unnamed role = main."""
    out: dict[str, str] = {}
    if isinstance(value, list):
        for entry in value:
            if isinstance(entry, dict) and isinstance(entry.get("value"), str):
                role = str(entry.get("role") or "main")
                ctype = str(entry.get("contenttype") or entry.get("contentType") or "")
                if "html" in ctype and role == "main":
                    role = "html"
                out.setdefault(role, entry["value"])
    return out


def _headline(item: dict) -> str:
    headlines = _role_values(item.get("headlines"))
    return html_to_text(
        first(
            headlines.get("main"),
            *headlines.values(),
            item.get("headline"),
            item.get("headline_main"),
            item.get("headline_simple"),
            item.get("title") if item.get("type") != "event" else None,
        )
    )


def _body(item: dict) -> str:
    bodies = _role_values(item.get("bodies"))
    html = first(
        bodies.get("html"),
        bodies.get("richtext"),
        item.get("body_html"),
        item.get("body_richtext"),
        item.get("body_xhtml"),
    )
    if html and html.strip() not in ("[ ... ]", "..."):
        return clean_html(html)
    text = first(
        bodies.get("main"), bodies.get("text"), item.get("body_text"), item.get("body_main")
    )
    return paragraphs_html(text) if text and text.strip() not in ("...", "[ ... ]") else ""


def _named(value: object) -> list[tuple[str, dict]]:
    """Associations/renditions as (name, dict): a dict in 1.x, a list with "name" in 2.x/3.x."""
    if isinstance(value, dict):
        return [(str(k), v) for k, v in value.items() if isinstance(v, dict)]
    if isinstance(value, list):
        return [(str(v.get("name") or ""), v) for v in value if isinstance(v, dict)]
    return []


def _picture(item: dict):
    candidates = _named(item.get("associations"))
    if item.get("renditions"):  # a picture item carries its own renditions
        candidates.insert(0, ("self", {k: v for k, v in item.items() if k != "associations"}))
    for _name, assoc in candidates:
        if assoc.get("type") not in ("picture", "graphic", "image", None):
            continue
        renditions = [dict(r, name=n) for n, r in _named(assoc.get("renditions"))]
        descriptions = _role_values(assoc.get("descriptions"))
        caption = html_to_text(
            first(
                *(descriptions.get(role) for role in ("caption", "text", "main")),
                *(assoc.get(key) for key in ("description_text", "body_text")),
                first(*_role_values(assoc.get("headlines")).values()),
                assoc.get("headline"),
            )
        )
        credit = first(
            assoc.get("by"),
            assoc.get("byline"),
            assoc.get("copyrightholder"),
            assoc.get("copyrightHolder"),
        )
        if (
            not renditions
            and str(assoc.get("uri", "")).startswith(("http://", "https://"))
            and str(assoc.get("uri", "")).lower().endswith((".jpg", ".jpeg", ".png", ".webp"))
        ):
            renditions = [{"href": assoc["uri"]}]
        picture = picture_from(renditions, caption=caption, credit=credit)
        if picture:
            return picture
    return None


def _concepts(item: dict, keys: tuple[str, ...], fields: tuple[str, ...], strings: bool) -> list:
    """The first of `fields` of each entry of the concept lists under `keys` (a plain string
    entry counts as itself when `strings`)."""
    out: list[str] = []
    for key in keys:
        for entry in as_list(item.get(key)):
            if isinstance(entry, dict):
                out.append(first(*(entry.get(f) for f in fields)))
            elif strings and isinstance(entry, str):
                out.append(entry)
    return out


def _names(item: dict, *keys: str) -> list[str]:
    """The names of a ninjs concept list (subjects, people, places, genre)."""
    return _concepts(item, keys, ("name", "literal"), strings=True)


def _codes(item: dict, *keys: str) -> list[str]:
    """The qcodes/codes/uris of a ninjs concept list (genre, signals)."""
    return [c for c in _concepts(item, keys, ("code", "qcode", "uri"), strings=False) if c]


def parse_item(item: dict) -> ArticleDraft | Rejected:
    """One ninjs item of any version; items without a headline are rejected, unless they
    withdraw or cancel one (``ArticleDraft.is_bare_withdrawal``)."""
    uri = first(item.get("uri"), item.get("guid"))
    if error := wrong_type(item, _FIELD_TYPES):
        return Rejected(error, guid=uri, code=RejectCode.WRONG_TYPE)
    headline = _headline(item)
    withdrawal = pubstatus_of(item.get("pubstatus") or item.get("pubStatus")) != "usable"
    if not headline and not withdrawal:
        return Rejected("no headline", guid=uri, code=RejectCode.NO_HEADLINE)
    if not uri:
        return Rejected("ninjs item without uri", guid="", code=RejectCode.NO_ID)
    descriptions = _role_values(item.get("descriptions"))
    teaser = html_to_text(
        first(
            descriptions.get("summary"),
            descriptions.get("teaser"),
            descriptions.get("abstract"),
            item.get("description_text") if item.get("type") != "picture" else None,
            _role_values(item.get("headlines")).get("sub"),
        )
    )
    subjects = _names(item, "subjects", "subject")
    keywords = unique(
        as_list(item.get("keywords"))
        + subjects
        + _names(item, "people", "person", "organisations", "organisation", "places", "place")
    )
    located = item.get("located")
    located_name = (
        located
        if isinstance(located, str)
        else (located.get("name") if isinstance(located, dict) else "")
    )
    versioncreated = to_utc(_get(item, "versioncreated", "versionCreated"))
    firstcreated = to_utc(
        _get(item, "firstcreated", "firstCreated", "contentcreated", "contentCreated")
    )
    genres = _names(item, "genre", "genres")
    links = [link for link in as_list(item.get("links")) if isinstance(link, dict)]
    canonical = [link.get("href") for link in links if link.get("rel") in ("canonical", "self")]
    return ArticleDraft(
        guid=uri,
        headline=headline,
        format="ninjs",
        version=as_int(item.get("version")),
        url=first(*canonical),
        source=first(
            item.get("copyrightholder"),
            item.get("copyrightHolder"),
            *(_names(item, "infosources", "infoSources")),
        ),
        language=language_tag(first(item.get("language"))),
        kicker="",
        teaser=teaser,
        picture=_picture(item),
        body=without_repeated_lead(_body(item), headline, teaser),
        byline=first(item.get("by"), item.get("byline")),
        dateline=first(located_name),
        credit=first(item.get("copyrightholder"), item.get("copyrightHolder")),
        copyright=first(
            item.get("copyrightnotice"), item.get("copyrightNotice"), *_rights(item, "notice")
        ),
        licence=first(item.get("usageterms"), item.get("usageTerms"), *_rights(item, "terms")),
        published=firstcreated or versioncreated,
        updated=versioncreated,
        ressort_hints=unique(subjects + genres),
        keywords=keywords,
        pubstatus=pubstatus_of(item.get("pubstatus") or item.get("pubStatus")),
        signal="correction"
        if "correction" in str(item.get("signals") or item.get("signal") or "")
        else "",
        embargo=to_utc(_get(item, "embargoed", "embargoedUntil")),
        full_text=True,
        genres=unique(_codes(item, "genre", "genres") + genres),
        item_type=first(item.get("type"), item.get("profile")),
        notes=unique(
            [first(item.get("profile"))]
            + _names(item, "signals", "signal")
            + _codes(item, "signals")
        ),
    )
