"""The batch's bulk statements prepare values once per column (news/bulk.py): every value gives
exactly what the model field's own ``get_db_prep_save`` gives, on SQLite and PostgreSQL."""

from __future__ import annotations

import warnings
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from meldungen.news.bulk import preparer
from meldungen.news.models import (
    Article,
    ArticleEntity,
    ArticleVersion,
    Story,
    StoryArticle,
    StoryBand,
    StoryKey,
)

pytestmark = [pytest.mark.django_db, pytest.mark.db]

BERLIN = ZoneInfo("Europe/Berlin")
WHEN = datetime(2026, 3, 29, 1, 30, tzinfo=UTC)  # the night clocks go forward in Berlin
VALUES = [
    0,
    7,
    2**40,
    -3,
    True,
    False,
    1.0,
    0.25,
    "",
    "7",
    "Kämmerer",
    None,
    b"\x00\x01",
    {"a": 1.5, "ü": [1, 2]},
    [],
    WHEN,
    WHEN.astimezone(BERLIN),  # the same instant in another zone
    WHEN.astimezone(timezone(timedelta(hours=-5))),
    WHEN + timedelta(hours=1),
]
FIELDS = [
    (ArticleEntity, ["article", "entity", "salience", "mentions", "is_tag", "rank"]),
    (ArticleVersion, ["article", "version", "data", "received_at"]),
    (Story, ["id", "first_article", "first_published", "n_articles", "centroid", "entities"]),
    (StoryArticle, ["article", "story", "published", "copy_of", "signature", "vector"]),
    (StoryBand, ["band_key", "article"]),
    (StoryKey, ["key", "published", "article"]),
    (Article, ["id", "duplicate_of", "story", "ressort", "language", "published"]),
]


def _same(field, value, prepare):
    """(fast result, Django's result), or None when Django refuses the value too."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # naive datetimes
        try:
            expected = field.get_db_prep_save(value, connection)
        except (TypeError, ValueError, ValidationError):
            with pytest.raises((TypeError, ValueError, ValidationError)):
                prepare(value)
            return None
        return prepare(value), expected


@pytest.mark.parametrize(("model", "names"), FIELDS, ids=[m.__name__ for m, _ in FIELDS])
def test_prepared_values_are_what_the_field_prepares(model, names):
    for name in names:
        field = model._meta.get_field(name)
        prepare = preparer(field)
        for value in [*VALUES, *VALUES]:  # twice: a remembered timestamp is still right
            got = _same(field, value, prepare)
            if got is None:
                continue
            fast, expected = got
            assert type(fast) is type(expected), (model.__name__, name, value)
            if hasattr(expected, "obj"):  # psycopg's Jsonb and Binary wrappers: no equality
                fast = (fast.obj, getattr(fast, "dumps", None))
                expected = (expected.obj, getattr(expected, "dumps", None))
            if isinstance(expected, memoryview | bytes | bytearray):
                fast, expected = bytes(fast), bytes(expected)
            assert fast == expected, (model.__name__, name, value)
            if isinstance(expected, datetime):
                assert fast.utcoffset() == expected.utcoffset(), (name, value)


def test_a_naive_timestamp_still_warns():
    prepare = preparer(StoryKey._meta.get_field("published"))
    with pytest.warns(RuntimeWarning, match="naive datetime"):
        prepare(datetime(2026, 1, 1, 12, 0))
