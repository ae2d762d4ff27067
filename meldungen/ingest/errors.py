"""Why an input was rejected, as codes: the parsers set one on every `Rejected` they return, so
callers test `rejected.code is RejectCode.MALFORMED` instead of matching the reason's text. Each
code has a German message for editors (error_messages.json); the English `reason` keeps the
details (line numbers, element names) and stays what the CLI prints."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path


class _Code(StrEnum):
    """A code with a German message for editors (error_messages.json)."""

    @property
    def message(self) -> str:
        """What an editor reads about it (German)."""
        return _MESSAGES_OF[type(self)][self]


class RejectCode(_Code):
    EMPTY = "empty"
    BINARY = "binary"
    UNKNOWN_FORMAT = "unknown_format"
    WRONG_ENCODING = "wrong_encoding"
    TRUNCATED = "truncated"
    MALFORMED = "malformed"
    UNSAFE_XML = "unsafe_xml"
    NO_ITEMS = "no_items"
    NO_ARTICLE = "no_article"
    NO_HEADLINE = "no_headline"
    NO_ID = "no_id"
    WRONG_TYPE = "wrong_type"
    SAME_VERSION = "same_version"  # not rejected as unreadable: a version sent again, changed
    UNREADABLE_ITEM = "unreadable_item"
    UNEXPECTED = "unexpected"


class FetchError(_Code):
    """Why a fetch failed, set on ``FetchResult.code`` beside the English ``error`` text, so
    callers test ``result.code is FetchError.PRIVATE_ADDRESS`` instead of matching the text."""

    INVALID_URL = "invalid_url"
    REFUSED_SCHEME = "refused_scheme"
    UNRESOLVABLE = "unresolvable"
    PRIVATE_ADDRESS = "private_address"
    TOO_MANY_REDIRECTS = "too_many_redirects"
    TIMEOUT = "timeout"
    DEADLINE = "deadline"
    CONNECTION = "connection"
    NOT_FOUND = "not_found"
    FORBIDDEN = "forbidden"
    RATE_LIMITED = "rate_limited"
    UNAVAILABLE = "unavailable"
    HTTP_STATUS = "http_status"
    TOO_LARGE = "too_large"
    UNEXPECTED = "unexpected"


# The German messages, keyed by kind ("reject", "fetch") and each code's value.
_TEXTS = json.loads(Path(__file__).with_name("error_messages.json").read_text("utf-8"))
MESSAGES: dict[RejectCode, str] = {RejectCode(k): v for k, v in _TEXTS["reject"].items()}
FETCH_MESSAGES: dict[FetchError, str] = {FetchError(k): v for k, v in _TEXTS["fetch"].items()}
_MESSAGES_OF: dict[type[_Code], dict] = {RejectCode: MESSAGES, FetchError: FETCH_MESSAGES}


# Codes as stored in the database (Source.last_error_code): "fetch:<FetchError>" for a failed
# fetch, "reject:<RejectCode>" for a fetched document whose every item was rejected.
_KINDS: dict[str, type[FetchError] | type[RejectCode]] = {"fetch": FetchError, "reject": RejectCode}


def stored_code(code: FetchError | RejectCode | None) -> str:
    """The database form of a code ("" for None)."""
    if code is None:
        return ""
    return f"{'fetch' if isinstance(code, FetchError) else 'reject'}:{code.value}"


def stored_message(stored: str) -> str:
    """The German message of a stored code ("" when it is empty or unknown, e.g. written by a
    newer version)."""
    kind, _, value = (stored or "").partition(":")
    enum = _KINDS.get(kind)
    try:
        return enum(value).message if enum else ""
    except ValueError:
        return ""


def editor_message(stored: str, text: str) -> str:
    """What an editor reads about a stored error: its code's German message, else the
    technical text ("" when there was no error)."""
    return (stored_message(stored) or text) if text else ""
