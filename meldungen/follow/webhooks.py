"""Webhook alerts: a JSON POST to the reader's URL, signed with HMAC-SHA256 of the body under
the reader's webhook secret (header ``X-Meldungen-Signature: sha256=<hex>``), retried with
exponential back-off (30 s, 1, 2, 4 min between the ``MAX_ATTEMPTS`` = 5 attempts), every
attempt in the delivery log (admin: Webhook-Zustellungen). The URL passes the SSRF guard of
every fetch (meldungen.ingest.fetch.refuse_reason); redirects are not followed."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from meldungen.ingest.fetch import USER_AGENT

from .links import absolute
from .models import Alert, AlertProfile, WebhookDelivery
from .outbound import post

log = logging.getLogger("meldungen.follow")

MAX_ATTEMPTS = 5
BASE_DELAY = timedelta(seconds=30)
SIGNATURE_HEADER = "X-Meldungen-Signature"


def signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def backoff(attempts: int) -> timedelta:
    """Delay before the next attempt after ``attempts`` failed ones."""
    return BASE_DELAY * (2 ** max(attempts - 1, 0))


def payload(alert: Alert) -> dict:
    article = alert.article
    return {
        "event": "meldungen.alert",
        "reason": alert.reason,
        "follows": alert.follows,
        "story": {"id": alert.story_id, "url": absolute(reverse("story", args=[alert.story_id]))},
        "article": {
            "id": article.pk,
            "headline": article.headline,
            "teaser": article.teaser,
            "source": article.source_name or article.credit,
            "published": article.published.isoformat(),
            "url": absolute(article.get_absolute_url()),
            "original_url": article.url,
            "version": alert.version,
        },
        "created": alert.created_at.isoformat(),
    }


def queue_webhook(profile: AlertProfile, alert: Alert) -> WebhookDelivery:
    delivery = WebhookDelivery.objects.create(
        user_id=profile.user_id, alert=alert, url=profile.webhook_url, payload=payload(alert)
    )
    transaction.on_commit(lambda: _enqueue(delivery.pk))
    return delivery


def _enqueue(delivery_id: int, run_after=None) -> None:
    from .tasks import deliver_webhook_task

    task = deliver_webhook_task
    if run_after is not None:
        if not task.get_backend().supports_defer:
            return  # retry_due() picks it up (the immediate backend in tests)
        task = task.using(run_after=run_after)
    task.enqueue(delivery_id)


def _post(url: str, body: bytes, headers: dict) -> tuple[int | None, str]:
    return post(url, content=body, headers=headers)


def deliver(delivery_id: int) -> str:
    """One attempt; schedules the next after a failure. Returns the delivery's status."""
    delivery = WebhookDelivery.objects.filter(pk=delivery_id).first()
    if delivery is None or delivery.status != WebhookDelivery.Status.PENDING:
        return delivery.status if delivery else "missing"
    profile = AlertProfile.objects.filter(user_id=delivery.user_id).first()
    secret = profile.webhook_secret if profile else ""
    body = json.dumps(delivery.payload, ensure_ascii=False, sort_keys=True).encode()
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": USER_AGENT,
        SIGNATURE_HEADER: signature(secret, body),
        "X-Meldungen-Delivery": str(delivery.pk),
        "X-Meldungen-Event": "alert",
    }
    status, error = _post(delivery.url, body, headers)
    now = timezone.now()
    delivery.attempts += 1
    delivery.last_status = status
    delivery.last_error = error
    if not error:
        delivery.status = WebhookDelivery.Status.DELIVERED
        delivery.delivered_at = now
        delivery.next_attempt_at = None
    elif delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = WebhookDelivery.Status.FAILED
        delivery.next_attempt_at = None
    else:
        delivery.next_attempt_at = now + backoff(delivery.attempts)
    delivery.save()
    if delivery.status == WebhookDelivery.Status.PENDING:
        log.info("webhook %s: attempt %s failed (%s)", delivery.pk, delivery.attempts, error)
        _enqueue(delivery.pk, run_after=delivery.next_attempt_at)
    return delivery.status


def retry_due(now=None) -> int:
    """Attempt every pending delivery whose next attempt is due (for backends without defer,
    and for deliveries whose queued retry was lost)."""
    now = now or timezone.now()
    due = WebhookDelivery.objects.filter(
        status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now
    ).values_list("pk", flat=True)[:100]
    return sum(1 for pk in list(due) if deliver(pk))
