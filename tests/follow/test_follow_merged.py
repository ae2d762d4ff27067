"""A follow outlives an editor's change of its topic: a topic merged into another (by hand, or
"Kohl" taken in by "Helmut Kohl") or given a new slug keeps alerting its followers and keeps
filling their "Meine Meldungen" with the topic's new reports."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from meldungen.follow.alerts import process_article
from meldungen.follow.models import AlertProfile, Follow
from meldungen.follow.slices import followed_articles
from meldungen.news.models import Article, ArticleEntity, Entity, TopicSlug
from meldungen.news.services import store_draft
from meldungen.news.topics import merge
from tests.follow.conftest import draft
from tests.storehelp import tag

pytestmark = [pytest.mark.db, pytest.mark.django_db]

FIRST = (
    "Auf der Rheintalbahn zwischen Karlsruhe und Basel rollen nach der Sperrung wieder Züge. "
    "Die Bauarbeiten am neuen Tunnel hatten sich um Wochen verzögert."
)
THIRD = (
    "Die Anwohner in Offenburg bekommen ihre Lärmschutzwände erst im übernächsten Jahr. Das "
    "Eisenbahn-Bundesamt hat die Planung für den Güterzugtunnel noch nicht genehmigt."
)
LATER = (
    "Der Ausbau der Strecke im Oberrheingraben wird teurer als geplant. Der Bund muss nach "
    "Angaben des Ministeriums weitere Hunderte Millionen Euro für Lärmschutzwände bereitstellen."
)


def reader() -> object:
    user = get_user_model().objects.create_user("leser", "leser@example.org", "pw-12345-lang")
    AlertProfile.objects.create(user=user, email_mode="immediate")
    return user


def store(d) -> Article:
    return Article.objects.get(pk=store_draft(d).article_id)


@pytest.fixture
def followed():
    """A reader following the topic "Rheintalbahn" from its page; one report about it."""
    user = reader()
    first = store(draft("r1", "Rheintalbahn wieder frei", FIRST))
    tag(first, "Rheintalbahn")
    Follow.objects.create(user=user, kind="topic", target="rheintalbahn", label="Rheintalbahn")
    return user


def link(article: Article, entity: Entity) -> None:
    ArticleEntity.objects.create(article=article, entity=entity, is_tag=True, salience=1.0)


def later_report() -> Article:
    return store(draft("r2", "Ausbau im Oberrheingraben wird teurer", LATER, day=3))


def test_a_follow_of_a_topic_merged_into_another_still_alerts(followed):
    bigger = later_report()
    tag(bigger, "Deutsche Bahn")
    old, target = Entity.objects.get(slug="rheintalbahn"), Entity.objects.get(slug="deutsche-bahn")
    merge(target, [old])  # the editor's merge action: the old topic's page redirects to the new
    later = store(draft("r3", "Lärmschutz an der Strecke kommt später", THIRD, day=5))
    link(later, target)  # what enrichment now gives a report about the old topic
    alerts = process_article(later.pk)
    assert [a.user_id for a in alerts] == [followed.pk]
    assert later.pk in set(followed_articles(followed).values_list("pk", flat=True))


def test_a_follow_of_a_topic_whose_slug_changed_still_alerts(followed):
    entity = Entity.objects.get(slug="rheintalbahn")
    # the editor gives the topic a new slug: the old one redirects (news/admin.py)
    TopicSlug.objects.create(slug="rheintalbahn", entity=entity)
    Entity.objects.filter(pk=entity.pk).update(slug="rheintalbahn-karlsruhe-basel")
    later = later_report()
    link(later, entity)
    alerts = process_article(later.pk)
    assert [a.user_id for a in alerts] == [followed.pk]
    assert later.pk in set(followed_articles(followed).values_list("pk", flat=True))


def test_a_follow_of_the_target_of_a_merge_alerts_once(followed):
    later = later_report()
    tag(later, "Rheintalbahn")
    assert len(process_article(later.pk)) == 1
    assert process_article(later.pk) == []  # the same report again: nothing more


def test_the_topic_page_shows_a_follow_made_under_a_former_slug_and_ends_it(client, followed):
    entity = Entity.objects.get(slug="rheintalbahn")
    TopicSlug.objects.create(slug="rheintalbahn", entity=entity)
    Entity.objects.filter(pk=entity.pk).update(slug="rheintalbahn-karlsruhe-basel")
    client.force_login(followed)
    page = client.get("/thema/rheintalbahn-karlsruhe-basel/").content.decode()
    assert "Nicht mehr folgen" in page
    target = "rheintalbahn-karlsruhe-basel"
    client.post("/folgen/", {"kind": "topic", "target": target, "action": "unfollow"})
    assert not Follow.objects.filter(user=followed).exists()
