"""Source URLs are checked when added (CLI add, OPML import, admin form): loopback, private
and other non-public addresses are refused with a clear message unless private fetch is
allowed. Names resolve through a fake resolver (no outside traffic)."""

from __future__ import annotations

import socket
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from meldungen.news.models import Source

pytestmark = [pytest.mark.django_db, pytest.mark.db]

NAMES = {
    "news.example.test": "93.184.216.34",
    "intern.example.test": "10.20.30.40",
    "metadata.example.test": "100.100.100.200",
    "rebind.example.test": "2002:7f00:1::",
}


@pytest.fixture(autouse=True)
def fake_dns(monkeypatch: pytest.MonkeyPatch) -> None:
    real = socket.getaddrinfo

    def resolve(host, port, *args, **kwargs):
        if host in NAMES:
            address = NAMES[host]
            family = socket.AF_INET6 if ":" in address else socket.AF_INET
            return [(family, socket.SOCK_STREAM, 6, "", (address, port or 80))]
        if host == "down.example.test":
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, port, *args, **kwargs)  # IP literals and localhost only

    monkeypatch.setattr(socket, "getaddrinfo", resolve)


@pytest.fixture
def allow_private(settings):
    settings.MELDUNGEN = {**settings.MELDUNGEN, "ALLOW_PRIVATE_FETCH": True}


def add(url: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("sources", "add", url, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


PRIVATE = [
    ("http://127.0.0.1:8080/feed.xml", "127.0.0.1"),
    ("http://localhost/feed", "127.0.0.1"),
    ("https://[::1]/rss", "::1"),
    ("http://192.168.1.10/rss", "192.168.1.10"),
    ("http://100.100.100.200/latest/meta-data/", "100.100.100.200"),
    ("http://169.254.169.254/latest/meta-data/", "169.254.169.254"),
    ("https://intern.example.test/feed", "10.20.30.40"),
    ("https://metadata.example.test/feed", "100.100.100.200"),
    ("https://rebind.example.test/feed", "2002:7f00:1::"),
]


@pytest.mark.parametrize(("url", "address"), PRIVATE)
def test_cli_add_refuses_private_urls(url: str, address: str) -> None:
    with pytest.raises(CommandError) as refused:
        add(url)
    message = str(refused.value)
    assert f"refused private address {address}" in message
    assert "MELDUNGEN_ALLOW_PRIVATE_FETCH=1" in message
    assert not Source.objects.exists()


def test_cli_add_accepts_public_and_unresolvable_hosts() -> None:
    out, err = add("https://news.example.test/politik.rss")
    assert out.startswith("added") and err == ""
    out, err = add("https://down.example.test/feed")
    assert out.startswith("added") and err.startswith("warning: cannot resolve host")
    assert Source.objects.count() == 2


def test_cli_add_refuses_other_schemes() -> None:
    with pytest.raises(CommandError, match="not an http"):
        add("file:///etc/passwd")


@pytest.mark.usefixtures("allow_private")
def test_cli_add_accepts_private_urls_when_allowed() -> None:
    out, _ = add("http://127.0.0.1:8080/feed.xml")
    assert out.startswith("added")
    assert Source.objects.get().url == "http://127.0.0.1:8080/feed.xml"


def test_opml_import_skips_private_urls(tmp_path) -> None:
    opml = tmp_path / "feeds.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><body>'
        '<outline text="A" xmlUrl="https://news.example.test/a.rss"/>'
        '<outline text="B" xmlUrl="http://10.0.0.7/b.rss"/>'
        '<outline text="C" xmlUrl="https://intern.example.test/c.rss"/>'
        "</body></opml>"
    )
    out, err = StringIO(), StringIO()
    call_command("sources", "import", str(opml), stdout=out, stderr=err)
    assert out.getvalue().strip() == "imported 1 new sources"
    assert err.getvalue().count("skipped: ") == 2 and "10.0.0.7" in err.getvalue()
    assert list(Source.objects.values_list("url", flat=True)) == ["https://news.example.test/a.rss"]


def admin_add(admin_client, url: str):
    return admin_client.post(
        "/admin/news/source/add/",
        {"name": "Quelle", "url": url, "kind": "feed", "interval_minutes": 15, "active": "on"},
    )


def test_admin_form_refuses_private_urls(admin_client) -> None:
    response = admin_add(admin_client, "http://169.254.169.254/latest/meta-data/")
    assert response.status_code == 200  # the form again, with the error
    page = response.content.decode()
    assert "refused private address 169.254.169.254" in page
    assert "MELDUNGEN_ALLOW_PRIVATE_FETCH=1" in page
    assert not Source.objects.exists()


def test_admin_form_accepts_public_urls(admin_client) -> None:
    response = admin_add(admin_client, "https://news.example.test/feed")
    assert response.status_code == 302
    assert Source.objects.get().url == "https://news.example.test/feed"


@pytest.mark.usefixtures("allow_private")
def test_admin_form_accepts_private_urls_when_allowed(admin_client) -> None:
    assert admin_add(admin_client, "http://10.0.0.7/feed").status_code == 302
    assert Source.objects.get().url == "http://10.0.0.7/feed"


def test_urls_that_cannot_be_stored_or_fetched_as_written_are_refused(tmp_path) -> None:
    too_long = "https://news.example.test/" + "a" * 2000
    for url in (too_long, "https://news.example.test/a b.rss", "https://news.example.test/\nx"):
        with pytest.raises(CommandError):
            add(url)
    opml = tmp_path / "feeds.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><body>'
        f'<outline text="A" xmlUrl="{too_long}"/>'
        '<outline text="B" xmlUrl="https://news.example.test/&#x0a;b.rss"/>'
        '<outline text="C" xmlUrl="https://news.example.test/c.rss"/>'
        "</body></opml>"
    )
    out, err = StringIO(), StringIO()
    call_command("sources", "import", str(opml), stdout=out, stderr=err)
    assert out.getvalue().strip() == "imported 1 new sources"
    assert "longer than 2000" in err.getvalue() and "control character" in err.getvalue()
    assert list(Source.objects.values_list("url", flat=True)) == ["https://news.example.test/c.rss"]


def test_cli_add_stores_the_url_it_checked() -> None:
    add("  https://news.example.test/politik.rss \n")
    assert Source.objects.get().url == "https://news.example.test/politik.rss"
