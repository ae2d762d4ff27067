"""Signals other apps listen to (the news app imports none of them)."""

from django.dispatch import Signal

# Sent by polling after a source was fetched, before its state is saved: ``source`` (whose
# next_fetch_at a receiver may move) and ``result`` (meldungen.ingest.fetch.FetchResult).
source_fetched = Signal()
