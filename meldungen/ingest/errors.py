"""Why an input was rejected, as codes: the parsers set one on every `Rejected` they return, so
callers test `rejected.code is RejectCode.MALFORMED` instead of matching the reason's text. Each
code has a German message for editors; the English `reason` keeps the details (line numbers,
element names) and stays what the CLI prints."""

from __future__ import annotations

from enum import StrEnum


class RejectCode(StrEnum):
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
    UNREADABLE_ITEM = "unreadable_item"
    UNEXPECTED = "unexpected"

    @property
    def message(self) -> str:
        """What an editor reads about it (German)."""
        return MESSAGES[self]


MESSAGES: dict[RejectCode, str] = {
    RejectCode.EMPTY: "Leere Eingabe",
    RejectCode.BINARY: "Binärdaten statt eines Textdokuments",
    RejectCode.UNKNOWN_FORMAT: "Unbekanntes Format (weder JSON, XML, Feed noch HTML)",
    RejectCode.WRONG_ENCODING: "Falsche Zeichenkodierung",
    RejectCode.TRUNCATED: "Abgeschnittenes Dokument",
    RejectCode.MALFORMED: "Fehlerhaftes XML oder JSON",
    RejectCode.UNSAFE_XML: "Unsicheres XML (Entitäten oder DOCTYPE) abgelehnt",
    RejectCode.NO_ITEMS: "Keine Meldungen im Dokument",
    RejectCode.NO_ARTICLE: "Kein Artikel auf der Seite gefunden",
    RejectCode.NO_HEADLINE: "Meldung ohne Überschrift",
    RejectCode.NO_ID: "Meldung ohne Kennung (GUID, URN oder URI)",
    RejectCode.UNREADABLE_ITEM: "Meldung konnte nicht gelesen werden",
    RejectCode.UNEXPECTED: "Unerwarteter Fehler beim Lesen",
}


class FetchError(StrEnum):
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

    @property
    def message(self) -> str:
        """What an editor reads about it (German)."""
        return FETCH_MESSAGES[self]


FETCH_MESSAGES: dict[FetchError, str] = {
    FetchError.INVALID_URL: "Ungültige Adresse",
    FetchError.REFUSED_SCHEME: "Nur http- und https-Adressen werden abgerufen",
    FetchError.UNRESOLVABLE: "Der Servername lässt sich nicht auflösen",
    FetchError.PRIVATE_ADDRESS: "Adresse in einem privaten Netz abgelehnt",
    FetchError.TOO_MANY_REDIRECTS: "Zu viele Weiterleitungen",
    FetchError.TIMEOUT: "Zeitüberschreitung beim Abruf",
    FetchError.DEADLINE: "Abruf dauerte zu lange und wurde abgebrochen",
    FetchError.CONNECTION: "Verbindung zum Server fehlgeschlagen",
    FetchError.NOT_FOUND: "Nicht gefunden (HTTP 404 oder 410): Adresse prüfen",
    FetchError.FORBIDDEN: "Zugriff verweigert (HTTP 401 oder 403)",
    FetchError.RATE_LIMITED: "Zu viele Anfragen: der Server bittet um eine Pause (HTTP 429)",
    FetchError.UNAVAILABLE: "Server vorübergehend nicht erreichbar (HTTP 503)",
    FetchError.HTTP_STATUS: "Der Server meldet einen Fehler (HTTP-Status)",
    FetchError.TOO_LARGE: "Antwort zu groß",
    FetchError.UNEXPECTED: "Unerwarteter Fehler beim Abruf",
}


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
