"""The portal's memory of names: a person an earlier article named in full is the same entity
when a later one names the surname only, and a headline that names known persons bare gets
them as tags even where the tagger finds no name (runs on both databases: db marker)."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest

from meldungen.ingest.draft import ArticleDraft
from meldungen.news.enrichment import KnownNames
from meldungen.news.models import Article, Entity
from meldungen.news.services import store_draft

pytestmark = [pytest.mark.django_db, pytest.mark.db]


def put(n: int, headline: str, body: str, teaser: str = "") -> Article:
    draft = ArticleDraft(
        guid=f"urn:test:memory-{n}", headline=headline, format="ninjs", teaser=teaser,
        body=f"<p>{body}</p>", published=datetime(2025, 3, 18, 10, n, tzinfo=UTC), credit="dpa",
    )  # fmt: skip
    result = store_draft(draft)
    assert result.outcome == "new", result
    return Article.objects.get(pk=result.article_id)


def test_a_known_person_named_bare_is_the_same_entity_and_tag(client):
    put(1, "Trump telefoniert mit Putin",
        "US-Präsident Donald Trump hat mit Kremlchef Wladimir Putin telefoniert. Trump sprach"
        " von einem guten Gespräch, Putin bestätigte das Telefonat.")  # fmt: skip
    # the seed page's own item: no full name anywhere, and the tagger finds no bare surname
    later = put(2, "Trump kommt mit Putin nur langsam voran",
                "Es gab nur eine Einigung, von der man sehen muss, ob sie trägt. Das Gespräch"
                " brachte keine Waffenruhe für 30 Tage.")  # fmt: skip
    assert [(e.display, e.key) for e in later.tags()] == [
        ("Trump", "per:donald-trump"), ("Putin", "per:wladimir-putin"),
    ]  # fmt: skip
    html = client.get(f"/artikel/{later.pk}/").content.decode()
    for entity in later.tags():
        assert f'href="{entity.get_absolute_url()}"' in html
    topic = client.get(later.tags()[0].get_absolute_url()).content.decode()
    assert "Trump kommt mit Putin nur langsam voran" in topic


def test_the_memory_answers_names_and_surnames_in_any_case():
    put(1, "Trump telefoniert mit Putin",
        "US-Präsident Donald Trump hat mit Kremlchef Wladimir Putin telefoniert.")  # fmt: skip
    known = KnownNames()
    assert known.get("TRUMP") == "per:donald-trump"  # the surname a tag shows
    assert known.get("donald trump") == "per:donald-trump"  # the full name
    assert "Merkel" not in known


def test_a_middle_initial_shows_its_full_stop_and_is_found_without_it(client):
    article = put(1, "George W. Bush besucht Berlin",
                  "Der frühere US-Präsident George W. Bush ist in Berlin eingetroffen. Bush"
                  " trifft am Dienstag den Bundespräsidenten.")  # fmt: skip
    bush = next(e for e in article.tags() if e.key == "per:george-w-bush")
    assert bush.name == "George W. Bush"  # as the press writes it; the key has no stop
    assert KnownNames().get("george w bush") == "per:george-w-bush"  # written without it
    assert "George W. Bush" in client.get(bush.get_absolute_url()).content.decode()


def test_the_memory_knows_names_that_begin_with_an_umlaut():
    # SQLite's LOWER() folds ASCII letters only: "Özdemir" stays "Özdemir" there
    put(
        1,
        "Özdemir besucht Kiel",
        "Bundesminister Cem Özdemir hat am Montag Kiel besucht. Özdemir sprach mit Landwirten.",
    )
    known = KnownNames()
    assert known.get("Özdemir") == "per:cem-oezdemir"
    assert known.get("ÖZDEMIR") == "per:cem-oezdemir"  # a dateline's capitals
    assert known.get("Cem Özdemir") == "per:cem-oezdemir"
    later = put(2, "Landwirte loben Özdemir", "Der Minister war am Montag im Norden.")
    assert [e.key for e in later.tags()][:1] == ["per:cem-oezdemir"]


def test_a_known_surname_the_dictionary_also_has_is_a_name_but_a_word_written_small_is_not():
    put(1, "Merkel und Kurz in Wien",
        "Bundeskanzlerin Angela Merkel hat Bundeskanzler Sebastian Kurz in Wien getroffen. Merkel"
        " und Kurz sprachen über Europa.")  # fmt: skip
    # "merkel" is in simplemma's dictionary, led back to the name: still a name
    later = put(2, "Merkel lobt die Einigung", "Der Streit dauerte Wochen.")
    assert "per:angela-merkel" in [e.key for e in later.tags()]
    # "Kurz" opening a headline is the adverb, not the chancellor; mid-sentence it is him
    adverb = put(3, "Kurz vor der Wahl wächst die Spannung", "Die Parteien werben um Stimmen.")
    assert "per:sebastian-kurz" not in [e.key for e in adverb.tags()]
    person = put(4, "Opposition kritisiert Kurz", "Die Parteien werben um Stimmen.")
    assert "per:sebastian-kurz" in [e.key for e in person.tags()]


def test_a_bare_surname_goes_to_the_full_name_even_where_an_earlier_article_knew_only_it():
    first = put(1, "Salvini droht mit Neuwahlen", "Salvini sagte in Rom, er wolle Neuwahlen.")
    assert "per:salvini" in [e.key for e in first.tags()]
    put(
        2,
        "Matteo Salvini verliert Amt",
        "Innenminister Matteo Salvini hat sein Amt verloren. Salvini kündigte Widerstand an.",
    )
    later = put(3, "Salvini kündigt Widerstand an", "Er sprach in Mailand vor Anhängern.")
    assert "per:matteo-salvini" in [e.key for e in later.tags()]
    assert KnownNames().get("Salvini") == "per:matteo-salvini"


def test_one_batch_remembers_the_full_names_of_its_earlier_articles(client):
    # a file import stores its items in batches: the second article's bare "Salvini" is the
    # person the first named in full, as if they had come one by one
    from meldungen.news.store_batches import store_entries

    drafts = [
        ArticleDraft(
            guid=f"urn:test:batch-{n}",
            headline=headline,
            format="ninjs",
            body=f"<p>{body}</p>",
            published=datetime(2025, 3, 18, 10, n, tzinfo=UTC),
            credit="dpa",
        )  # fmt: skip
        for n, (headline, body) in enumerate(
            [
                (
                    "Matteo Salvini verliert Amt",
                    "Innenminister Matteo Salvini hat sein Amt verloren. Salvini kündigte"
                    " Widerstand an.",
                ),
                (
                    "Salvini besucht Flüchtlingslager auf Lampedusa",
                    "Salvini hat am Sonntag das Lager auf der Insel besucht und mit Helfern"
                    " gesprochen.",
                ),
            ]
        )  # fmt: skip
    ]
    results = store_entries([(d, "test") for d in drafts])
    assert [r.outcome for r in results] == ["new", "new"]
    later = Article.objects.get(pk=results[1].article_id)
    assert [e.key for e in later.tags()][:1] == ["per:matteo-salvini"]
    person = later.tags()[0]
    assert not Entity.objects.filter(key="per:salvini").exists()  # no second topic of him
    topic = client.get(person.get_absolute_url()).content.decode()
    assert "Flüchtlingslager auf Lampedusa" in topic and "Matteo Salvini verliert Amt" in topic


def test_a_person_named_in_full_takes_in_the_topic_of_the_bare_surname_seen_before(client):
    first = put(1, "Kohl kündigt Vertrauensfrage an", "Kohl sagte in Bonn, er stelle die Frage.")
    assert [e.key for e in first.tags()][:1] == ["per:kohl"]
    later = put(2, "Helmut Kohl gewinnt Abstimmung im Bundestag",
                "Bundeskanzler Helmut Kohl hat die Abstimmung gewonnen. Kohl dankte.")  # fmt: skip
    person = Entity.objects.get(key="per:helmut-kohl")
    assert Entity.objects.get(key="per:kohl").merged_into == person
    assert [e.key for e in first.tags()][:1] == ["per:helmut-kohl"]  # its link moved
    old = client.get("/thema/kohl/")
    assert old.status_code == 301 and old["Location"] == person.get_absolute_url()
    topic = client.get(person.get_absolute_url()).content.decode()
    assert first.headline in topic and later.headline in topic
    assert Entity.objects.get(pk=person.pk).article_count == 2


def test_a_bare_word_that_is_a_first_name_or_has_two_persons_named_in_full_stays_apart():
    put(1, "Alexander verlässt die Partei", "Alexander sagte, er verlasse die Partei.")
    put(2, "Journalist Robin Alexander liest in Leipzig",
        "Der Journalist Robin Alexander hat in Leipzig gelesen. Alexander sprach.")  # fmt: skip
    assert Entity.objects.get(key="per:alexander").merged_into is None  # a first name
    later = put(7, "Alexander tritt zurück", "Alexander sagte, er trete zurück.")
    assert "per:robin-alexander" not in [e.key for e in later.tags()]  # nor later, bare
    put(3, "Heinz Fischer besucht Berlin",
        "Bundespräsident Heinz Fischer hat Berlin besucht. Fischer traf den Kanzler.")  # fmt: skip
    put(4, "Joschka Fischer in Washington",
        "Außenminister Joschka Fischer ist in Washington. Fischer traf Powell.")  # fmt: skip
    bare = put(5, "Fischer warnt vor Krieg", "Fischer sagte in Berlin, er warne vor einem Krieg.")
    assert "per:fischer" in [e.key for e in bare.tags()]  # which of the two? neither
    put(6, "Ottfried Fischer tritt in München auf",
        "Der Kabarettist Ottfried Fischer ist in München aufgetreten.")  # fmt: skip
    assert Entity.objects.get(key="per:fischer").merged_into is None  # still ambiguous


def test_enrich_all_takes_in_the_bare_surnames_an_older_archive_stored(monkeypatch):
    # an archive stored before the rule: "Kohl" and "Helmut Kohl" are two topics
    from django.core.management import call_command

    from meldungen.news import topics

    first = put(1, "Kohl kündigt Vertrauensfrage an", "Kohl sagte in Bonn, er stelle die Frage.")
    with monkeypatch.context() as m:
        m.setattr(topics, "absorb_surnames", lambda persons: None)
        put(2, "Helmut Kohl gewinnt Abstimmung", "Bundeskanzler Helmut Kohl hat gewonnen.")
    assert Entity.objects.get(key="per:kohl").merged_into is None
    call_command("enrich", all=True, stdout=io.StringIO())
    assert Entity.objects.get(key="per:kohl").merged_into.key == "per:helmut-kohl"
    assert [e.key for e in first.tags()][:1] == ["per:helmut-kohl"]
