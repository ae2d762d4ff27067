"""WebSub both ways, end to end on loopback: a small hub run here (subscribe → it verifies the
portal's callback → pushes content), a source feed that names it, and the portal's own feeds
naming a hub and notifying it."""

from __future__ import annotations

import hashlib
import hmac
import threading
import uuid
from datetime import timedelta
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlencode

import httpx
import pytest
from django.utils import timezone

from meldungen.follow.models import WebSubSubscription
from meldungen.follow.websub import discover
from meldungen.news.models import Article, Source
from meldungen.news.polling import poll_source
from tests.loopback import loopback_server

pytestmark = [pytest.mark.db]

ENTRY = """<entry><id>urn:test:{guid}</id><title>{title}</title>
<updated>2025-03-0{day}T10:00:00Z</updated><link href="https://example.org/{guid}"/>
<content type="html">&lt;p&gt;{text}&lt;/p&gt;</content></entry>"""


def atom(hub: str, self_url: str, *entries: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Testquelle</title><id>{self_url}</id><updated>2025-03-03T10:00:00Z</updated>"
        f'<link rel="hub" href="{hub}"/><link rel="self" href="{self_url}"/>'
        + "".join(entries)
        + "</feed>"
    ).encode()


class Hub:
    """Records requests; verifies subscriptions at once (before answering 202)."""

    def __init__(self) -> None:
        self.subscriptions: dict[str, dict] = {}  # callback -> {topic, secret, lease}
        self.verified: list[str] = []
        self.published: list[list[str]] = []
        self.requests = 0
        self.lock = threading.Lock()

    def push(self, callback: str, body: bytes, secret: str | None = None) -> int:
        sub = self.subscriptions[callback]
        key = (secret if secret is not None else sub["secret"]).encode()
        signature = "sha256=" + hmac.new(key, body, hashlib.sha256).hexdigest()
        response = httpx.post(
            callback,
            content=body,
            headers={"Content-Type": "application/atom+xml", "X-Hub-Signature": signature},
            timeout=60,
        )
        return response.status_code


@pytest.fixture
def hub():
    state = Hub()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            form = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
            mode = form.get("hub.mode", [""])[0]
            with state.lock:
                state.requests += 1
            if mode == "publish":
                state.published.append(form.get("hub.url", []))
                self.send_response(204)
                self.end_headers()
                return
            callback, topic = form["hub.callback"][0], form["hub.topic"][0]
            challenge = uuid.uuid4().hex
            query = urlencode(
                {
                    "hub.mode": mode,
                    "hub.topic": topic,
                    "hub.challenge": challenge,
                    "hub.lease_seconds": "86400",
                }
            )
            answer = httpx.get(f"{callback}?{query}", timeout=60)
            if answer.status_code == 200 and answer.text == challenge:
                state.subscriptions[callback] = {
                    "topic": topic,
                    "secret": form.get("hub.secret", [""])[0],
                }
                state.verified.append(topic)
                self.send_response(202)
            else:
                self.send_response(400)
            self.end_headers()

        def log_message(self, *args):
            pass

    with loopback_server(Handler) as url:
        state.url = url + "/"
        yield state


@pytest.fixture
def feed_server():
    content = {"body": b""}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "application/atom+xml")
            self.end_headers()
            self.wfile.write(content["body"])

        def log_message(self, *args):
            pass

    with loopback_server(Handler) as url:
        content["url"] = url + "/feed.xml"
        yield content


@pytest.fixture
def portal(settings, live_server):
    settings.PUBLIC_URL = live_server.url
    settings.MELDUNGEN = {**settings.MELDUNGEN, "ALLOW_PRIVATE_FETCH": True}
    return live_server.url


def test_discover_reads_hub_and_self_from_atom_and_rss():
    rss = (
        b'<rss xmlns:atom="http://www.w3.org/2005/Atom"><channel>'
        b'<atom:link rel="self" href="https://a.example/rss"/>'
        b"<atom:link href='https://hub.example/' rel='hub'/>"
        b'<item><link rel="hub" href="https://wrong.example/"/></item></channel></rss>'
    )
    assert discover(rss) == ("https://hub.example/", "https://a.example/rss")
    assert discover(b"<feed><title>x</title></feed>") == ("", "")


@pytest.mark.django_db(transaction=True)
def test_a_source_naming_a_hub_is_subscribed_verified_and_pushed_to(portal, hub, feed_server):
    topic = feed_server["url"]
    feed_server["body"] = atom(
        hub.url, topic, ENTRY.format(guid="a1", title="Erste Meldung", day=3, text="Eins.")
    )
    source = Source.objects.create(name="Testquelle", url=topic, interval_minutes=15)

    poll_source(source)  # polls, finds the hub, subscribes; the hub verifies the callback

    sub = WebSubSubscription.objects.get(source=source)
    assert sub.state == "verified" and sub.topic == topic and hub.verified == [topic]
    assert sub.lease_expires_at > timezone.now() + timedelta(hours=23)
    callback = f"{portal}/websub/{sub.pk}/"
    assert callback in hub.subscriptions
    # Polling is the fallback: relaxed while the subscription is live.
    source.refresh_from_db()
    assert source.next_fetch_at >= timezone.now() + timedelta(minutes=60)

    # A push with the right signature is stored through the source's ingest path.
    pushed = atom(
        hub.url,
        topic,
        ENTRY.format(guid="p1", title="Per Push gekommen", day=4, text="Neu per WebSub."),
    )
    assert hub.push(callback, pushed) == 202
    article = Article.objects.get(headline="Per Push gekommen")
    assert article.source_id == source.pk
    # A push with a wrong signature is ignored (and still answered 2xx, as WebSub asks).
    forged = atom(hub.url, topic, ENTRY.format(guid="f1", title="Gefälscht", day=4, text="X."))
    assert hub.push(callback, forged, secret="falsch") == 202
    assert not Article.objects.filter(headline="Gefälscht").exists()
    sub.refresh_from_db()
    assert sub.pushes == 1 and sub.rejected_pushes == 1

    # A verification for another topic is refused.
    wrong = httpx.get(
        callback,
        params={"hub.mode": "subscribe", "hub.topic": "http://other/", "hub.challenge": "c"},
    )
    assert wrong.status_code == 404

    # A lease about to run out is renewed at the next poll.
    WebSubSubscription.objects.filter(pk=sub.pk).update(
        lease_expires_at=timezone.now() + timedelta(hours=2)
    )
    source.refresh_from_db()
    poll_source(source)
    assert hub.verified == [topic, topic]
    sub.refresh_from_db()
    assert sub.lease_expires_at > timezone.now() + timedelta(hours=23)


@pytest.mark.django_db(transaction=True)
def test_feeds_name_the_hub_and_the_hub_is_told_of_changes(portal, hub, settings, client):
    from meldungen.ingest.draft import ArticleDraft
    from meldungen.news.services import store_draft

    settings.MELDUNGEN = {**settings.MELDUNGEN, "WEBSUB_HUB": hub.url}
    store_draft(
        ArticleDraft(
            guid="urn:test:h1",
            headline="Neue Meldung für den Hub",
            format="ninjs",
            body="<p>Ein Text über die Bahn in Berlin.</p>",
            source="dpa",
        )
    )
    assert hub.published, "the hub was not notified"
    urls = hub.published[-1]
    assert f"{portal}/rss.xml" in urls and f"{portal}/atom.xml" in urls
    assert any("/story/" in u for u in urls)

    rss = client.get("/rss.xml").content.decode()
    assert (
        f'<atom:link href="{hub.url}" rel="hub"' in rss
        or f'<atom:link rel="hub" href="{hub.url}"' in rss
    )
    assert 'rel="self"' in rss
    atom_feed = client.get("/atom.xml").content.decode()
    assert 'rel="hub"' in atom_feed and hub.url in atom_feed and 'rel="self"' in atom_feed


@pytest.mark.django_db
@pytest.mark.parametrize("lease", ["999999999999999", "1" + "0" * 40, "-5", "x", ""])
def test_verification_with_an_odd_lease_answers_and_never_fails(client, lease):
    # a lease past datetime's range was an OverflowError (500) for a GET anyone can send
    source = Source.objects.create(name="Hubquelle", url="https://example.org/feed.xml")
    sub = WebSubSubscription.objects.create(
        source=source,
        hub="https://hub.example/",
        topic="https://example.org/feed.xml",
        state=WebSubSubscription.State.REQUESTED,
    )
    query = urlencode(
        {
            "hub.mode": "subscribe",
            "hub.topic": sub.topic,
            "hub.challenge": "c-123",
            "hub.lease_seconds": lease,
        }
    )
    response = client.get(f"/websub/{sub.pk}/?{query}")
    assert response.status_code == 200 and response.content == b"c-123"
    sub.refresh_from_db()
    assert sub.state == WebSubSubscription.State.VERIFIED
    if sub.lease_expires_at is not None:
        assert sub.lease_expires_at <= timezone.now() + timedelta(days=367)
