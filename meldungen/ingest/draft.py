"""The one shape every parser returns: a plain ArticleDraft, no Django."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from .corrections import is_correction_headline
from .errors import RejectCode


@dataclass
class Picture:
    url: str
    caption: str = ""
    credit: str = ""
    width: int | None = None
    height: int | None = None


@dataclass
class ArticleDraft:
    """A news item as read from one source, before enrichment and storage.

    Times are timezone-aware UTC. ``body`` is sanitized HTML (see ``sanitize``).
    """

    guid: str  # urn / ninjs uri / feed id / page URL: stable identity across versions
    headline: str
    format: str  # "digitalwires", "ninjs", "newsml-g2", "rss", "atom", "page"
    version: int = 1
    url: str = ""
    source: str = ""  # name of the originating provider ("dpa", feed title, site name)
    language: str = ""  # as the item or its feed states it; "" when it states none
    kicker: str = ""
    teaser: str = ""
    picture: Picture | None = None
    body: str = ""  # sanitized HTML: <p>, <h2>, lists, links
    byline: str = ""
    dateline: str = ""
    credit: str = ""  # originating agency, e.g. "dpa"
    copyright: str = ""
    licence: str = ""  # usage terms / licence: a name ("CC BY 4.0") or a URL, as the item says
    published: datetime | None = None
    updated: datetime | None = None
    ressort_hints: list[str] = field(default_factory=list)  # rubric, dpasubject, category, URL path
    keywords: list[str] = field(default_factory=list)
    pubstatus: str = "usable"  # "usable", "withdrawn", "canceled"
    signal: str = ""  # "correction" when the item corrects an earlier version
    embargo: datetime | None = None
    full_text: bool = True  # False for feed items that carry only a teaser
    # What the wire says the item is, for telling news from service traffic (ingest/kind.py):
    genres: list[str] = field(default_factory=list)  # genre codes and names ("dpatextgenre:32")
    item_type: str = ""  # "text", "picture", "composite", "audio", "event", "ninat:text" ...
    notes: list[str] = field(default_factory=list)  # editorial notes, wire/service codes

    @property
    def is_withdrawn(self) -> bool:
        return self.pubstatus in ("withdrawn", "canceled")

    @property
    def is_bare_withdrawal(self) -> bool:
        """A wire's notice that withdraws or cancels an item it sent before, naming it by its
        id and version alone, without its text (no headline): it withdraws what is stored."""
        return self.is_withdrawn and not self.headline.strip()

    @property
    def is_correction(self) -> bool:
        """A wire's correction signal, or a headline that says so (``corrections.py``)."""
        return "correction" in self.signal or is_correction_headline(self.headline)


@dataclass
class Rejected:
    """One item (or a whole document) that could not be read, with a specific reason and, from
    the parsers, its code (ingest/errors.py). The code does not take part in comparisons."""

    reason: str
    guid: str = ""
    code: RejectCode | None = field(default=None, compare=False)

    @property
    def message(self) -> str:
        """The German message for editors (the reason itself when there is no code)."""
        return self.code.message if self.code else self.reason


ParseResult = ArticleDraft | Rejected
