"""The version record of a draft (ArticleVersion.data) is ``dataclasses.asdict`` of it with its
times as ISO strings, whatever the draft carries."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from meldungen.ingest.draft import ArticleDraft, Picture
from meldungen.news.services import _draft_json


def _asdict_json(draft: ArticleDraft) -> dict:
    return {
        k: v.isoformat() if isinstance(v, datetime) else v
        for k, v in dataclasses.asdict(draft).items()
    }


def test_the_version_record_is_asdict_with_iso_times():
    when = datetime(2026, 2, 2, 9, 30, tzinfo=UTC)
    drafts = [
        ArticleDraft(guid="urn:a", headline="Kurz", format="ninjs"),
        ArticleDraft(
            guid="urn:b",
            headline="Hafen meldet Rekord",
            format="digitalwires",
            version=3,
            picture=Picture("https://example.org/b.jpg", "Der Hafen", "dpa", 800, None),
            body="<p>Text</p>",
            published=when,
            updated=when,
            embargo=None,
            ressort_hints=["wirtschaft", "hamburg"],
            keywords=["Hafen"],
            full_text=False,
            genres=["dpatextgenre:1"],
            notes=[],
        ),
    ]
    for draft in drafts:
        data = _draft_json(draft)
        assert data == _asdict_json(draft)
        assert list(data) == list(_asdict_json(draft))
        assert data["keywords"] is not draft.keywords  # a copy, as asdict's
    assert _draft_json(drafts[1])["picture"] == {
        "url": "https://example.org/b.jpg",
        "caption": "Der Hafen",
        "credit": "dpa",
        "width": 800,
        "height": None,
    }
