"""`meldungen sources add` with what an operator gets wrong: adding a URL again reset the name,
Ressort, interval and full-text setting it was not given; an interval of 10**11 minutes was
stored and overflowed every poll's next time (OverflowError); names, Ressorts and URLs too long
for their columns were stored on SQLite and a DataError traceback on PostgreSQL; a space in the
URL or around it was kept. `sources poll` with nothing to poll said nothing."""

from __future__ import annotations

import socket
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from meldungen.news.models import Source

pytestmark = [pytest.mark.django_db, pytest.mark.db]

URL = "https://news.example.test/politik.rss"


@pytest.fixture(autouse=True)
def _public_dns(monkeypatch):
    public = [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", 443))]
    monkeypatch.setattr(socket, "getaddrinfo", lambda *args, **kwargs: public)


def add(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("sources", "add", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_adding_again_changes_only_what_is_given():
    add(URL, "--name", "Beispiel", "--ressort", "Politik", "--interval", "30", "--full-text")
    out, _ = add(URL, "--interval", "60")
    assert out.startswith("updated #")
    source = Source.objects.get()
    assert (source.name, source.ressort, source.interval_minutes, source.full_text) == (
        "Beispiel",
        "Politik",
        60,
        True,
    )
    add(URL)
    assert Source.objects.get().name == "Beispiel"


def test_a_new_source_gets_the_defaults():
    add(URL)
    source = Source.objects.get()
    assert (source.name, source.ressort, source.interval_minutes, source.full_text) == (
        "news.example.test",
        "",
        15,
        False,
    )
    assert source.kind == Source.Kind.FEED


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--interval", "0"], "--interval must be at least 1 minute"),
        (["--interval", "-5"], "--interval must be at least 1 minute"),
        (["--interval", "99999999999"], "at most 525600"),
        (["--name", "N" * 201], "--name is 201 characters; at most 200"),
        (["--name", "  "], "--name is empty"),
        (["--ressort", "R" * 51], "--ressort is 51 characters; at most 50"),
    ],
)
def test_values_that_cannot_be_stored_or_polled_are_refused(args, message):
    with pytest.raises(CommandError, match=message):
        add(URL, *args)
    assert not Source.objects.exists()


def test_the_longest_interval_still_gives_a_next_poll_time():
    add(URL, "--interval", "525600")
    assert timedelta(minutes=Source.objects.get().interval_minutes)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("https://news.example.test/a b.rss", "the URL contains a space"),
        ("https://news.example.test/" + "a" * 2000, "URL is 2026 characters; at most 2000"),
    ],
)
def test_urls_that_cannot_be_stored_are_refused(url, message):
    with pytest.raises(CommandError, match=message):
        add(url)


def test_spaces_around_the_url_are_dropped():
    add(f"  {URL} ")
    assert Source.objects.get().url == URL


def test_a_ressort_the_portal_does_not_know_is_warned_about():
    _, err = add(URL, "--ressort", "Quatsch")
    assert "--ressort 'Quatsch' names no Ressort of the portal" in err
    _, err = add(URL, "--ressort", "politik")
    assert "names no Ressort" not in err


def test_poll_with_nothing_to_poll_says_so():
    out = StringIO()
    call_command("sources", "poll", stdout=out)
    assert out.getvalue().strip() == "no sources: add one with `meldungen sources add URL`"


def test_opml_import_skips_a_url_too_long_to_store(tmp_path):
    long_url = "https://news.example.test/" + "a" * 2000
    opml = tmp_path / "feeds.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head/><body>'
        f'<outline text="Lang" xmlUrl="{long_url}"/>'
        f'<outline text="Kurz" xmlUrl="{URL}"/></body></opml>'
    )
    out, err = StringIO(), StringIO()
    call_command("sources", "import", str(opml), stdout=out, stderr=err)
    assert err.getvalue().startswith("skipped: URL longer than 2000 characters: https://")
    assert out.getvalue().strip() == "imported 1 new sources"
    assert Source.objects.get().url == URL


def test_scheme_and_host_are_read_in_any_case():
    """ "HTTP://News.Example.test/…" is the source "https://news.example.test/…" names: one
    source, found again; the path keeps its case."""
    out, _ = add("HTTPS://News.Example.TEST/politik.rss")
    assert Source.objects.get().url == URL and out.startswith("added #")
    out, _ = add("https://NEWS.example.test/politik.rss", "--interval", "45")
    assert out.startswith("updated #") and Source.objects.count() == 1
    add("https://news.example.test/Politik.rss")  # another path: another feed
    assert Source.objects.count() == 2
    call_command("sources", "remove", "HTTPS://NEWS.EXAMPLE.TEST/politik.rss", stdout=StringIO())
    assert not Source.objects.filter(url=URL).exists()


def test_remove_by_a_name_several_sources_share_is_refused():
    add(URL, "--name", "Beispiel")
    add("https://news.example.test/sport.rss", "--name", "Beispiel")
    with pytest.raises(CommandError, match="several sources are named 'Beispiel'"):
        call_command("sources", "remove", "Beispiel", stdout=StringIO())
    assert Source.objects.count() == 2  # neither removed by chance
    call_command("sources", "remove", URL, stdout=StringIO())
    call_command("sources", "remove", "Beispiel", stdout=StringIO())  # now one: removed
    assert not Source.objects.exists()
