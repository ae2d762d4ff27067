"""A wire item sent again under a version already stored, with another text or status: not
stored (a higher version updates, README "What goes in"), but reported, not a silent
"unchanged": the result's reason, the CLI line, the API answer and a record against the
source (admin, /admin/ingest/) say what differs."""

from __future__ import annotations

import json

import pytest

from meldungen.ingest.draft import ArticleDraft
from meldungen.ingest.errors import RejectCode
from meldungen.news.models import Article, Rejection, Source
from meldungen.news.services import ingest_bytes, store_draft

pytestmark = [pytest.mark.django_db, pytest.mark.db]

BODY = (
    "<p>Der Kreistag hat den Neubau der Berufsschule in Husum mit großer Mehrheit beschlossen.</p>"
)


def wire(version: int = 2, body: str = BODY, **fields) -> bytes:
    item = {
        "urn": "urn:newsml:test.example:kreistag-1",
        "version": version,
        "version_created": "2026-01-05T09:00:00Z",
        "headline": "Kreistag beschließt Neubau der Berufsschule",
        "article_html": body,
        **fields,
    }
    return json.dumps(item).encode()


@pytest.fixture
def agency(db) -> Source:
    return Source.objects.create(name="Agentur Nord", url="file:nord", kind="wire")


def test_same_version_with_another_text_is_named_and_recorded(agency):
    [first] = ingest_bytes(wire(), "kreistag.json", source=agency)
    assert first.outcome == "new"
    changed = "<p>Der Kreistag hat den Neubau der Berufsschule in Husum knapp beschlossen.</p>"
    [again] = ingest_bytes(wire(body=changed), "kreistag.json", source=agency)
    assert again.outcome == "unchanged" and again.article_id == first.article_id
    assert again.reason.startswith("text not as in the stored version 2: not taken")
    assert "higher version" in again.reason
    assert again.line().startswith("unchanged: Kreistag beschließt Neubau der Berufsschule (text")
    assert "großer Mehrheit" in Article.objects.get(pk=first.article_id).body  # kept
    [record] = Rejection.objects.all()
    assert (record.source, record.code, record.guid) == (
        agency,
        "same_version",
        "urn:newsml:test.example:kreistag-1",
    )
    assert record.message.startswith("Gleiche Version mit anderem Text")
    # a higher version updates, as documented
    [newer] = ingest_bytes(wire(version=3, body=changed), "kreistag.json", source=agency)
    assert newer.outcome == "updated"


def test_a_true_repeat_and_an_older_version_stay_silent(agency):
    ingest_bytes(wire(version=2), "kreistag.json", source=agency)
    [repeat] = ingest_bytes(wire(version=2), "kreistag.json", source=agency)
    assert (repeat.outcome, repeat.reason) == ("unchanged", "")
    # version 1 was never received here: an older text, nothing to compare with
    [older] = ingest_bytes(wire(version=1, body="<p>Erste Fassung.</p>"), "k.json", source=agency)
    assert (older.outcome, older.reason) == ("unchanged", "")
    assert not Rejection.objects.exists()


def test_a_withdrawal_under_the_stored_version_is_named(agency):
    [first] = ingest_bytes(wire(), "kreistag.json", source=agency)
    notice = {"urn": "urn:newsml:test.example:kreistag-1", "version": 2, "pubstatus": "withdrawn"}
    [again] = ingest_bytes(json.dumps(notice).encode(), "zurueck.json", source=agency)
    assert again.outcome == "unchanged"
    assert again.reason.startswith("status (withdrawn) not as in the stored version 2")
    assert Article.objects.get(pk=first.article_id).pubstatus == "usable"
    assert Rejection.objects.get().code == "same_version"


def test_one_by_one_store_gives_the_same_reason():
    draft = ArticleDraft(
        guid="urn:test:einzeln", headline="Kreistag beschließt Neubau", format="ninjs", body=BODY
    )
    assert store_draft(draft).outcome == "new"
    draft.body = "<p>Ganz anderer Text über den Kreistag in Husum.</p>"
    result = store_draft(draft)
    assert result.outcome == "unchanged" and result.reason.startswith("text not as in")


def test_a_feed_item_states_no_version_and_its_edit_is_the_next_version(agency):
    """Not a same-version re-send: a feed edits under its guid (tests/news/test_feed_edits.py)."""

    def feed(text: str) -> bytes:
        return (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>Blatt</title>'
            "<link>https://blatt.example/</link><description>d</description><item>"
            "<title>Kreistag beschließt Neubau</title><guid>https://blatt.example/1</guid>"
            f"<link>https://blatt.example/1</link><description>{text}</description>"
            "</item></channel></rss>"
        ).encode()

    ingest_bytes(feed("Der Kreistag hat entschieden."), "feed", source=agency)
    [again] = ingest_bytes(feed("Der Kreistag hat neu entschieden."), "feed", source=agency)
    assert (again.outcome, again.reason) == ("updated", "")
    assert not Rejection.objects.filter(code=RejectCode.SAME_VERSION).exists()


def test_the_api_answer_carries_the_reason(client):
    from meldungen.api.models import ApiToken

    token = ApiToken.issue("Agentur Nord")[1]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    client.post("/api/ingest", wire(), content_type="application/json", **auth)
    changed = wire(body="<p>Der Kreistag in Husum vertagt den Neubau der Berufsschule.</p>")
    answer = client.post("/api/ingest", changed, content_type="application/json", **auth).json()
    [result] = answer["results"]
    assert result["outcome"] == "unchanged" and answer["totals"]["unchanged"] == 1
    assert result["reason"].startswith("text not as in the stored version 2")
