"""The SSRF guard: which addresses may be fetched, and an HTTP transport that connects only to
the address it checked.

A name is resolved once per connection; every address it resolves to must be globally
routable, and the socket is opened to one of exactly those addresses. The URL's host name
stays in the ``Host`` header and in TLS (SNI and certificate verification), so nothing
changes for the server, but a second DNS answer (rebinding) can no longer slip in between the
check and the connection. Redirect hops open new connections and are checked the same way.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
import typing

import httpcore
import httpx

Address = ipaddress.IPv4Address | ipaddress.IPv6Address

# Ranges that ``is_global`` of older Pythons (3.11) still calls global but that are not
# reachable on the public internet, or that wrap an IPv4 address we must look inside.
_NOT_PUBLIC = [
    (ipaddress.ip_network("fec0::/10"), "site-local"),  # deprecated, RFC 3879
    (ipaddress.ip_network("64:ff9b:1::/48"), "local-use NAT64"),  # RFC 8215
    (ipaddress.ip_network("::/96"), "IPv4-compatible (deprecated)"),  # RFC 4291
    (ipaddress.ip_network("100::/64"), "discard-only"),  # RFC 6666
]
_NAT64 = ipaddress.ip_network("64:ff9b::/96")  # RFC 6052 well-known prefix


class AddressRefused(Exception):
    """The host resolves to an address that is not globally routable."""


def _inner_ipv4(address: ipaddress.IPv6Address) -> list[tuple[str, ipaddress.IPv4Address]]:
    """IPv4 addresses an IPv6 address carries (mapped, 6to4, Teredo, NAT64)."""
    inner: list[tuple[str, ipaddress.IPv4Address]] = []
    if address.ipv4_mapped:
        inner.append(("IPv4-mapped", address.ipv4_mapped))
    if address.sixtofour:
        inner.append(("6to4", address.sixtofour))
    if address.teredo:
        server, client = address.teredo
        inner += [("Teredo server", server), ("Teredo client", client)]
    if address in _NAT64:
        inner.append(("NAT64", ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)))
    return inner


def address_refusal(address: str | Address) -> str:
    """Why ``address`` must not be connected to ("" when it is globally routable).

    Not global per ``ipaddress`` (private, loopback, link-local, carrier-grade NAT
    100.64.0.0/10, documentation, benchmarking, reserved...), multicast, the ranges above,
    and any IPv6 address whose embedded IPv4 address (mapped, 6to4, Teredo, NAT64) is refused.
    """
    try:
        ip = ipaddress.ip_address(str(address).split("%", 1)[0])
    except ValueError:
        return f"not an IP address: {address!r}"
    if ip.is_loopback or ip.is_unspecified:  # ::1 and :: are in ::/96 too: say what they are
        kind = "loopback" if ip.is_loopback else "unspecified"
        return f"{kind} address {ip} is not globally routable"
    if isinstance(ip, ipaddress.IPv6Address):
        for kind, inner in _inner_ipv4(ip):
            why = address_refusal(inner)
            if why:
                return f"{kind} address {ip} wraps {inner}: {why}"
        for network, kind in _NOT_PUBLIC:
            if ip in network:
                return f"{kind} address {ip} is not globally routable"
    if ip.is_multicast:
        return f"multicast address {ip}"
    if ip.is_unspecified:
        return f"unspecified address {ip}"
    if not ip.is_global:
        kind = "loopback" if ip.is_loopback else "private" if ip.is_private else "non-global"
        return f"{kind} address {ip} is not globally routable"
    return ""


# The longest a name may take to resolve when the caller gives no time: the system resolver
# itself waits 5 s per server and try, so a host whose DNS does not answer held a poll for 20 s
# and more, past any deadline of the fetch.
DNS_TIMEOUT = 10.0


class DnsTimeout(TimeoutError):
    """The resolver gave no answer in time."""


def lookup(host: str, port: int, timeout: float | None = None) -> list[tuple]:
    """``socket.getaddrinfo(host, port)`` for a stream socket, or ``DnsTimeout`` after
    ``timeout`` seconds (DNS_TIMEOUT without one). getaddrinfo cannot be interrupted, so it runs
    in a daemon thread of its own that is left to finish by itself."""
    wait = DNS_TIMEOUT if timeout is None else max(0.0, min(timeout, DNS_TIMEOUT))
    answer: list = []

    def ask() -> None:
        try:
            answer.append(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
        except BaseException as error:  # handed to the caller
            answer.append(error)

    asking = threading.Thread(target=ask, name=f"dns {host}"[:60], daemon=True)
    asking.start()
    asking.join(wait)
    if not answer:
        raise DnsTimeout(f"no DNS answer for {host} within {wait:g} s")
    if isinstance(answer[0], BaseException):
        raise answer[0]
    return answer[0]


def resolve(host: str, port: int, timeout: float | None = None) -> list[str]:
    """Every address ``host`` resolves to, in the resolver's order (IP literals as they are),
    within ``timeout`` seconds (``lookup``)."""
    infos = lookup(host, port, timeout)
    seen: list[str] = []
    for info in infos:
        address = str(info[4][0])
        if address not in seen:
            seen.append(address)
    return seen


def checked_addresses(host: str, port: int, timeout: float | None = None) -> list[str]:
    """The addresses of ``host``, all of them public, or ``AddressRefused``.

    One non-public answer refuses the host: a name that mixes public and private addresses
    is not trusted with either.
    """
    addresses = resolve(host, port, timeout)
    for address in addresses:
        why = address_refusal(address)
        if why:
            raise AddressRefused(f"refused private address {address} for host {host} ({why})")
    if not addresses:
        raise AddressRefused(f"host {host} resolves to no address")
    return addresses


class GuardedBackend(httpcore.NetworkBackend):
    """httpcore network backend that resolves, checks, and connects to the checked address."""

    def __init__(self) -> None:
        self._plain = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        try:
            addresses = checked_addresses(host, port, timeout)
        except DnsTimeout as error:
            raise httpcore.ConnectTimeout(str(error)) from error
        except (OSError, UnicodeError) as error:
            raise httpcore.ConnectError(f"cannot resolve host {host}: {error}") from error
        last: Exception | None = None
        for address in addresses:  # the checked IPs, never the name again
            try:
                return self._plain.connect_tcp(
                    address, port, timeout, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                last = error
        assert last is not None
        raise last

    def connect_unix_socket(self, *args: typing.Any, **kwargs: typing.Any):  # pragma: no cover
        raise httpcore.ConnectError("unix sockets are not fetched")

    def sleep(self, seconds: float) -> None:  # pragma: no cover
        self._plain.sleep(seconds)


class _DeadlineStream(httpcore.NetworkStream):
    """A connection whose every read and write waits at most until ``stop`` (monotonic)."""

    def __init__(self, stream: httpcore.NetworkStream, stop: float) -> None:
        self._stream, self._stop = stream, stop

    def _left(self, timeout: float | None, error: type[Exception]) -> float:
        left = self._stop - time.monotonic()
        if left <= 0:
            raise error("deadline exceeded")
        return left if timeout is None else min(timeout, left)

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, self._left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, self._left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self,
        ssl_context: typing.Any,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        left = self._left(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(
            self._stream.start_tls(ssl_context, server_hostname, left), self._stop
        )

    def get_extra_info(self, info: str) -> typing.Any:
        return self._stream.get_extra_info(info)


class DeadlineBackend(httpcore.NetworkBackend):
    """A network backend whose connections end at ``stop`` (``time.monotonic()``), however
    slowly the server drips: httpx's timeouts bound each read, so headers arriving a byte at a
    time, each within the read timeout, held a fetch far past its deadline."""

    def __init__(self, inner: httpcore.NetworkBackend, stop: float) -> None:
        self._inner, self._stop = inner, stop

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        left = self._stop - time.monotonic()
        if left <= 0:
            raise httpcore.ConnectTimeout("deadline exceeded")
        timeout = left if timeout is None else min(timeout, left)
        stream = self._inner.connect_tcp(host, port, timeout, local_address, socket_options)
        return _DeadlineStream(stream, self._stop)

    def connect_unix_socket(self, *args: typing.Any, **kwargs: typing.Any):  # pragma: no cover
        raise httpcore.ConnectError("unix sockets are not fetched")

    def sleep(self, seconds: float) -> None:  # pragma: no cover
        self._inner.sleep(seconds)


class GuardedTransport(httpx.HTTPTransport):
    """``httpx.HTTPTransport`` without proxies whose connections go through ``GuardedBackend``
    (a plain one with ``guard=False``), ended at ``stop`` when given (``DeadlineBackend``)."""

    def __init__(self, verify: typing.Any = True, guard: bool = True, stop: float | None = None):
        super().__init__(verify=verify, trust_env=False)
        backend: httpcore.NetworkBackend = GuardedBackend() if guard else httpcore.SyncBackend()
        if stop is not None:
            backend = DeadlineBackend(backend, stop)
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(verify=verify, trust_env=False),
            max_connections=10,
            max_keepalive_connections=5,
            network_backend=backend,
        )


def guarded_client(
    timeout: float,
    allow_private: bool = False,
    verify: typing.Any = True,
    stop: float | None = None,
) -> httpx.Client:
    """The client ``fetch`` uses: the guarded transport unless private fetches are allowed;
    with ``stop`` (``time.monotonic()``) no connect, read or write waits past it."""
    transport = None
    if not allow_private or stop is not None:
        transport = GuardedTransport(verify=verify, guard=not allow_private, stop=stop)
    return httpx.Client(
        timeout=timeout,
        follow_redirects=False,
        trust_env=False,
        transport=transport,
        verify=verify,
    )
