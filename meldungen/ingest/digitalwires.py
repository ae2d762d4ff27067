"""dpa-digitalwires JSON items (the wire format dpa delivers to portals) to ArticleDraft."""

from __future__ import annotations

from lxml import html as lxml_html

from meldungen.text import html_to_text

from .draft import ArticleDraft, Picture, Rejected
from .errors import RejectCode
from .fieldtypes import DATE, NUMBER, TEXT, wrong_type
from .normalize import as_int, as_list, first, language_tag, pubstatus_of, to_utc, unique
from .pictures import picture_from
from .sanitize import clean_html, drop_leading_repeats

# The fields an item is read by, with the JSON type each must have (``fieldtypes``).
_FIELD_TYPES = {
    "urn": TEXT,
    "entry_id": TEXT,
    "headline": TEXT,
    "kicker": TEXT,
    "teaser": TEXT,
    "article_html": TEXT,
    "version": NUMBER,
    "version_created": DATE,
    "firstcreated": DATE,
    "first_created": DATE,
    "updated": DATE,
    "embargoed": DATE,
    "pubstatus": TEXT,  # a withdrawal sent as an object would be read as "usable"
}
_DESK_NAMES = {
    "pl": "Politik",
    "wi": "Wirtschaft",
    "sp": "Sport",
    "ku": "Kultur",
    "vm": "Vermischtes",
    "wt": "Wissenschaft",
    "rs": "Redaktionsservice",
    "mo": "Modernes Leben",
}


def looks_like(item: dict) -> bool:
    """True for a dict that is a dpa-digitalwires item (not ninjs, which has "uri")."""
    if str(item.get("format", "")).startswith("digitalwires"):
        return True
    markers = (
        "article_html", "version_created", "keyword_names", "rubric_names", "entry_id",
        "pubstatus",  # a withdrawal notice may carry little else
    )  # fmt: skip
    return "urn" in item and any(key in item for key in markers)


def _strip_dateline(body: str) -> str:
    """Remove dpa's inline ``<span class="dateline">Berlin (dpa) - </span>``: it has its field."""
    if "dateline" not in body:
        return body
    try:
        root = lxml_html.fragment_fromstring(body, create_parent="div")
    except Exception:
        return body
    for span in root.xpath('//span[contains(concat(" ", @class, " "), " dateline ")]'):
        span.drop_tree()
    return (root.text or "") + "".join(
        lxml_html.tostring(child, encoding="unicode")
        for child in root  # tails included
    )


def _picture(item: dict) -> Picture | None:
    """The feature image (else the best-ranked image) with its caption and credit.

    An image association without renditions still yields a Picture with an empty URL, so its
    caption is not lost (the seed page shows a caption without an image file).
    """
    associations = [a for a in as_list(item.get("associations")) if isinstance(a, dict)]
    images = [a for a in associations if a.get("type") in ("image", "picture")]
    images.sort(key=lambda a: (not a.get("is_featureimage"), as_int(a.get("rank"), 99)))
    for image in images:
        picture = picture_from(
            as_list(image.get("renditions")),
            caption=first(image.get("caption"), image.get("headline")),
            credit=first(image.get("creditline")),
        )
        if picture:
            return picture
    for image in images:
        if first(image.get("caption")):
            return Picture(
                url="", caption=first(image.get("caption")), credit=first(image.get("creditline"))
            )
    return None


def _caption(item: dict) -> str:
    for description in as_list(item.get("descriptions")):
        if isinstance(description, dict) and description.get("role") == "drol:caption":
            return first(description.get("description"))
    return ""


def parse_item(item: dict) -> ArticleDraft | Rejected:
    """One digitalwires item. Items without text still count when they carry a headline; a
    withdrawal or cancellation needs none (``ArticleDraft.is_bare_withdrawal``)."""
    urn = first(item.get("urn"), item.get("entry_id"))
    if error := wrong_type(item, _FIELD_TYPES):
        return Rejected(error, guid=urn, code=RejectCode.WRONG_TYPE)
    headline = html_to_text(first(item.get("headline")))
    if not headline and pubstatus_of(item.get("pubstatus")) == "usable":  # a withdrawal
        return Rejected("no headline", guid=urn, code=RejectCode.NO_HEADLINE)  # needs none
    if not urn:
        return Rejected("dpa-digitalwires item without urn", guid="", code=RejectCode.NO_ID)
    teaser = html_to_text(first(item.get("teaser")))
    body = clean_html(_strip_dateline(first(item.get("article_html"))))
    body = drop_leading_repeats(body, headline, teaser)
    picture = _picture(item)
    if picture and not picture.caption:
        picture.caption = _caption(item)

    desks = [_DESK_NAMES.get(d, d) for d in as_list(item.get("desk_names")) if isinstance(d, str)]
    keywords = unique(as_list(item.get("keyword_names")) + as_list(item.get("geosubject_names")))
    if not keywords:  # some wire items carry only subjects; they still need tags
        keywords = unique(as_list(item.get("dpasubject_names")))
    version_created = to_utc(item.get("version_created"))
    first_created = to_utc(item.get("firstcreated") or item.get("first_created"))
    return ArticleDraft(
        guid=urn,
        headline=headline,
        format="digitalwires",
        version=as_int(item.get("version")),
        url=first(item.get("url"), item.get("canonical_url")),
        source="dpa",
        language=language_tag(first(item.get("language"))),
        kicker=html_to_text(first(item.get("kicker"))),
        teaser=teaser,
        picture=picture,
        body=body,
        byline=first(item.get("byline")),
        dateline=first(item.get("dateline")).rstrip(" -–"),
        credit=first(item.get("creditline")),
        copyright=first(item.get("copyrightnotice")),
        licence=first(item.get("usageterms")),
        published=first_created or version_created or to_utc(item.get("updated")),
        updated=to_utc(item.get("updated")) or version_created,
        ressort_hints=unique(
            as_list(item.get("rubric_names")) + as_list(item.get("dpasubject_names")) + desks
        ),
        keywords=keywords,
        pubstatus=pubstatus_of(item.get("pubstatus")),
        signal="correction" if "correction" in str(item.get("signal") or "") else "",
        embargo=to_utc(item.get("embargoed")),
        full_text=True,
        genres=unique(as_list(item.get("genre_names")) + _category_codes(item, "genre")),
        item_type=first(item.get("type")),
        notes=unique(_category_codes(item, "wire", "rubric", "signal") + _genre_notes(item)),
    )


def _category_codes(item: dict, *types: str) -> list[str]:
    """qcodes of the item's categories of the given dnltype ("genre" -> "dnltype:genre")."""
    wanted = {f"dnltype:{t}" for t in types}
    return [
        first(c.get("qcode"), c.get("name"))
        for c in as_list(item.get("categories"))
        if isinstance(c, dict) and isinstance(c.get("type"), str) and c["type"] in wanted
    ]


def _genre_notes(item: dict) -> list[str]:
    """The desk's genre notes ("Planungshinweis", "Multimedialer Test-Artikel")."""
    return [
        first(n.get("ednote"))
        for n in as_list(item.get("ednotes"))
        if isinstance(n, dict) and "genrenote" in str(n.get("role") or "")
    ]
