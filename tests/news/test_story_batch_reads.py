"""A batch's story index (news/story_batch.py) reads the stored index once per batch: the same
answers as the stored index (``DjangoStoryIndex``), the batch's own records merged in, and no
query for what it has read before."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest
from django.db import transaction
from storehelp import put

from meldungen.news.story_batch import BatchStoryIndex
from meldungen.news.story_index import DOC_COUNT, DjangoStoryIndex
from meldungen.stories.dedup import signature
from meldungen.stories.index import ArticleRecord

pytestmark = [pytest.mark.django_db, pytest.mark.db]


def _plain(records: dict) -> dict:
    """Records without their signature arrays (numpy has no ==), plus the signature bytes."""
    out = {}
    for key, rec in records.items():
        fields = dataclasses.asdict(rec)
        if "signature" in fields:
            fields["signature"] = rec.signature.to_bytes()
        out[key] = fields
    return out


def test_stored_reads_are_the_stored_index_answers_read_once(django_assert_num_queries):
    when = datetime(2026, 2, 2, 9, 0, tzinfo=UTC)
    first = put(
        "hafen",
        "Hamburger Hafen meldet Rekordumschlag im Januar",
        body="<p>Der Hamburger Hafen hat im Januar so viele Container umgeschlagen wie nie.</p>",
        published=when,
    )
    second = put(
        "radweg",
        "Stadtrat in Kiel beschließt neuen Radweg am Fluss",
        body="<p>Der Stadtrat in Kiel hat am Abend einen neuen Radweg beschlossen.</p>",
        published=when,
    )
    assert first.story_id and second.story_id
    ids = [str(first.pk), str(second.pk), "999999", "kein-artikel"]
    stories = [first.story_id, second.story_id, "999999"]
    terms = ["hafen", "radweg", "kiel", "gibtesnicht", DOC_COUNT, "x" * 201]
    stored = DjangoStoryIndex()
    with transaction.atomic():
        batch = BatchStoryIndex()
        for _ in range(2):
            assert _plain(batch.get_articles(ids)) == _plain(stored.get_articles(ids))
            assert _plain(batch.get_stories(stories)) == _plain(stored.get_stories(stories))
            assert batch.story_of(ids) == stored.story_of(ids)
            assert batch.doc_freqs(terms) == stored.doc_freqs(terms)
        with django_assert_num_queries(0):  # all read before
            batch.get_articles(ids[::-1])
            batch.get_stories(stories)
            batch.story_of(ids[:2])
            batch.doc_freqs(terms[:2])

        # the batch's own article joins the first story: its records win, its terms count
        story = batch.get_stories([first.story_id])[first.story_id]
        joined = dataclasses.replace(story, n_articles=story.n_articles + 1)
        record = ArticleRecord(
            id="424242",
            story_id=story.id,
            published=when,
            signature=signature("Der Hafen in Hamburg meldet einen Rekord"),
            vector={"hafen": 1.0},
            title_vector={},
        )
        batch.put(record, joined, ["b0:abc"], ["t:hafen"], ["hafen", "rekord"])
        n_docs, dfs = stored.doc_freqs(terms + ["rekord"])
        assert batch.doc_freqs(terms + ["rekord"]) == (
            n_docs + 1,
            {**dfs, "hafen": dfs["hafen"] + 1, "rekord": dfs.get("rekord", 0) + 1},
        )
        assert batch.get_stories([story.id])[story.id].n_articles == story.n_articles + 1
        assert batch.story_of(["424242", str(second.pk)]) == {
            "424242": story.id,
            str(second.pk): second.story_id,
        }
        assert batch.get_articles(["424242"])["424242"] is record
        transaction.set_rollback(True)
