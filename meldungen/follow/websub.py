"""WebSub (W3C Recommendation) both ways.

Publisher: every feed names the hub (MELDUNGEN_WEBSUB_HUB) with ``<link rel="hub">`` beside its
``rel="self"`` link (web/feeds.py), and after a stored article commits the portal tells the hub
which of its feeds changed (``hub.mode=publish``, in the background).

Subscriber: when a polled source's feed names a hub, the portal subscribes with the callback
``<public URL>/websub/<id>/`` and a secret of its own; the hub's verification request is
answered (challenge echoed, topic checked), the lease is renewed before it runs out, and each
push is checked (X-Hub-Signature, HMAC with the subscription's secret) and stored through the
source's normal ingest path. Polling stays the fallback: while a subscription is live the
source is polled every MELDUNGEN_WEBSUB_POLL_MINUTES (default 360) instead of its interval.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import re
from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from meldungen.ingest.fetch import USER_AGENT

from .links import base_url
from .models import WebSubSubscription
from .outbound import post

log = logging.getLogger("meldungen.websub")

RENEW_MARGIN = timedelta(hours=1)  # a lease is renewed by a poll at least this long before it ends
RETRY_REQUEST_AFTER = timedelta(hours=1)
MAX_LEASE_SECONDS = 366 * 24 * 3600  # a hub's longer lease counts as this (renewed anyway)
_LINK = re.compile(r"<(?:[\w-]+:)?link\b([^>]*)>", re.I)
_ATTR = re.compile(r"([\w:-]+)\s*=\s*(\"[^\"]*\"|'[^']*')")
_ITEM = re.compile(rb"<(?:[\w-]+:)?(?:item|entry)\b", re.I)
_ALGORITHMS = {
    "sha1": hashlib.sha1,
    "sha256": hashlib.sha256,
    "sha384": hashlib.sha384,
    "sha512": hashlib.sha512,
}


def conf(name: str, default=None):
    return settings.MELDUNGEN.get(name, default)


def hub_url() -> str:
    return conf("WEBSUB_HUB", "") or ""


# -- publisher --------------------------------------------------------------------------------


def _post(url: str, data: dict) -> tuple[int | None, str]:
    return post(url, data=data, headers={"User-Agent": USER_AGENT})


def feed_urls(article_id: int) -> list[str]:
    """The absolute addresses of the portal's feeds that show this article."""
    from meldungen.news.models import Article, ArticleEntity
    from meldungen.web.ressorts import ressort_slug

    article = Article.objects.filter(pk=article_id).first()
    if article is None:
        return []
    names: list[tuple[str, list]] = [("feed_home_{}", [])]
    if article.ressort:
        names.append(("feed_ressort_{}", [ressort_slug(article.ressort)]))
    slugs = ArticleEntity.objects.filter(article=article, entity__blocked=False).values_list(
        "entity__slug", flat=True
    )
    names += [("feed_tag_{}", [slug]) for slug in sorted(set(slugs))]
    if article.story_id:
        names.append(("feed_story_{}", [article.story_id]))
    base = base_url()
    return [base + reverse(n.format(fmt), args=a) for n, a in names for fmt in ("rss", "atom")]


def notify_hub(urls: list[str]) -> str:
    """Tell the hub these feeds changed (one request with every hub.url)."""
    hub = hub_url()
    if not hub or not urls:
        return "no hub"
    data = {"hub.mode": "publish", "hub.url": urls, "hub.topic": urls}  # some read hub.topic
    status, error = _post(hub, data)
    if error:
        log.warning("hub %s: publish failed: %s", hub, error)
        return error
    return "ok"


def schedule_publish(article_id: int) -> bool:
    """After a commit: notify the hub in the background, when there is one and a public URL."""
    from .tasks import notify_hub_task

    if not hub_url() or not getattr(settings, "PUBLIC_URL", ""):
        return False
    notify_hub_task.enqueue(feed_urls(article_id))
    return True


def schedule_publish_many(article_ids: list[int]) -> bool:
    """``schedule_publish`` for a batch: one note to the hub with every feed that changed."""
    from .tasks import notify_hub_task

    if not hub_url() or not getattr(settings, "PUBLIC_URL", ""):
        return False
    urls = list(dict.fromkeys(u for article_id in article_ids for u in feed_urls(article_id)))
    if urls:
        notify_hub_task.enqueue(urls)
    return bool(urls)


# -- subscriber -------------------------------------------------------------------------------


def discover(content: bytes) -> tuple[str, str]:
    """(hub, self) named by a feed's head (Atom or RSS with atom:link), or ("", "")."""
    head = content[: m.start()] if (m := _ITEM.search(content)) else content[:65536]
    text = head.decode("utf-8", "replace")
    hub = self_url = ""
    for match in _LINK.finditer(text):
        attrs = {k.lower(): v[1:-1].strip() for k, v in _ATTR.findall(match.group(1))}
        rels = attrs.get("rel", "").lower().split()
        href = attrs.get("href", "")
        if "hub" in rels and href and not hub:
            hub = href
        if "self" in rels and href and not self_url:
            self_url = href
    return hub, self_url


def callback_url(subscription: WebSubSubscription) -> str:
    return base_url() + reverse("websub_callback", args=[subscription.pk])


def on_source_fetched(source, result, now=None) -> None:
    """After a poll (news.signals.source_fetched): subscribe to a named hub, renew a lease that
    runs out, and poll a source with a live subscription less often. Never raises."""
    try:
        _on_source_fetched(source, result, now or timezone.now())
    except Exception as exc:
        log.warning("websub for %s: %s", getattr(source, "name", source), exc)


def _on_source_fetched(source, result, now) -> None:
    from .tasks import websub_subscribe_task

    sub = WebSubSubscription.objects.filter(source_id=source.pk).first()
    if result is not None and result.ok and result.content and conf("WEBSUB_SUBSCRIBE", True):
        hub, self_url = discover(result.content)
        topic = self_url or source.url
        if hub and getattr(settings, "PUBLIC_URL", ""):
            changed = sub is None or sub.hub != hub or sub.topic != topic
            stale = (
                sub is not None
                and not sub.is_live(now)
                and (sub.requested_at is None or now - sub.requested_at >= RETRY_REQUEST_AFTER)
            )
            expiring = (
                sub is not None
                and sub.is_live(now)
                and sub.lease_expires_at is not None
                and sub.lease_expires_at - now <= relaxed_interval() + RENEW_MARGIN
            )
            if changed or stale or expiring:
                websub_subscribe_task.enqueue(source.pk, hub, topic)
                sub = WebSubSubscription.objects.filter(source_id=source.pk).first()
    if sub is not None and sub.is_live(now) and source.next_fetch_at is not None:
        relaxed = now + relaxed_interval()
        if sub.lease_expires_at is not None:  # poll (and renew) before the lease ends
            relaxed = min(relaxed, sub.lease_expires_at - RENEW_MARGIN)
        source.next_fetch_at = max(source.next_fetch_at, relaxed)


def relaxed_interval() -> timedelta:
    """How often a source with a live subscription is still polled (the fallback)."""
    return timedelta(minutes=int(conf("WEBSUB_POLL_MINUTES", 360)))


def subscribe(source_id: int, hub: str, topic: str) -> str:
    """Ask the hub for a subscription (the hub then verifies it at our callback)."""
    sub, _ = WebSubSubscription.objects.get_or_create(
        source_id=source_id,
        defaults={"hub": hub, "topic": topic, "state": WebSubSubscription.State.REQUESTED},
    )
    if sub.hub != hub or sub.topic != topic:
        sub.hub, sub.topic = hub, topic
        sub.state = WebSubSubscription.State.REQUESTED
    if sub.state != WebSubSubscription.State.VERIFIED:
        sub.state = WebSubSubscription.State.REQUESTED
    sub.requested_at = timezone.now()
    sub.save()
    data = {
        "hub.mode": "subscribe",
        "hub.topic": topic,
        "hub.callback": callback_url(sub),
        "hub.secret": sub.secret,
        "hub.lease_seconds": str(int(conf("WEBSUB_LEASE_SECONDS", 7 * 24 * 3600))),
    }
    status, error = _post(hub, data)
    if error:
        WebSubSubscription.objects.filter(pk=sub.pk).update(
            state=WebSubSubscription.State.FAILED, last_error=error[:2000]
        )
        log.warning("websub subscribe %s at %s: %s", topic, hub, error)
        return error
    return "requested"


def verify(sub: WebSubSubscription, params) -> str | None:
    """The hub's verification (GET): the challenge to echo, or None to refuse (404)."""
    mode = params.get("hub.mode", "")
    if params.get("hub.topic", "") != sub.topic:
        return None
    now = timezone.now()
    if mode == "denied":
        sub.state = WebSubSubscription.State.DENIED
        sub.last_error = params.get("hub.reason", "")[:2000]
        sub.save()
        return ""
    challenge = params.get("hub.challenge", "")
    if not challenge:
        return None
    if mode == "subscribe" and sub.state in (
        WebSubSubscription.State.REQUESTED,
        WebSubSubscription.State.VERIFIED,
    ):
        try:
            lease = min(int(params.get("hub.lease_seconds", "") or 0), MAX_LEASE_SECONDS)
        except ValueError:
            lease = 0
        sub.state = WebSubSubscription.State.VERIFIED
        sub.lease_expires_at = now + timedelta(seconds=lease) if lease > 0 else None
        sub.last_error = ""
        sub.save()
        return challenge
    if mode == "unsubscribe" and sub.state == WebSubSubscription.State.UNSUBSCRIBING:
        sub.delete()
        return challenge
    return None


def signature_ok(secret: str, body: bytes, header: str) -> bool:
    method, _, digest = (header or "").partition("=")
    algorithm = _ALGORITHMS.get(method.strip().lower())
    if algorithm is None or not digest:
        return False
    expected = hmac.new(secret.encode(), body, algorithm).hexdigest()
    return hmac.compare_digest(expected, digest.strip().lower())


def receive_push(sub: WebSubSubscription, body: bytes, headers) -> bool:
    """A pushed notification: checked, then ingested in the background. False when ignored."""
    from .tasks import websub_push_task

    if sub.state == WebSubSubscription.State.DENIED or not signature_ok(
        sub.secret, body, headers.get("X-Hub-Signature", "")
    ):
        WebSubSubscription.objects.filter(pk=sub.pk).update(rejected_pushes=sub.rejected_pushes + 1)
        log.warning("websub push for %s ignored: bad or missing signature", sub.topic)
        return False
    content_type = headers.get("Content-Type", "")
    websub_push_task.enqueue(sub.pk, base64.b64encode(body).decode(), content_type)
    return True


def ingest_push(subscription_id: int, body: bytes, content_type: str) -> dict:
    """Store a pushed feed body through the source's normal ingest path."""
    from meldungen.news.services import ingest_bytes, totals

    sub = WebSubSubscription.objects.select_related("source").filter(pk=subscription_id).first()
    if sub is None:
        return {}
    results = ingest_bytes(
        body, f"websub:{sub.topic}", source=sub.source, url=sub.topic, content_type=content_type
    )
    WebSubSubscription.objects.filter(pk=sub.pk).update(
        pushes=sub.pushes + 1, last_push_at=timezone.now()
    )
    return totals(results)
