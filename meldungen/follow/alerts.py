"""Who is told about a stored report, and when.

After an article's transaction commits (signals.py), ``process_article`` finds the readers
following it: one of its topics (as the topic page lists them), its story, or a saved search
it matches. Only reports readers can see count (visible_articles: no copies, no service items,
no embargoed or withdrawn items, the portal's languages).

No alert twice for the same story unless it has a *substantial new report*, which is:
- a correction (the item says it corrects an earlier one), always; or
- a report (not a copy) from a source that no earlier alert of this story to this reader came
  from, and at least ``MELDUNGEN_ALERT_REPEAT_HOURS`` (default 6) after the last alert of the
  story to this reader.
Copies of a report (the same or nearly the same text, ``duplicate_of``), later versions that
are not corrections and more reports from a source already alerted never alert again. The
decision is taken under a lock on the reader's profile, so two workers storing two reports of
one story at once send one alert.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.http import QueryDict
from django.utils import timezone

from meldungen.news.models import Article, ArticleEntity
from meldungen.web.queries import visible_articles

from .models import Alert, AlertProfile, Follow
from .slices import slugs_of

log = logging.getLogger("meldungen.follow")


def repeat_after() -> timedelta:
    return timedelta(hours=float(settings.MELDUNGEN.get("ALERT_REPEAT_HOURS", 6)))


def source_key(article: Article) -> str:
    return (article.source_name or article.credit or "?").strip().casefold()[:300]


def topic_slugs(article: Article) -> set[str]:
    """Every slug a follow of one of the article's topics may name (``slices.slugs_of``)."""
    ids = ArticleEntity.objects.filter(article=article, entity__blocked=False).values_list(
        "entity_id", flat=True
    )
    return slugs_of(set(ids))


def search_matches(article: Article, target: str) -> bool:
    """Does the saved search (its query string) find this article?"""
    from meldungen.search.service import match_ids, params_from_request

    params = params_from_request(QueryDict(target))
    if not params.q:
        return False
    try:
        _, rows, _ = match_ids(
            params, limit=1, count=False, base=visible_articles().filter(pk=article.pk)
        )
    except Exception as exc:  # a broken saved query must not stop the others
        log.warning("saved search %r: %s", target, exc)
        return False
    return bool(rows)


def followers(article: Article) -> dict[int, list[Follow]]:
    """Reader id -> the follows this article matches."""
    slugs = topic_slugs(article)
    direct = Follow.objects.filter(
        Q(kind=Follow.Kind.TOPIC, target__in=slugs)
        | Q(kind=Follow.Kind.STORY, target=article.story_id)
    )
    found: dict[int, list[Follow]] = {}
    for follow in direct:
        found.setdefault(follow.user_id, []).append(follow)
    searches: dict[str, list[Follow]] = {}
    for follow in Follow.objects.filter(kind=Follow.Kind.SEARCH):
        searches.setdefault(follow.target, []).append(follow)
    for target, follows in searches.items():
        if search_matches(article, target):
            for follow in follows:
                found.setdefault(follow.user_id, []).append(follow)
    return found


def decide(user_id: int, article: Article, now=None) -> str:
    """Why this reader is told about this report now ("" when not): see the module text."""
    now = now or timezone.now()
    earlier = list(Alert.objects.filter(user_id=user_id, story_id=article.story_id))
    if not earlier:
        return "neu"
    if any(a.article_id == article.pk and a.version >= article.version for a in earlier):
        return ""
    if article.is_correction:
        return "korrektur"
    last = max(a.created_at for a in earlier)
    if source_key(article) not in {a.source_key for a in earlier} and now - last >= repeat_after():
        return "neue-quelle"
    return ""


def process_article(article_id: int) -> list[Alert]:
    """Create and send the alerts one stored report causes; returns them."""
    article = visible_articles().filter(pk=article_id).first()
    if article is None:
        _when_embargo_passes(article_id)
        return []
    if not article.story_id:
        return []
    out: list[Alert] = []
    for user_id, follows in followers(article).items():
        alert = _record(user_id, article, follows)
        if alert is not None:
            out.append(alert)
    for alert in out:
        send(alert)
    return out


def _when_embargo_passes(article_id: int) -> None:
    """A report hidden only by its embargo: its alerts (and the hub's note) when it passes.
    Backends that cannot run a task later (the immediate one of the tests) queue nothing."""
    from .tasks import embargo_passed_task

    now = timezone.now()
    embargo = (
        Article.objects.filter(pk=article_id, embargo__gt=now)
        .values_list("embargo", flat=True)
        .first()
    )
    if embargo is None or not visible_articles(embargo).filter(pk=article_id).exists():
        return  # withdrawn, a copy, service traffic ...: hidden for good
    if not embargo_passed_task.get_backend().supports_defer:
        return
    try:
        embargo_passed_task.using(run_after=embargo).enqueue(article_id)
    except Exception as exc:  # alerts must never fail the caller
        log.warning("article %s: alerts at the end of its embargo not queued: %s", article_id, exc)


def _record(user_id: int, article: Article, follows: list[Follow]) -> Alert | None:
    with transaction.atomic():
        profile, _ = AlertProfile.objects.get_or_create(user_id=user_id)
        AlertProfile.objects.select_for_update().filter(pk=profile.pk).first()  # one at a time
        reason = decide(user_id, article)
        if not reason:
            return None
        alert, created = Alert.objects.get_or_create(
            user_id=user_id,
            article=article,
            version=article.version,
            defaults={
                "story_id": article.story_id,
                "source_key": source_key(article),
                "reason": reason,
                "follows": [
                    {"kind": f.kind, "target": f.target, "label": f.label} for f in follows
                ],
            },
        )
    return alert if created else None


def send(alert: Alert) -> None:
    """E-mail (now or in the digest) and webhook, as the reader chose; never raises."""
    from .mail import send_alert_mail
    from .webhooks import queue_webhook

    profile = AlertProfile.objects.get(user_id=alert.user_id)
    user = get_user_model().objects.get(pk=alert.user_id)
    try:
        if user.email and profile.email_mode == AlertProfile.Email.IMMEDIATE:
            send_alert_mail(user, [alert])
        elif user.email and profile.email_mode == AlertProfile.Email.DAILY:
            Alert.objects.filter(pk=alert.pk).update(digest_pending=True)
    except Exception as exc:
        log.warning("alert %s: e-mail failed: %s", alert.pk, exc)
    if profile.webhook_url:
        try:
            queue_webhook(profile, alert)
        except Exception as exc:
            log.warning("alert %s: webhook not queued: %s", alert.pk, exc)
