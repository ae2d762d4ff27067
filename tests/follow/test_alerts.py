"""Accounts, follow buttons, when an alert repeats, the digest and webhook back-off."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from meldungen.follow import webhooks
from meldungen.follow.alerts import process_article
from meldungen.follow.mail import send_digests
from meldungen.follow.models import Alert, AlertProfile, Follow, WebhookDelivery
from meldungen.news.models import Article
from meldungen.news.services import store_draft
from tests.follow.conftest import draft

pytestmark = [pytest.mark.db, pytest.mark.django_db]

TEXT = (
    "Bundeskanzler Friedrich Merz hat in Berlin einen Plan für die Bahn vorgestellt. Merz will "
    "Milliarden in Schienen und Brücken stecken, sagte er am Mittag."
)
OTHER = (
    "Der Kanzler stellte in der Hauptstadt ein Programm für die Eisenbahn vor: Merz kündigte "
    "Investitionen in Gleise und marode Brücken an, berichtet die Zeitung."
)

LAENDER = (
    "Die Verkehrsminister der Länder verlangen ein Mitspracherecht beim Bahnplan. In Stuttgart "
    "sagte die Vorsitzende der Konferenz, Regionalstrecken dürften nicht vergessen werden."
)
OPPOSITION = (
    "Die Grünen im Bundestag halten den Bahnplan für unterfinanziert. Ihre Fraktionschefin "
    "nannte die Pläne in Hannover ein Versprechen ohne Deckung."
)


def reader(name="leser", mode="immediate", **kw):
    user = get_user_model().objects.create_user(name, f"{name}@example.org", "pw-12345-lang")
    AlertProfile.objects.create(user=user, email_mode=mode, **kw)
    return user


def store(d) -> Article:
    return Article.objects.get(pk=store_draft(d).article_id)


def test_signup_can_be_turned_off(client, settings):
    settings.MELDUNGEN = {**settings.MELDUNGEN, "SIGNUP": False}
    assert client.get("/konto/registrieren/").status_code == 403
    assert get_user_model().objects.count() == 0


def test_login_through_axes_and_logout(client):
    reader()
    response = client.post("/konto/anmelden/", {"username": "leser", "password": "pw-12345-lang"})
    assert response.status_code == 302 and response["Location"] == "/meine-meldungen/"
    assert client.get("/meine-meldungen/").status_code == 200
    client.post("/konto/abmelden/")
    assert client.get("/meine-meldungen/").status_code == 302


def test_anonymous_topic_page_offers_login_and_feeds_and_stays_cacheable(client, settings):
    settings.MELDUNGEN = {**settings.MELDUNGEN, "PAGE_CACHE": True}
    store(draft("m1", "Merz stellt Bahnplan vor", TEXT))
    first = client.get("/thema/merz/")
    assert first.status_code == 200
    assert b"Anmelden und folgen" in first.content and b"/thema/merz/rss.xml" in first.content
    assert "csrftoken" not in first.cookies
    assert client.get("/thema/merz/")["X-Page-Cache"] == "hit"


def test_follow_needs_a_post_with_csrf(client):
    user = reader()
    store(draft("m1", "Merz stellt Bahnplan vor", TEXT))
    csrf_client = client.__class__(enforce_csrf_checks=True)
    csrf_client.force_login(user)
    assert csrf_client.post("/folgen/", {"kind": "topic", "target": "merz"}).status_code == 403
    client.force_login(user)
    assert client.get("/folgen/").status_code == 405
    assert client.post("/folgen/", {"kind": "topic", "target": "gibt-es-nicht"}).status_code == 404


def test_a_story_alerts_again_only_for_a_substantial_new_report(settings):
    user = reader()
    first = store(draft("m1", "Merz stellt Bahnplan vor", TEXT))
    Follow.objects.create(user=user, kind="story", target=first.story_id)
    assert [a.reason for a in process_article(first.pk)] == ["neu"]
    assert process_article(first.pk) == []  # the same report again

    other = store(draft("m2", "Kanzler will Milliarden für die Bahn", OTHER, source="AFP"))
    Article.objects.filter(pk=other.pk).update(story_id=first.story_id)  # rule, not clustering
    assert process_article(other.pk) == []  # another source, but within the repeat window
    Alert.objects.update(created_at=timezone.now() - timedelta(hours=7))
    assert [a.reason for a in process_article(other.pk)] == ["neue-quelle"]

    corrected = draft("m1", "Merz stellt Bahnplan vor (korrigiert)", TEXT, version=2)
    corrected.signal = "correction"
    fixed = store(corrected)
    assert fixed.is_correction
    assert [a.reason for a in process_article(fixed.pk)] == ["korrektur"]
    assert len(mail.outbox) == 3


def test_saved_search_and_daily_digest():
    user = reader(mode="daily")
    Follow.objects.create(user=user, kind="search", target="q=Bahnplan", label="Suche")
    article = store(draft("m1", "Merz stellt Bahnplan vor", TEXT))
    assert len(process_article(article.pk)) == 1
    assert mail.outbox == [] and Alert.objects.get().digest_pending
    assert send_digests(force=True) == 1
    assert len(mail.outbox) == 1 and "Merz stellt Bahnplan vor" in mail.outbox[0].body
    assert "/konto/abbestellen/" in mail.outbox[0].body
    assert send_digests(force=True) == 0  # nothing pending any more


def test_webhook_is_retried_with_back_off_and_logged(webhook_receiver):
    user = reader(mode="off", webhook_url=webhook_receiver.url)
    webhook_receiver.secret = AlertProfile.objects.get().webhook_secret
    webhook_receiver.fail_next = 2
    article = store(draft("m1", "Merz stellt Bahnplan vor", TEXT))
    Follow.objects.create(user=user, kind="topic", target="merz")
    process_article(article.pk)
    delivery = WebhookDelivery.objects.get()
    webhooks.deliver(delivery.pk)  # the queued task would do this
    delivery.refresh_from_db()
    assert delivery.status == "pending" and delivery.attempts == 1 and delivery.last_status == 503
    assert webhooks.backoff(1) == timedelta(seconds=30) and webhooks.backoff(3) == timedelta(
        minutes=2
    )
    assert webhooks.retry_due() == 0  # not due yet
    later = timezone.now() + timedelta(minutes=10)
    webhooks.retry_due(later)
    webhooks.retry_due(later + timedelta(minutes=10))
    delivery.refresh_from_db()
    assert delivery.status == "delivered" and delivery.attempts == 3
    assert [c["answered"] for c in webhook_receiver.calls] == [503, 503, 204]
    assert all(c["signed"] for c in webhook_receiver.calls)


def test_webhook_to_a_private_address_is_refused_without_the_setting(settings):
    settings.MELDUNGEN = {**settings.MELDUNGEN, "ALLOW_PRIVATE_FETCH": False}
    status, error = webhooks._post("http://127.0.0.1:9/hook", b"{}", {})
    assert status is None and "refused private address" in error


@pytest.mark.parametrize("kind", ["topic", "story"])
def test_follow_with_a_nul_in_the_target_is_not_found(client, kind):
    # PostgreSQL refuses NUL in text: the look-up was a DataError (500)
    client.force_login(reader())
    for action in ("", "unfollow"):
        response = client.post("/folgen/", {"kind": kind, "target": "a\x00b", "action": action})
        assert response.status_code == 404
    assert not Follow.objects.exists()


def test_saved_search_fits_its_column_and_holds_no_nul(client):
    # 200 "ä" encode to 1,200 characters: PostgreSQL refused them for the 300 of the column
    client.force_login(reader())
    assert (
        client.post("/folgen/", {"kind": "search", "target": "q=" + "ä" * 1000}).status_code == 302
    )
    assert client.post("/folgen/", {"kind": "search", "target": "q=Bahn%00plan"}).status_code == 302
    targets = sorted(Follow.objects.values_list("target", flat=True), key=len)
    assert len(targets) == 2
    assert targets[0] == "q=Bahnplan"
    assert len(targets[1]) <= 300 and targets[1].startswith("q=%C3%A4%C3%A4")
    assert client.get("/meine-meldungen/").status_code == 200


def test_daily_digest_lists_each_story_once_and_nothing_withdrawn_since():
    """A story that was new and then corrected on the same day is one entry of the digest (its
    report as it stands, "Neu": the reader hears of it for the first time), and a report
    withdrawn after its alert is left out; when nothing is left, no mail goes out."""
    user = reader(mode="daily")
    Follow.objects.create(user=user, kind="search", target="q=Bahnplan", label="Suche")
    first = store(draft("m1", "Merz stellt Bahnplan vor", TEXT))
    assert [a.reason for a in process_article(first.pk)] == ["neu"]
    corrected = draft("m1", "Merz stellt Bahnplan vor (korrigiert)", TEXT, version=2)
    corrected.signal = "correction"
    assert [a.reason for a in process_article(store(corrected).pk)] == ["korrektur"]
    gone = store(draft("g1", "Bahnplan: Länder fordern Mitsprache", LAENDER, source="AFP"))
    assert [a.reason for a in process_article(gone.pk)] == ["neu"]
    store(draft("g1", "Bahnplan: Länder fordern Mitsprache", LAENDER, source="AFP", version=2,
                pubstatus="withdrawn"))  # fmt: skip

    assert send_digests(force=True) == 1
    body = mail.outbox[0].body
    assert body.count("Merz stellt Bahnplan vor (korrigiert)") == 1
    assert body.count("/artikel/") == 1 and "Länder fordern" not in body
    assert mail.outbox[0].subject == "Meldungen: eine Neuigkeit zu dem, dem Sie folgen"
    assert not Alert.objects.filter(digest_pending=True).exists()

    critics = store(draft("g2", "Bahnplan: Kritik der Opposition", OPPOSITION, source="taz"))
    assert [a.reason for a in process_article(critics.pk)] == ["neu"]
    store(draft("g2", "Bahnplan: Kritik der Opposition", OPPOSITION, source="taz", version=2,
                pubstatus="withdrawn"))  # fmt: skip
    assert send_digests(force=True) == 0 and len(mail.outbox) == 1
    assert not Alert.objects.filter(digest_pending=True).exists()
