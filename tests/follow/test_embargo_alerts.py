"""A report stored under an embargo alerts its followers when the embargo passes (not before,
and not never): its alerts are queued for that moment."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from meldungen.follow.alerts import process_article
from meldungen.follow.models import Alert, AlertProfile, Follow
from meldungen.news.models import Article
from meldungen.news.services import store_draft
from tests.follow.conftest import draft

pytestmark = [pytest.mark.db, pytest.mark.django_db]

TEXT = (
    "Die Landesregierung in Kiel legt am Mittag ihren Bericht zur Lage der Kliniken vor. Nach "
    "Angaben aus Regierungskreisen fehlen in Schleswig-Holstein mehr als 400 Pflegekräfte."
)


@pytest.fixture
def deferring(settings):
    """The task backend of a real portal (the worker runs tasks when they are due)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_an_embargoed_report_alerts_its_followers_when_the_embargo_passes(deferring):
    from django_tasks_db.models import DBTaskResult

    user = get_user_model().objects.create_user("leser", "leser@example.org", "pw-12345-lang")
    AlertProfile.objects.create(user=user, email_mode="immediate")
    Follow.objects.create(user=user, kind="story", target="")  # (none of this story yet)
    until = timezone.now() + timedelta(hours=2)
    d = draft("sperr", "Bericht zur Lage der Kliniken", TEXT, embargo=until)
    d.published = timezone.now() - timedelta(minutes=5)
    article = Article.objects.get(pk=store_draft(d).article_id)
    Follow.objects.filter(user=user).update(target=article.story_id)
    DBTaskResult.objects.all().delete()  # what storing queued: not about this test

    assert process_article(article.pk) == []  # under the embargo: nothing yet ...
    queued = DBTaskResult.objects.get(task_path__endswith="embargo_passed_task")
    assert queued.run_after == until and queued.args_kwargs["args"] == [article.pk]

    Article.objects.filter(pk=article.pk).update(embargo=timezone.now() - timedelta(seconds=1))
    alerts = process_article(article.pk)  # ... what the queued task does when it is due
    assert [a.user_id for a in alerts] == [user.pk]
    assert Alert.objects.count() == 1


def test_a_report_that_stays_hidden_queues_nothing(deferring):
    from django_tasks_db.models import DBTaskResult

    d = draft("weg", "Bericht zur Lage der Kliniken", TEXT, pubstatus="withdrawn")
    article = Article.objects.get(pk=store_draft(d).article_id)
    DBTaskResult.objects.all().delete()
    assert process_article(article.pk) == []
    assert not DBTaskResult.objects.exists()
