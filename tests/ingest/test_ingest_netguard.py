"""The SSRF guard: which addresses are refused, and that the connection goes to the address
that was checked (DNS rebinding, redirect hops, Host header and TLS name kept).

No outside traffic: names resolve through a fake resolver, and every connection that is made
goes to a server on 127.0.0.1.
"""

from __future__ import annotations

import ipaddress
import shutil
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import httpx
import pytest
from loopback import loopback_server

from meldungen.ingest import fetch as fetch_module
from meldungen.ingest import netguard
from meldungen.ingest.errors import FetchError
from meldungen.ingest.fetch import fetch, refuse_reason
from meldungen.ingest.netguard import address_refusal, guarded_client

REFUSED = [
    "127.0.0.1",
    "127.8.9.10",
    "10.1.2.3",
    "172.16.0.1",
    "192.168.178.1",
    "169.254.169.254",  # cloud metadata (link-local)
    "100.64.0.1",  # carrier-grade NAT
    "100.100.100.200",  # a cloud metadata address inside 100.64.0.0/10
    "0.0.0.0",
    "0.1.2.3",
    "192.0.2.10",  # documentation
    "198.18.0.1",  # benchmarking
    "240.0.0.1",  # reserved
    "255.255.255.255",
    "224.0.0.1",  # multicast
    "239.1.2.3",
    "::",
    "::1",
    "fe80::1",
    "fe80::1%eth0",
    "fc00::1",
    "fd12:3456::1",
    "fec0::1",  # site-local, deprecated
    "ff02::1",  # multicast
    "ff0e::1",
    "2001:db8::1",  # documentation
    "::ffff:127.0.0.1",  # IPv4-mapped
    "::ffff:10.0.0.1",
    "::ffff:169.254.169.254",
    "::127.0.0.1",  # IPv4-compatible (deprecated)
    "::8.8.8.8",
    "2002:7f00:1::",  # 6to4 wrapping 127.0.0.1
    "2002:a00:1::1",  # 6to4 wrapping 10.0.0.1
    "2002:a9fe:a9fe::",  # 6to4 wrapping 169.254.169.254
    "2002:6440:1::",  # 6to4 wrapping 100.64.0.1
    "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
    "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254
    "64:ff9b:1::808:808",  # local-use NAT64
    "2001:0:4136:e378:8000:63bf:3fff:fdd2",  # Teredo
    "100::1",  # discard-only
    "not-an-address",
]

ALLOWED = [
    "93.184.216.34",
    "8.8.8.8",
    "1.1.1.1",
    "100.63.255.255",  # just below carrier-grade NAT
    "100.128.0.0",  # just above
    "172.32.0.1",
    "2001:4860:4860::8888",
    "2a00:1450:4001:80b::200e",
    "::ffff:8.8.8.8",  # mapped public
    "2002:808:808::1",  # 6to4 of a public address
    "64:ff9b::808:808",  # NAT64 of a public address
]


@pytest.mark.parametrize("address", REFUSED)
def test_not_globally_routable_addresses_are_refused(address: str) -> None:
    assert address_refusal(address) != ""


@pytest.mark.parametrize("address", ALLOWED)
def test_public_addresses_are_allowed(address: str) -> None:
    assert address_refusal(address) == ""


def test_refusal_names_the_wrapped_address() -> None:
    assert "wraps 10.0.0.1" in address_refusal("2002:a00:1::1")
    assert "wraps 127.0.0.1" in address_refusal("::ffff:127.0.0.1")
    assert "100.64.0.1" in refuse_reason("http://100.64.0.1/feed")
    assert refuse_reason("http://[2002:a9fe:a9fe::]/").startswith("refused private address")
    assert refuse_reason("http://[fec0::1]/").startswith("refused private address")


class Handler(BaseHTTPRequestHandler):
    seen: ClassVar[list[tuple[str, str]]] = []

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        Handler.seen.append((self.path, self.headers.get("Host", "")))
        if self.path.startswith("/redirect"):
            target = self.path.split("?to=", 1)[1]
            self.send_response(302)
            self.send_header("Location", target)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = b"<rss version='2.0'><channel><title>T</title></channel></rss>"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def server() -> Iterator[int]:
    Handler.seen = []
    with loopback_server(Handler) as url:
        yield int(url.rsplit(":", 1)[1])


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


class FakeResolver:
    """Answers per host from a list; the last answer repeats. IP literals answer themselves,
    unknown names fail."""

    def __init__(self, answers: dict[str, list[str]]) -> None:
        self.answers = answers
        self.calls: list[str] = []

    def __call__(self, host, port, *args, **kwargs):
        host = host.decode() if isinstance(host, bytes) else host
        self.calls.append(host)
        if _is_ip(host):
            address = host
        elif host in self.answers:
            seen = self.calls.count(host)
            answers = self.answers[host]
            address = answers[min(seen, len(answers)) - 1]
        else:
            raise socket.gaierror(socket.EAI_NONAME, "unknown host (fake resolver)")
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        return [(family, socket.SOCK_STREAM, 6, "", (address, int(port or 80)))]


def allow_only_127_0_0_1(monkeypatch: pytest.MonkeyPatch) -> None:
    """Treat 127.0.0.1 (the test server) as public; every other address keeps its verdict."""
    real = netguard.address_refusal

    def policy(address):
        return "" if str(address) == "127.0.0.1" else real(address)

    monkeypatch.setattr(netguard, "address_refusal", policy)
    monkeypatch.setattr(fetch_module, "address_refusal", policy)


def test_dns_rebinding_is_refused(server: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first answer is public (the early check passes), the next is loopback: the
    connection must not go to loopback."""
    resolver = FakeResolver({"rebind.example": ["93.184.216.34", "127.0.0.1"]})
    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    result = fetch(f"http://rebind.example:{server}/feed", timeout=5)
    assert result.error.startswith("refused private address 127.0.0.1 for host rebind.example")
    assert result.content == b"" and Handler.seen == []
    assert resolver.calls.count("rebind.example") == 2


def test_connects_to_the_checked_address_with_the_host_name_kept(
    server: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Resolved once per connection: a second answer (10.0.0.1) is never used."""
    allow_only_127_0_0_1(monkeypatch)
    resolver = FakeResolver({"feed.example": ["127.0.0.1", "10.0.0.1"]})
    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    with guarded_client(timeout=5) as client:
        response = client.get(f"http://feed.example:{server}/feed")
    assert response.status_code == 200 and b"<rss" in response.content
    assert Handler.seen == [("/feed", f"feed.example:{server}")]
    assert resolver.calls.count("feed.example") == 1  # then only the literal 127.0.0.1


def test_redirect_to_a_private_address_is_refused(
    server: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    allow_only_127_0_0_1(monkeypatch)
    resolver = FakeResolver(
        {"feed.example": ["127.0.0.1"], "intern.example": ["93.184.216.34", "127.0.0.2"]}
    )
    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    literal = fetch(f"http://feed.example:{server}/redirect?to=http://100.100.100.200/")
    assert literal.error.startswith("refused private address 100.100.100.200")
    # the hop's name passes the early check, then rebinds to loopback at connect time
    rebound = fetch(
        f"http://feed.example:{server}/redirect?to=http://intern.example:{server}/x", timeout=5
    )
    assert rebound.error.startswith("refused private address 127.0.0.2 for host intern.example")
    assert [path for path, _ in Handler.seen] == ["/redirect?to=http://100.100.100.200/"] + [
        f"/redirect?to=http://intern.example:{server}/x"
    ]


def test_allow_private_fetches_loopback(server: int) -> None:
    result = fetch(f"http://127.0.0.1:{server}/feed", timeout=5, allow_private=True)
    assert result.ok and b"<rss" in result.content


def _make_cert(tmp: Path, name: str) -> tuple[Path, Path]:
    key, cert = tmp / f"{name}.key", tmp / f"{name}.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-keyout", str(key), "-out", str(cert), "-subj", f"/CN={name}"]
        + ["-addext", f"subjectAltName=DNS:{name}"],
        check=True,
        capture_output=True,
    )
    return key, cert


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")
def test_tls_verifies_the_host_name_not_the_address(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key, cert = _make_cert(tmp_path, "feed.example")
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        allow_only_127_0_0_1(monkeypatch)
        resolver = FakeResolver({"feed.example": ["127.0.0.1"], "other.example": ["127.0.0.1"]})
        monkeypatch.setattr(socket, "getaddrinfo", resolver)
        trust = ssl.create_default_context(cafile=str(cert))
        for stop in (None, time.monotonic() + 30):  # with fetch's deadline (TLS over it) too
            with guarded_client(timeout=5, verify=trust, stop=stop) as client:
                ok = client.get(f"https://feed.example:{port}/feed")
                assert ok.status_code == 200 and b"<rss" in ok.content
                with pytest.raises(Exception, match="(?i)certificate|hostname"):
                    client.get(f"https://other.example:{port}/feed")
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def test_ipv6_loopback_is_called_loopback() -> None:
    # ::1 and :: lie in the deprecated IPv4-compatible range ::/96 as well; the editor's
    # technical text should say what they are
    assert address_refusal("::1") == "loopback address ::1 is not globally routable"
    assert address_refusal("::").startswith("unspecified address ::")
    assert address_refusal("::7f00:1").startswith("IPv4-compatible (deprecated)")


class SilentResolver:
    """A resolver that gives no answer until released (a DNS server that never replies); when
    released it fails the lookup, as the system resolver does after its own tries."""

    def __init__(self) -> None:
        self.released = threading.Event()
        self.calls = 0

    def __call__(self, host, port, *args, **kwargs):
        self.calls += 1
        self.released.wait(30)
        raise socket.gaierror(socket.EAI_AGAIN, "temporary failure (silent resolver)")


@pytest.fixture
def silent_dns(monkeypatch: pytest.MonkeyPatch) -> Iterator[SilentResolver]:
    resolver = SilentResolver()
    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    try:
        yield resolver
    finally:
        resolver.released.set()


def test_a_name_that_never_resolves_ends_the_fetch_as_a_timeout(silent_dns) -> None:
    """getaddrinfo has no timeout of its own: a host whose DNS does not answer held a poll
    until the resolver gave up. The fetch now ends with a timeout that names the lookup,
    while the resolver is still waiting."""
    result = fetch("http://silent-dns.example/feed", timeout=0.5, deadline=5)
    assert result.code == FetchError.TIMEOUT and result.message  # the editors' German text
    assert "no DNS answer for silent-dns.example within 0.5 s" in result.error
    assert silent_dns.calls == 1 and not silent_dns.released.is_set()


def test_the_guarded_connection_bounds_the_lookup_by_its_connect_timeout(silent_dns) -> None:
    with guarded_client(timeout=0.5) as client, pytest.raises(httpx.ConnectTimeout) as caught:
        client.get("http://silent-dns.example/feed")
    assert "no DNS answer for silent-dns.example" in str(caught.value)
    assert not silent_dns.released.is_set()


def test_a_lookup_error_and_answer_come_back_from_the_lookup_thread(monkeypatch) -> None:
    monkeypatch.setattr(socket, "getaddrinfo", FakeResolver({"feed.example": ["93.184.216.34"]}))
    assert netguard.resolve("feed.example", 80, timeout=5) == ["93.184.216.34"]
    with pytest.raises(socket.gaierror):
        netguard.resolve("unknown.example", 80, timeout=5)
