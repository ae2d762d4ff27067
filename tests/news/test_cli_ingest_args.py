"""`meldungen ingest` with arguments an operator gets wrong: an empty argument (an unset shell
variable: `meldungen ingest "$FILE"`) ingested every file under the working directory; a
non-http URL was "cannot read file: No such file or directory"; an empty folder said nothing."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from meldungen.news.models import Article
from tests.news.test_cli import wire_item

pytestmark = [pytest.mark.django_db, pytest.mark.db]


@pytest.mark.parametrize("argument", ["", " "])
def test_an_empty_argument_is_refused_not_read_as_the_working_directory(
    tmp_path, monkeypatch, argument
):
    (tmp_path / "item.json").write_text(json.dumps(wire_item(0)))
    monkeypatch.chdir(tmp_path)
    out = StringIO()
    with pytest.raises(CommandError, match="nothing could be read"):
        call_command("ingest", argument, stdout=out)
    assert "rejected: empty path" in out.getvalue()
    assert not Article.objects.exists()


@pytest.mark.parametrize("url", ["ftp://example.org/feed.xml", "file:///etc/hostname"])
def test_a_url_that_is_not_http_is_named_as_such(url):
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("ingest", url, stdout=out)
    scheme = url.split("://")[0]
    assert f"rejected: not an http(s) URL: {scheme}:// is not fetched ({url})" in out.getvalue()


def test_an_empty_folder_is_said(tmp_path):
    (tmp_path / "leer").mkdir()
    err = StringIO()
    with pytest.raises(CommandError, match="nothing could be read"):
        call_command("ingest", str(tmp_path / "leer"), stdout=StringIO(), stderr=err)
    assert err.getvalue().strip() == f"{tmp_path / 'leer'}: no files in this folder"
