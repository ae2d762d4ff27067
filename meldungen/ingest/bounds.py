"""The storage boundary: every draft is normalised here before any database sees it, so
SQLite and PostgreSQL store exactly the same things.

- NUL characters and lone surrogates (which PostgreSQL refuses and SQLite keeps) are removed
  from every text field, list entry and picture field, and so are the other control
  characters (XML 1.0 cannot carry them, a browser shows them as boxes; tab and line breaks
  stay);
- the plain-text fields that some wires fill with markup or entities (byline, dateline,
  credit, copyright, source, picture caption and credit) are read as text, as headlines are
  ("<b>Erika</b> M&uuml;ller" becomes "Erika Müller"), not shown to readers as code;
- identity and version are validated with a clear rejection (an empty or over-long guid, a
  version outside 0..2^63-1), and so is a publication time so near year 1 or 9999 that it
  cannot be shown in every time zone (Berlin's, the admin's); such an ``updated`` is dropped,
  such an ``embargo`` moved to the last time that can be (the item stays held back);
- the body is sanitized (allow-list, nesting bounded) so it can be served as is, and what is
  not the article's own text (other articles' recommendations, the page's calls to action) is
  dropped from it and from the teaser (``recommendations``);
- percent-escaped UTF-8 in the headline, kicker and teaser is read ("Pr C3 A4sident", a title
  made from a file name or URL slug, becomes "Präsident"; ``escaped``), and a headline that
  repeats its end after a full stop loses the repeat, one cut short inside its last word ends
  in "…" (``titles``);
- presentation fields are cut to their column; a URL that does not fit is dropped rather
  than cut (a cut URL points elsewhere); a keyword or Ressort hint longer than a tag can be is
  dropped on its own, never the whole article.

``LIMITS`` mirrors the ``max_length`` of ``news.models.Article``; a test keeps them in sync.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, datetime, timedelta

from meldungen.text import html_to_text

from .draft import ArticleDraft, Picture, Rejected
from .escaped import unescape_utf8
from .paragraphs import join_broken_paragraphs
from .recommendations import drop_closing_actions, drop_recommendations
from .sanitize import clean_html_once
from .titles import marked_cut, without_repeated_tail

GUID_MAX = 500
VERSION_MAX = 2**63 - 1  # the database column is a 64-bit integer on every backend
KEYWORD_MAX = 100  # longer is a sentence, not a tag (Entity keys and slugs hold 300)
LIMITS = {
    "source": 200,
    "format": 20,
    "url": 2000,
    "language": 10,
    "kicker": 500,
    "byline": 500,
    "dateline": 500,
    "credit": 300,
    "copyright": 500,
    "licence": 500,
    "pubstatus": 20,
}
PICTURE_LIMITS = {"url": 2000, "credit": 500}
# characters of a headline at most: a news headline has under 200; a longer one (a wire's
# whole text in the headline field, a hostile item) is cut at a word and ends in "…", so no
# page, title bar or feed carries 100,000 characters of it
HEADLINE_MAX = 1000
_URL_FIELDS = {"url"}
_UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
# Fields that are plain text on every wire; markup or an entity in one is read as text.
_PLAIN_FIELDS = ("byline", "dateline", "credit", "copyright", "source")
_MARKUP = re.compile(r"<[A-Za-z/!]|&(?:#\d+|#x[0-9A-Fa-f]+|[A-Za-z]+\d*);")


def cut_at_word(text: str, limit: int) -> str:
    """``text`` of at most ``limit`` characters, cut after a whole word with "…" when longer."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:–-") + "…"


# A stored time must survive conversion into any time zone (pages in Berlin time, the admin's
# date hierarchy in the local one): 9999-12-31T23:59Z is 10000-01-01 in Berlin, an
# OverflowError on every page that lists it.
DATE_MIN = datetime.min.replace(tzinfo=UTC) + timedelta(days=2)
DATE_MAX = datetime.max.replace(tzinfo=UTC) - timedelta(days=2)


# A publication time further ahead of the item's arrival (and of its embargo) than this is a
# wrong clock or time zone, or a typing error: such an item would head every list until the
# day came (one dated a year ahead headed home for a year). It is dated at its arrival, or at
# its embargo's end. An hour leaves a wire's or feed's clock running a little fast alone.
FUTURE_TOLERANCE = timedelta(hours=1)


def not_ahead(published: datetime | None, embargo: datetime | None, now: datetime):
    """``published``, or the latest of ``now`` and ``embargo`` when it lies more than
    FUTURE_TOLERANCE after both."""
    if published is None:
        return None
    latest = max(now, _aware(embargo)) if embargo is not None else now
    try:
        return latest if _aware(published) > latest + FUTURE_TOLERANCE else published
    except OverflowError:  # an embargo at the end of time: its own check refuses it
        return published


def _aware(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def _in_range(value: datetime) -> bool:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    try:
        return DATE_MIN <= value <= DATE_MAX
    except OverflowError:
        return False


def clean_text(value: str) -> str:
    """``value`` without NUL and other control characters (tab and line breaks stay) and
    lone surrogates."""
    return _UNSTORABLE.sub("", value) if _UNSTORABLE.search(value) else value


def plain_text(value: str) -> str:
    """A plain-text field as readers should see it: markup and entities in it read as text,
    on one line."""
    if not _MARKUP.search(value):
        return value
    return " ".join(html_to_text(value).split())


def _clean(value: object) -> object:
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def _bounded_ints(value: int | None, limit: int = 2**31 - 1) -> int | None:
    return value if value is None or 0 < value <= limit else None


def bound_draft(draft: ArticleDraft) -> ArticleDraft | Rejected:
    """The draft as it may be stored, or a Rejected naming the field that cannot be."""
    fields = {f.name: _clean(getattr(draft, f.name)) for f in dataclasses.fields(draft)}
    guid = str(fields["guid"]).strip()
    if not guid:
        return Rejected("no guid (empty after removing NUL characters)")
    if len(guid) > GUID_MAX:
        return Rejected(
            f"guid longer than {GUID_MAX} characters ({len(guid)}): {guid[:80]}…",
            guid=guid[:GUID_MAX],
        )
    fields["guid"] = guid
    version = fields["version"]
    if not isinstance(version, int) or not 0 <= version <= VERSION_MAX:
        return Rejected(f"version {version!r} out of range (0 to {VERSION_MAX})", guid=guid)
    published = fields["published"]
    if published is not None and not _in_range(published):
        return Rejected(
            f"publication time {published.isoformat()} out of range "
            f"({DATE_MIN.year} to {DATE_MAX.year})",
            guid=guid,
        )
    if fields["updated"] is not None and not _in_range(fields["updated"]):
        fields["updated"] = None
    if fields["embargo"] is not None and not _in_range(fields["embargo"]):
        fields["embargo"] = DATE_MAX
    for name in ("headline", "kicker", "teaser"):
        fields[name] = unescape_utf8(fields[name])
    for name in _PLAIN_FIELDS:
        fields[name] = plain_text(fields[name])
    fields["headline"] = without_repeated_tail(fields["headline"])
    fields["headline"] = marked_cut(fields["headline"], f"{fields['teaser']} {fields['body']}")
    if not str(fields["headline"]).strip() and not draft.is_withdrawn:
        return Rejected("no headline", guid=guid)  # a bare withdrawal needs none
    fields["headline"] = cut_at_word(fields["headline"], HEADLINE_MAX)
    for name, limit in LIMITS.items():
        text = fields[name]
        if len(text) > limit:
            fields[name] = "" if name in _URL_FIELDS else text[:limit].rstrip()
    fields["keywords"] = [k for k in fields["keywords"] if len(k) <= KEYWORD_MAX]
    fields["ressort_hints"] = [h for h in fields["ressort_hints"] if len(h) <= KEYWORD_MAX]
    fields["picture"] = _bound_picture(draft.picture)
    # Pages serve the stored body as is: it is trusted because it is sanitized here, on the
    # one way into the database, whatever produced the draft.
    fields["body"] = join_broken_paragraphs(drop_recommendations(clean_html_once(fields["body"])))
    fields["teaser"] = drop_closing_actions(fields["teaser"])
    return ArticleDraft(**fields)


def _bound_picture(picture: Picture | None) -> Picture | None:
    if picture is None:
        return None
    url = clean_text(picture.url)
    if len(url) > PICTURE_LIMITS["url"]:
        url = ""  # a cut URL points elsewhere; the caption and credit still belong to the item
    return Picture(
        url=url,
        caption=plain_text(clean_text(picture.caption)),
        credit=plain_text(clean_text(picture.credit))[: PICTURE_LIMITS["credit"]],
        width=_bounded_ints(picture.width),
        height=_bounded_ints(picture.height),
    )
