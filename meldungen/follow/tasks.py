"""Background work of following: alerts, webhook attempts, WebSub (django-tasks, run by the
worker; inline under pytest)."""

from __future__ import annotations

import base64
import logging

from django_tasks import task

log = logging.getLogger("meldungen.follow")


@task()
def process_article_task(article_id: int) -> int:
    """Alerts for one committed article, then the digests when due and retries when due."""
    from .alerts import process_article
    from .mail import digest_due, send_digests
    from .webhooks import retry_due

    n = len(process_article(article_id))
    retry_due()
    if digest_due():
        send_digests()
    return n


@task()
def process_articles_task(article_ids: list[int]) -> int:
    """Alerts for the articles of one committed batch of ingest, then digests and retries."""
    from .alerts import process_article
    from .mail import digest_due, send_digests
    from .webhooks import retry_due

    n = sum(len(process_article(article_id)) for article_id in article_ids)
    retry_due()
    if digest_due():
        send_digests()
    return n


@task()
def embargo_passed_task(article_id: int) -> int:
    """Queued for the moment a stored report's embargo passes: its alerts, and the hub is told
    that its feeds changed (they show it from now on)."""
    from . import websub
    from .alerts import process_article

    n = len(process_article(article_id))
    websub.schedule_publish(article_id)
    return n


@task()
def deliver_webhook_task(delivery_id: int) -> str:
    from .webhooks import deliver

    return deliver(delivery_id)


@task()
def notify_hub_task(urls: list[str]) -> str:
    from .websub import notify_hub

    return notify_hub(urls)


@task()
def websub_subscribe_task(source_id: int, hub: str, topic: str) -> str:
    from .websub import subscribe

    return subscribe(source_id, hub, topic)


@task()
def websub_push_task(subscription_id: int, body_b64: str, content_type: str) -> dict:
    from .websub import ingest_push

    return ingest_push(subscription_id, base64.b64decode(body_b64), content_type)
