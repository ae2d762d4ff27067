"""An item sent again under a version already stored, with another text or status.

The same guid with a higher version updates the article (README, "What goes in"); the same or
a lower version changes nothing. A wire that re-sends a version it sent before with another
text (or withdraws it without raising the version) was reported "unchanged" like a true
repeat, so the desk never learnt that its change was not taken. Such an item is still not
stored (the stored text stays), but its result says why, and the difference is recorded
against its source as a rejection with the code ``same_version`` (admin, ``/admin/ingest/``).

Only the wire formats state versions (dpa-digitalwires, ninjs, NewsML-G2); a feed or page
item is always version 1, and is compared with nothing here.
"""

from __future__ import annotations

from django.db.models import Q

from meldungen.ingest.draft import ArticleDraft

from .models import ArticleVersion

VERSIONED_FORMATS = {"digitalwires", "ninjs", "newsml-g2"}


def _text_hash(headline: str, teaser: str, body: str) -> str:
    from .services import content_hash  # the one notion of "the same text"

    return content_hash(
        ArticleDraft(guid="", headline=headline, format="", teaser=teaser, body=body)
    )


def _reason(draft: ArticleDraft, stored: dict) -> str:
    differ = []
    if not draft.is_bare_withdrawal and _text_hash(
        draft.headline, draft.teaser, draft.body
    ) != _text_hash(stored.get("headline", ""), stored.get("teaser", ""), stored.get("body", "")):
        differ.append("text")
    if draft.pubstatus != stored.get("pubstatus", "usable"):
        differ.append(f"status ({draft.pubstatus})")
    if not differ:
        return ""
    return (
        f"{' and '.join(differ)} not as in the stored version {draft.version}: not taken; "
        "send it as a higher version to update the article"
    )


def resend_differences(unchanged: list[tuple[ArticleDraft, int]]) -> list[str]:
    """For each (bounded draft, stored article id) found unchanged: why it is not a true
    repeat of the stored version of its number ("" when it is, or when that version was
    never received, or the format states no versions). One query for them all."""
    wanted = [(d, pk) for d, pk in unchanged if d.format in VERSIONED_FORMATS and pk]
    if not wanted:
        return [""] * len(unchanged)
    query = Q()
    for draft, pk in wanted:
        query |= Q(article_id=pk, version=draft.version)
    stored = {
        (pk, version): data
        for pk, version, data in ArticleVersion.objects.filter(query).values_list(
            "article_id", "version", "data"
        )
    }
    out = []
    for draft, pk in unchanged:
        data = stored.get((pk, draft.version)) if draft.format in VERSIONED_FORMATS else None
        out.append(_reason(draft, data) if isinstance(data, dict) else "")
    return out
