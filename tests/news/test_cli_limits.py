"""`meldungen ingest` refuses a file over the one document limit before reading it."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from meldungen.ingest import limits
from meldungen.news.models import Article, Rejection

pytestmark = [pytest.mark.django_db, pytest.mark.db]


def test_file_over_the_limit_is_refused_unread_and_the_batch_goes_on(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_DOCUMENT_BYTES", 2000)
    small = {"uri": "urn:test:klein", "type": "text", "headline": "Kleine Meldung aus Kiel"}
    big = {**small, "uri": "urn:test:gross", "body_html": "<p>Text</p>" * 500}
    (tmp_path / "a_big.json").write_text(json.dumps(big))
    (tmp_path / "b_small.json").write_text(json.dumps(small))
    opened: list[str] = []
    read_bytes = Path.read_bytes

    def spy(self):
        opened.append(self.name)
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", spy)
    out = StringIO()
    call_command("ingest", str(tmp_path), stdout=out, stderr=StringIO())
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("rejected: document too large:"), lines
    assert "new=1" in lines[-1] and "rejected=1" in lines[-1]
    assert [name for name in opened if name.endswith(".json")] == ["b_small.json"]
    assert Article.objects.get().guid == "urn:test:klein"
    assert Rejection.objects.get().reason.startswith("document too large:")
