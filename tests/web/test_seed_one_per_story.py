"""The seed, built exactly as it reads (see ``seedbuild``): its "Weitere Meldungen" lists one
story twice (same headline, two Ressorts, two teasers). Meldungen folds it: the seed article's
"Weitere Meldungen", home, the topic pages and the feeds show that story once."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from seedbuild import ingest_seed_as_it_reads

from meldungen.web.listcheck import count_lists, feed_entries, html_entries

pytestmark = [pytest.mark.django_db, pytest.mark.db]


def _norm(headline: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", headline.casefold()).split())


def test_seed_story_is_shown_once_everywhere(client):
    from meldungen.news.models import Article

    item, related = ingest_seed_as_it_reads()
    repeated = [h for h, n in Counter(_norm(r["headline"]) for r in related).items() if n > 1]
    assert repeated, "the seed lists one story twice; its related lines should show that"
    twins = [a for a in Article.objects.all() if _norm(a.headline) in repeated]
    assert len(twins) == 2 and len({a.ressort for a in twins}) == 2
    assert twins[0].story_id and twins[0].story_id == twins[1].story_id
    twin_ids = {a.pk for a in twins}

    def shown(ids: list[int]) -> int:
        return sum(1 for i in ids if i in twin_ids)

    main = Article.objects.get(guid=item["urn"])
    page = client.get(f"/artikel/{main.pk}/").content.decode()
    section = page[page.index("Weitere Meldungen") :]
    listed = [int(i) for i in re.findall(r'<a href="/artikel/(\d+)/">weiterlesen', section)]
    assert shown(listed) == 1
    assert len(listed) == len(related) - 1  # every other line of the seed's list is there

    assert shown(html_entries(client.get("/").content.decode())) == 1
    # the story once on every topic page of the article's tags that names it, never twice
    # (the line's keywords Trump and Putin name both twins; Kreml or Moskau neither)
    twin_topics = {e.slug for twin in twins for e in twin.entities.all()}
    for entity in main.tags():
        wanted = 1 if entity.slug in twin_topics else 0
        topic = client.get(f"/thema/{entity.slug}/").content.decode()
        assert shown(html_entries(topic)) == wanted, entity.slug
        for feed in ("rss.xml", "atom.xml"):
            body = client.get(f"/thema/{entity.slug}/{feed}").content
            assert shown(feed_entries(body)) == wanted, (entity.slug, feed)
    assert {"trump", "putin"} <= twin_topics
    for feed in ("/rss.xml", "/atom.xml"):
        assert shown(feed_entries(client.get(feed).content)) == 1, feed

    def fetch(path: str) -> tuple[int, bytes]:
        response = client.get(path)
        return response.status_code, response.content

    counts = count_lists(fetch)
    assert all(c.ok for c in counts), [c for c in counts if not c.ok]
