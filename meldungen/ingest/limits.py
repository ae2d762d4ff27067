"""The limits every way in shares (files, the ingest API, polled feeds and pages).

One document may be at most ``MAX_DOCUMENT_BYTES`` (``MELDUNGEN_MAX_DOCUMENT_BYTES`` in the
environment overrides the default of 10 MB); HTML is nested at most ``MAX_HTML_DEPTH``
elements deep before it reaches the sanitizer (deeper tags are dropped, their text kept);
enrichment and story features read at most ``MAX_ANALYSIS_CHARS`` of a body (the names and
topics of an article are in its first pages, and the cost grows with the text).
"""

from __future__ import annotations

from meldungen.envconfig import env_int
from meldungen.text.html import MAX_HTML_DEPTH

__all__ = ["MAX_ANALYSIS_CHARS", "MAX_DOCUMENT_BYTES", "MAX_HTML_DEPTH"]


# MELDUNGEN_FETCH_MAX_BYTES is the older name of the same limit. A value that is no positive
# number stops the portal with a line naming it (it was silently replaced by 10 MB).
MAX_DOCUMENT_BYTES = env_int(
    "MELDUNGEN_MAX_DOCUMENT_BYTES",
    env_int("MELDUNGEN_FETCH_MAX_BYTES", 10 * 1024 * 1024, minimum=1, unit=" bytes"),
    minimum=1,
    unit=" bytes",
)
MAX_ANALYSIS_CHARS = 100_000


def too_large(size: int) -> str:
    """The rejection reason for a document of ``size`` bytes, or "" when it may be read."""
    if size > MAX_DOCUMENT_BYTES:
        return f"document too large: {size} bytes (the limit is {MAX_DOCUMENT_BYTES})"
    return ""
