"""Alert e-mails: one message per alert, or the daily digest; each with one-click unsubscribe
(a signed link, and List-Unsubscribe / List-Unsubscribe-Post headers after RFC 8058)."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from meldungen.news.models import PortalState

from .links import absolute, unsubscribe_url
from .models import Alert, AlertProfile

log = logging.getLogger("meldungen.follow")

REASONS = {"neu": "Neu", "korrektur": "Korrektur", "neue-quelle": "Weitere Quelle"}


def _follow_label(alert: Alert) -> str:
    labels = [f.get("label") or f.get("target", "") for f in alert.follows]
    return ", ".join(dict.fromkeys(x for x in labels if x))


def _entries(alerts: list[Alert]) -> list[dict]:
    from django.urls import reverse

    return [
        {
            "reason": REASONS.get(a.reason, a.reason),
            "follows": _follow_label(a),
            "headline": a.article.headline,
            "source": a.article.source_name or a.article.credit,
            "url": absolute(a.article.get_absolute_url()),
            "story_url": absolute(reverse("story", args=[a.story_id])),
        }
        for a in alerts
    ]


def digest_alerts(alerts: list[Alert]) -> list[Alert]:
    """What a digest lists: one entry per story, with the reason of the story's first alert
    (a story new to the reader is "Neu", however often it changed since) and its newest report,
    as it stands; reports readers can no longer see (withdrawn since) are left out."""
    from meldungen.news.models import Article

    ids = [a.article_id for a in alerts]
    shown = set(Article.objects.visible().filter(pk__in=ids).values_list("pk", flat=True))
    first: dict[str, Alert] = {}
    newest: dict[str, Alert] = {}
    for alert in sorted(alerts, key=lambda a: (a.created_at, a.pk)):
        if alert.article_id in shown:
            first.setdefault(alert.story_id, alert)
            newest[alert.story_id] = alert
    out = []
    for story_id, alert in first.items():
        latest = newest[story_id]
        if latest.pk != alert.pk:  # the newest report under the first alert's reason
            latest.reason = alert.reason
        out.append(latest)
    return out


def send_alert_mail(user, alerts: list[Alert], digest: bool = False) -> bool:
    """Send the mail; False when a digest has nothing left to tell (its alerts are done)."""
    entries = _entries(digest_alerts(alerts) if digest else alerts)
    if not entries:  # a digest whose reports were all withdrawn since
        Alert.objects.filter(pk__in=[a.pk for a in alerts]).update(digest_pending=False)
        return False
    unsubscribe = unsubscribe_url(user.pk)
    if digest:
        news = "eine Neuigkeit" if len(entries) == 1 else f"{len(entries)} Neuigkeiten"
        subject = f"Meldungen: {news} zu dem, dem Sie folgen"
    else:
        first = entries[0]
        subject = f"{first['reason']} zu {first['follows']}: {first['headline']}"
    body = render_to_string(
        "follow/alert_mail.txt",
        {
            "entries": entries,
            "unsubscribe": unsubscribe,
            "digest": digest,
            "settings_url": absolute("/konto/benachrichtigungen/"),
        },
    )
    message = EmailMessage(
        subject=" ".join(subject.split())[:200],
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.send()
    Alert.objects.filter(pk__in=[a.pk for a in alerts]).update(
        emailed_at=timezone.now(), digest_pending=False
    )
    return True


DIGEST_KEY = "follow_digest_sent"


def digest_due(now: datetime | None = None) -> bool:
    """Once a day, from MELDUNGEN_DIGEST_HOUR (local time, default 7) on."""
    now = timezone.localtime(now or timezone.now())
    if now.hour < int(settings.MELDUNGEN.get("DIGEST_HOUR", 7)):
        return False
    last = PortalState.objects.filter(key=DIGEST_KEY).values_list("value", flat=True).first()
    return last != now.date().isoformat()


def send_digests(now: datetime | None = None, force: bool = False) -> int:
    """Send every reader with pending alerts their digest; returns the number of mails."""
    now = now or timezone.now()
    if not force and not digest_due(now):
        return 0
    with transaction.atomic():
        state, _ = PortalState.objects.get_or_create(key=DIGEST_KEY, defaults={"value": ""})
        today = timezone.localtime(now).date().isoformat()
        locked = PortalState.objects.select_for_update().get(pk=state.pk)
        if locked.value == today and not force:
            return 0
        locked.value = today
        locked.save()
    sent = 0
    pending = Alert.objects.filter(digest_pending=True, created_at__gte=now - timedelta(days=7))
    users = {a.user_id for a in pending}
    for profile in AlertProfile.objects.filter(user_id__in=users).select_related("user"):
        alerts = list(pending.filter(user_id=profile.user_id).select_related("article"))
        if profile.email_mode != AlertProfile.Email.DAILY or not profile.user.email:
            Alert.objects.filter(pk__in=[a.pk for a in alerts]).update(digest_pending=False)
            continue
        try:
            sent += send_alert_mail(profile.user, alerts, digest=True)
        except Exception as exc:
            log.warning("digest for %s failed: %s", profile.user, exc)
    return sent
