"""`meldungen enrich`: which articles, said wrongly, is one clear line and exit 1: an impossible
date was a traceback, a date without a time warned about a naive datetime, and unknown ids
ended "enriched=0 failed=0" with exit 0."""

from __future__ import annotations

import json
import warnings
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from meldungen.news.models import Article
from tests.news.test_cli import wire_item

pytestmark = [pytest.mark.django_db, pytest.mark.db]


@pytest.mark.parametrize("since", ["2026-13-45", "garbage", "2026-02-30T10:00"])
def test_since_that_is_no_date(since):
    with pytest.raises(CommandError, match="is not a date: use e.g. 2026-12-01"):
        call_command("enrich", "--since", since, stdout=StringIO(), stderr=StringIO())


def test_since_a_date_is_read_in_the_portals_zone_without_a_warning():
    out = StringIO()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "received a naive datetime" was printed to the operator
        call_command("enrich", "--since", "2026-01-01", stdout=out, stderr=StringIO())
    assert out.getvalue().strip() == "enriched=0 failed=0"


def test_unknown_ids(tmp_path):
    with pytest.raises(CommandError, match=r"no such article: #99999$"):
        call_command("enrich", "99999", stdout=StringIO(), stderr=StringIO())
    path = tmp_path / "item.json"
    path.write_text(json.dumps(wire_item(0)))
    call_command("ingest", str(path), stdout=StringIO())
    known = Article.objects.get().pk
    out, err = StringIO(), StringIO()
    call_command("enrich", str(known), "99999", stdout=out, stderr=err)
    assert err.getvalue().strip() == "no such article: #99999"
    assert out.getvalue().strip().endswith("enriched=1 failed=0")
