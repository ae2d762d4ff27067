"""The API's JSON shapes (OpenAPI components)."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema


class SourceRef(Schema):
    id: int
    name: str


class TagOut(Schema):
    slug: str
    display: str
    name: str
    type: str


class ArticleOut(Schema):
    id: int
    url: str  # this portal's page
    original_url: str  # where the source published it ("" for wire copy)
    guid: str
    version: int
    kicker: str
    headline: str
    teaser: str
    published: datetime
    updated: datetime | None
    ressort: str
    source: SourceRef | None
    source_name: str
    full_text: bool
    story_id: str | None  # the story it belongs to (filter /api/articles?story=)
    tags: list[TagOut]


class ArticlePage(Schema):
    items: list[ArticleOut]
    next_cursor: str | None  # pass as ?cursor= for the next (older) page; null at the end


class EntityOut(Schema):
    slug: str
    display: str
    name: str
    type: str
    salience: float
    mentions: int
    is_tag: bool


class PictureOut(Schema):
    url: str
    caption: str
    credit: str
    width: int | None
    height: int | None


class ArticleDetail(ArticleOut):
    body: str  # sanitized HTML; "" when the source allows only the teaser
    byline: str
    dateline: str
    credit: str
    copyright: str
    picture: PictureOut | None
    entities: list[EntityOut]
    related: list[ArticleOut]
    other_sources: list[ArticleOut]  # copies and the other reports of its story


class TagStats(TagOut):
    article_count: int
    url: str


class SourceOut(Schema):
    id: int
    name: str
    url: str
    kind: str
    ressort: str
    active: bool
    full_text: bool
    last_fetch_at: datetime | None
    last_status: int | None
    last_error: str = Field(description="the technical text of the last error (English)")
    last_error_code: str = Field(description="fetch:<code> or reject:<code>, empty without one")
    last_error_message: str = Field(description="the last error in German, for editors")


class Message(Schema):
    detail: str


class ValidationErrorOut(Schema):
    """422: a parameter could not be read (ninja/pydantic error list)."""

    detail: list[dict]


class ItemResultOut(Schema):
    outcome: str  # new, updated, unchanged, duplicate, withdrawn, rejected
    label: str
    reason: str
    article_id: int | None


class IngestOut(Schema):
    origin: str
    results: list[ItemResultOut]
    totals: dict[str, int]


class StoryOut(Schema):
    id: str
    url: str
    title: str  # headline of its first visible article
    first_published: datetime
    last_published: datetime
    n_articles: int


class StoryDetail(StoryOut):
    articles: list[ArticleOut]  # visible, newest first (at most 100)
