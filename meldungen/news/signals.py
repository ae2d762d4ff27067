"""Signals other apps listen to (the news app imports none of them)."""

from django.dispatch import Signal

# Sent by polling after a source was fetched, before its state is saved: ``source`` (whose
# next_fetch_at a receiver may move) and ``result`` (meldungen.ingest.fetch.FetchResult).
source_fetched = Signal()

# Sent after a change that touches every page at once and skips save(): editors' bulk actions
# in the admin, re-enrichment of the archive. The web app bumps the content version and the
# page cache's "all" tag (meldungen.web.signals), so news needs no import of web.
content_changed = Signal()

# Sent by a batch of ingest (news/batch.py) inside its write transaction, which writes its
# articles without ``save()`` (so ``post_save`` does not fire for them): ``articles_changing``
# before stored articles are updated, ``articles_stored`` once every write of the batch is done;
# both with ``article_ids`` and the same ``state`` dict, where a receiver may keep notes between
# the two. Receivers defer what must wait for the commit (``transaction.on_commit``).
articles_changing = Signal()
articles_stored = Signal()
