"""Typed fetch outcomes: every failure carries a FetchError code with a German message beside
its English text, and the server's wishes (Retry-After, Cache-Control, Expires) are parsed.
No network: refusals are decided before connecting, the closed port is on loopback."""

from __future__ import annotations

from email.utils import format_datetime, parsedate_to_datetime

import httpx
import pytest

from meldungen.ingest.errors import FETCH_MESSAGES, FetchError
from meldungen.ingest.fetch import (
    fetch,
    freshness_seconds,
    refusal,
    refuse_reason,
    retry_after_seconds,
)

NOW = parsedate_to_datetime("Wed, 12 Feb 2025 17:00:00 GMT").timestamp()


def test_every_code_has_a_german_message() -> None:
    assert set(FETCH_MESSAGES) == set(FetchError)
    assert FetchError.RATE_LIMITED.message.startswith("Zu viele Anfragen")


@pytest.mark.parametrize(
    ("url", "code", "prefix"),
    [
        ("http://10.1.2.3/x", FetchError.PRIVATE_ADDRESS, "refused private address 10.1.2.3"),
        ("http://[::1]:8080/", FetchError.PRIVATE_ADDRESS, "refused private address ::1"),
        ("ftp://example.org/", FetchError.REFUSED_SCHEME, "refused scheme 'ftp'"),
        ("http:///nohost", FetchError.INVALID_URL, "invalid URL without host"),
        ("http://bad host.invalid./", FetchError.UNRESOLVABLE, "cannot resolve host"),
    ],
)
def test_refusal_gives_code_and_english_reason(url: str, code: FetchError, prefix: str) -> None:
    got_code, reason = refusal(url)
    assert got_code is code and reason.startswith(prefix)
    assert refuse_reason(url) == reason  # the old function keeps its text


def test_allowed_url_has_no_code() -> None:
    assert refusal("http://127.0.0.1/feed", allow_private=True) == (None, "")


def test_fetch_failures_carry_codes() -> None:
    refused = fetch("http://127.0.0.1/feed")
    assert refused.code is FetchError.PRIVATE_ADDRESS and refused.error.startswith("refused")
    assert refused.message == "Adresse in einem privaten Netz abgelehnt"
    closed = fetch("http://127.0.0.1:1/", allow_private=True, timeout=2)
    assert closed.code is FetchError.CONNECTION and closed.error.startswith("connection failed")


def test_retry_after_seconds_and_http_date() -> None:
    assert retry_after_seconds("120") == 120.0
    later = format_datetime(parsedate_to_datetime("Wed, 12 Feb 2025 18:30:00 GMT"), usegmt=True)
    assert retry_after_seconds(later, now=NOW) == 5400.0
    assert retry_after_seconds("Wed, 12 Feb 2025 16:00:00 GMT", now=NOW) == 0.0  # past
    assert retry_after_seconds("") is None
    assert retry_after_seconds("soon, please") is None
    assert retry_after_seconds("-5") is None


def test_freshness_from_cache_control_and_expires() -> None:
    def fresh(**headers: str) -> float | None:
        return freshness_seconds(httpx.Headers(headers), now=NOW)

    assert fresh(**{"cache-control": "public, max-age=900"}) == 900.0
    assert fresh(**{"cache-control": 's-maxage=60, max-age="300"'}) == 300.0
    assert fresh(**{"cache-control": "no-cache"}) == 0.0
    assert fresh(**{"cache-control": "public"}) is None
    assert fresh(expires="Wed, 12 Feb 2025 17:30:00 GMT") == 1800.0
    assert (
        fresh(date="Wed, 12 Feb 2025 10:00:00 GMT", expires="Wed, 12 Feb 2025 11:00:00 GMT")
        == 3600.0
    )  # measured against the server's Date, not our clock
    assert fresh(expires="0") == 0.0
    assert fresh() is None


def test_unresolvable_host_behind_the_guard_has_its_code() -> None:
    """With private addresses allowed the early check skips DNS; the guarded transport's own
    resolver fails and the code still says so."""
    result = fetch("http://no-such-host.invalid/feed", allow_private=True, timeout=2)
    assert result.error.startswith("connection failed")
    assert result.code is FetchError.UNRESOLVABLE
