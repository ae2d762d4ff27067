"""Done means: a reader follows "Putin" and gets one e-mail and one webhook call when a new
story about him arrives; copies of that story send nothing more."""

from __future__ import annotations

import pytest

from meldungen.follow.models import Alert, AlertProfile, Follow
from meldungen.news.models import Article, Source
from meldungen.news.services import store_results
from tests.follow.conftest import draft

pytestmark = [pytest.mark.db, pytest.mark.django_db]

EARLIER = (
    "Der russische Präsident Wladimir Putin hat in Moskau vor Journalisten über die Wirtschaft "
    "seines Landes gesprochen. Putin nannte das Wachstum zufriedenstellend."
)
NEW = (
    "Kremlchef Wladimir Putin ist zu einem Staatsbesuch in Peking eingetroffen. Putin will mit "
    "Chinas Staatschef Xi Jinping über Energielieferungen und eine neue Pipeline verhandeln."
)
NEAR_COPY = NEW.replace("eingetroffen", "angekommen") + " Der Besuch dauert zwei Tage."


def ingest(django_capture_on_commit_callbacks, items, source=None):
    with django_capture_on_commit_callbacks(execute=True):
        return store_results(items, "test", source)


def test_following_putin_sends_one_mail_and_one_webhook_per_new_story(
    client, smtp_server, webhook_receiver, django_capture_on_commit_callbacks
):
    ingest(django_capture_on_commit_callbacks, [draft("old", "Putin lobt die Wirtschaft", EARLIER)])

    # Sign up, follow the topic from its page, give a webhook.
    response = client.post(
        "/konto/registrieren/",
        {
            "username": "leserin",
            "email": "leserin@example.org",
            "password1": "ein-langes-Passwort-77",
            "password2": "ein-langes-Passwort-77",
        },
    )
    assert response.status_code == 302
    page = client.get("/thema/putin/")
    assert b"Folgen</button>" in page.content
    assert "public" not in page.get("Cache-Control", "")  # logged in: not for shared caches
    response = client.post(
        "/folgen/", {"kind": "topic", "target": "putin", "next": "/thema/putin/"}
    )
    assert response.status_code == 302
    assert Follow.objects.filter(kind="topic", target="putin").count() == 1
    response = client.post(
        "/konto/benachrichtigungen/",
        {"email_mode": "immediate", "webhook_url": webhook_receiver.url},
    )
    assert response.status_code == 302
    webhook_receiver.secret = AlertProfile.objects.get().webhook_secret
    assert smtp_server == [] and webhook_receiver.calls == []

    # A new story about Putin arrives: one e-mail, one signed webhook call.
    results = ingest(
        django_capture_on_commit_callbacks, [draft("new", "Putin besucht Xi in Peking", NEW, day=2)]
    )
    new = Article.objects.get(pk=results[0].article_id)
    old = Article.objects.get(guid="urn:test:old")
    assert new.story_id != old.story_id
    assert len(smtp_server) == 1
    mail = smtp_server[0]
    assert mail["To"] == "leserin@example.org"
    assert "Putin besucht Xi in Peking" in mail["Subject"]
    unsubscribe = str(mail["List-Unsubscribe"]).strip()
    assert unsubscribe.startswith("<http") and "/konto/abbestellen/" in unsubscribe
    assert str(mail["List-Unsubscribe-Post"]).strip() == "List-Unsubscribe=One-Click"
    assert len(webhook_receiver.calls) == 1
    call = webhook_receiver.calls[0]
    assert call["signed"]
    assert call["json"]["article"]["headline"] == "Putin besucht Xi in Peking"
    assert call["json"]["story"]["id"] == new.story_id

    # Copies of that story: the same text from another source, a lightly edited version of it
    # (same story, same hour: no substantial new report), the same item again.
    other = Source.objects.create(name="Zweite Agentur", url="http://127.0.0.1:9/feed")
    ingest(
        django_capture_on_commit_callbacks,
        [
            draft("copy", "Putin besucht Xi in Peking", NEW, source="Zweite Agentur", day=2),
            draft("near", "Putin besucht Xi in Peking", NEAR_COPY, source="Zweite Agentur", day=2),
        ],
        other,
    )
    ingest(
        django_capture_on_commit_callbacks, [draft("new", "Putin besucht Xi in Peking", NEW, day=2)]
    )
    assert Article.objects.get(guid="urn:test:copy").duplicate_of_id == new.pk
    assert Article.objects.get(guid="urn:test:near").story_id == new.story_id
    assert len(smtp_server) == 1
    assert len(webhook_receiver.calls) == 1
    assert Alert.objects.count() == 1

    # "Meine Meldungen": both stories, one entry each; never page-cached.
    mine = client.get("/meine-meldungen/")
    assert mine.status_code == 200 and "no-store" in mine["Cache-Control"]
    text = mine.content.decode()
    assert text.count("Putin besucht Xi in Peking</a>") == 1
    assert "Putin lobt die Wirtschaft" in text

    # The mail's link asks first (a mail scanner opening every link unsubscribes no one);
    # the button, or the mail client's one-click POST (RFC 8058), unsubscribes.
    link = unsubscribe.strip("<>")
    path = link[link.index("/konto/") :]
    asked = client.get(path)
    assert asked.status_code == 200 and 'method="post"' in asked.content.decode()
    assert AlertProfile.objects.get().email_mode != "off"
    assert client.post(path).status_code == 200
    assert AlertProfile.objects.get().email_mode == "off"
