"""Enrichment in the shell: tags from our own NER, wire keywords leading, and the editors'
choices (rename, merge, block, split) followed by later articles and by `enrich --all`."""

from __future__ import annotations

from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import call_command

from meldungen.ingest.draft import ArticleDraft
from meldungen.news.models import Article, Entity, EntitySplit
from meldungen.news.services import store_draft

pytestmark = [pytest.mark.django_db, pytest.mark.db]

BODY = (
    "<p>Bundeskanzlerin Angela Merkel ist am Montag in Paris mit dem französischen Präsidenten "
    "Emmanuel Macron zusammengetroffen. Merkel und Macron berieten im Élysée-Palast über den "
    "Haushalt der Europäischen Union.</p><p>Macron sagte nach dem Treffen, Frankreich und "
    "Deutschland wollten gemeinsam vorangehen. Merkel lobte die enge Abstimmung.</p>"
)


def article(n: int = 1, **kw) -> ArticleDraft:
    base = dict(
        guid=f"urn:test:enrich:{n}",
        headline="Merkel trifft Macron in Paris",
        format="rss",
        teaser="Die Kanzlerin und der Präsident beraten über den EU-Haushalt.",
        body=BODY,
        published=datetime(2025, 5, 5, 10, n, tzinfo=UTC),
    )
    base.update(kw)
    return ArticleDraft(**base)


def tag_line(pk: int) -> list[str]:
    return [e.display for e in Article.objects.get(pk=pk).tags()]


def test_tags_come_from_the_text_when_there_are_no_keywords():
    result = store_draft(article())
    tags = tag_line(result.article_id)
    assert tags[:2] == ["Merkel", "Macron"]
    assert "Paris" in tags
    assert not {"Bundeskanzlerin", "Präsident", "Treffen"} & set(tags)
    merkel = Entity.objects.get(display="Merkel")
    assert merkel.name == "Angela Merkel" and merkel.type == "PER"
    assert merkel.article_count == 1


def test_wire_keywords_lead_the_tag_line_and_the_text_fills_it():
    result = store_draft(article(keywords=["Macron", "Frankreich"]))
    tags = tag_line(result.article_id)
    assert tags[:2] == ["Macron", "Frankreich"]
    # the desk's two keywords do not bound the line: the headline's Merkel and Paris join
    assert {"Merkel", "Paris"} <= set(tags[2:])


def test_renamed_blocked_and_merged_entities_are_followed():
    first = store_draft(article(1))
    merkel = Entity.objects.get(display="Merkel")
    merkel.display, merkel.renamed = "Kanzlerin Merkel", True
    merkel.save()
    paris = Entity.objects.get(display="Paris")
    paris.blocked = True
    paris.save()
    second = store_draft(article(2, guid="urn:test:enrich:2", headline="Macron empfängt Merkel"))
    tags = tag_line(second.article_id)
    assert "Kanzlerin Merkel" in tags and "Paris" not in tags
    # merge: Macron into a hand-made entity; the next article links the target
    target = Entity.objects.create(
        key="per:emmanuel-macron-praesident",
        name="Emmanuel Macron",
        display="Präsident Macron",
        type="PER",
        slug="praesident-macron",
    )
    Entity.objects.filter(display="Macron").update(merged_into=target)
    third = store_draft(article(3, guid="urn:test:enrich:3", headline="Merkel und Macron einig"))
    assert "Präsident Macron" in tag_line(third.article_id)
    assert first.article_id  # the first article keeps its links until re-enriched


def test_split_routes_by_cue_words():
    store_draft(article(1))
    macron = Entity.objects.get(display="Macron")
    other = Entity.objects.create(
        key="per:macron-junior",
        name="Macron junior",
        display="Macron junior",
        type="PER",
        slug="macron-junior",
    )
    EntitySplit.objects.create(entity=macron, target=other, cues="Élysée-Palast")
    # another headline: an exact copy would reuse the first article's links unchanged
    second = article(2, guid="urn:test:enrich:2", headline="Merkel und Macron in Paris")
    result = store_draft(second)
    assert "Macron junior" in tag_line(result.article_id)


def test_enrich_all_applies_new_choices_to_stored_articles():
    result = store_draft(article())
    Entity.objects.filter(display="Paris").update(blocked=True)
    out = StringIO()
    call_command("enrich", "--all", stdout=out)
    assert out.getvalue().strip() == "enriched=1 failed=0"
    assert "Paris" not in tag_line(result.article_id)


SPORT = [
    "Der Verein gewann das Heimspiel mit zwei Toren, der Trainer lobte die Abwehr.",
    "Die Torhüterin hielt im Elfmeterschießen zweimal und sicherte den Pokal.",
    "Nach der dritten Niederlage in Folge steht der Klub auf einem Abstiegsplatz.",
    "Der Stürmer wechselt zur neuen Saison für eine Ablöse in die Bundesliga.",
]
WIRTSCHAFT = [
    "Die Aktie stieg, nachdem der Konzern höhere Umsätze und Gewinne meldete.",
    "Die Notenbank ließ den Leitzins unverändert, die Inflation sank leicht.",
    "Der Autobauer kündigte an, in seinem Werk 2000 Stellen abzubauen.",
    "Die Exporte in die USA gingen im dritten Quartal deutlich zurück.",
]


def test_train_ressort_from_stored_articles(tmp_path):
    n = 0
    for ressort, texts in (("Sport", SPORT), ("Wirtschaft", WIRTSCHAFT)):
        for text in texts:
            n += 1
            store_draft(
                article(
                    n,
                    guid=f"urn:test:r:{n}",
                    headline=" ".join(text.split()[:5]),
                    body=f"<p>{text}</p>",
                    ressort_hints=[ressort],
                    teaser="",
                )
            )
    out = StringIO()
    call_command(
        "train", "ressort", "--out", str(tmp_path / "m"), "--min-per-class", "3", stdout=out
    )
    assert "Sport=4" in out.getvalue() and "Wirtschaft=4" in out.getvalue()
    from meldungen.enrich.ressort import RessortModel

    model = RessortModel.load(tmp_path / "m")
    assert model.predict("Pokalspiel", "Der Trainer lobte die Abwehr und den Stürmer.").label == (
        "Sport"
    )


def test_train_ressort_with_too_few_labels_says_why(tmp_path):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="at least two Ressorts"):
        call_command("train", "ressort", "--out", str(tmp_path / "m"), stdout=StringIO())


def test_a_keyword_the_text_does_not_name_joins_the_topic_of_the_articles_that_do(client):
    named = article(
        1,
        headline="Landtag beschließt den Haushalt",
        teaser="",
        body="<p>Der Landtag hat den Haushalt beschlossen. Im Landtag gab es Streit.</p>",
    )
    keyword_only = article(
        2,
        headline="Abgeordnete laufen beim Stadtlauf mit",
        teaser="",
        body="<p>Zehntausend Läufer gingen an den Start, unter ihnen viele Abgeordnete.</p>",
        keywords=["Landtag"],
    )
    for draft in (named, keyword_only):
        assert store_draft(draft).outcome == "new"
    topics = Entity.objects.filter(name="Landtag")
    assert [(e.key, e.slug) for e in topics] == [("org:landtag", "landtag")]  # one topic
    page = client.get("/thema/landtag/").content.decode()
    assert "Landtag beschließt den Haushalt" in page and "beim Stadtlauf mit" in page
