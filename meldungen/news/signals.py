"""Signals other apps listen to (the news app imports none of them)."""

from django.dispatch import Signal

# Sent by polling after a source was fetched, before its state is saved: ``source`` (whose
# next_fetch_at a receiver may move) and ``result`` (meldungen.ingest.fetch.FetchResult).
source_fetched = Signal()

# Sent after a change that touches every page at once and skips save(): editors' bulk actions
# in the admin, re-enrichment of the archive. The web app bumps the content version and the
# page cache's "all" tag (meldungen.web.signals), so news needs no import of web.
content_changed = Signal()
