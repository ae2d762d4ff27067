"""Tags: salient entities, wire keywords and feed categories, deduplicated, no common nouns."""

from __future__ import annotations

from enrich_article import HEADLINE_END, TEASER_SPAN, TEXT, fake_mentions

import meldungen.enrich.tags as tags_module
from meldungen.enrich.entities import EditorialRules, canonical_entities
from meldungen.enrich.tags import (
    MAX_TAGS,
    ONCE_NAMED_UP_TO,
    match_entity,
    select_tags,
    tag_line,
)


def _entities(rules=None):
    return canonical_entities(
        fake_mentions(TEXT), TEXT, headline_end=HEADLINE_END, teaser_span=TEASER_SPAN,
        rules=rules,
    )  # fmt: skip


def test_without_keywords_the_headline_subjects_lead(monkeypatch):
    tags = select_tags(_entities())
    assert tag_line(tags).startswith("Merz, Macron")
    assert [t.key for t in tags][:2] == ["per:friedrich-merz", "per:emmanuel-macron"]
    assert all(t.origin == "entity" for t in tags)
    assert len(tags) <= MAX_TAGS == 10
    line = tag_line(tags)
    for noun in ("Verhandlungen", "Telefonat", "Kremlchef", "Kanzler", "Berater"):
        assert noun not in line
    # Brüssel is mentioned once, late, outside headline and teaser: a place of the report,
    # after every name the article comes back to, and only while the line is short
    assert line.endswith(", Brüssel")
    assert len(tags) <= ONCE_NAMED_UP_TO
    recurring = len(tags) - 2  # Berlin and Brüssel are named once
    monkeypatch.setattr(tags_module, "ONCE_NAMED_UP_TO", recurring)
    assert tag_line(select_tags(_entities())) == line.removesuffix(", Berlin, Brüssel")


def test_keywords_lead_and_merge_with_entities():
    tags = select_tags(
        _entities(), keywords=["Emmanuel Macron", "Gipfel", "Europa-Politik", "Merz"]
    )
    assert [t.display for t in tags] == [
        "Macron", "Europa-Politik", "Merz", "Ukraine", "Paris", "Peskow",  # Peskow: named twice
        "Berlin", "Brüssel",  # places named once: last, up to ONCE_NAMED_UP_TO
    ]  # fmt: skip
    assert tags[0].key == "per:emmanuel-macron" and tags[0].origin == "keyword"
    assert tags[1].key == "tag:europa-politik"  # a keyword without entity keeps its own key
    # "Gipfel" is a common noun: never a tag


def test_categories_that_name_a_section_are_not_tags():
    tags = select_tags(
        _entities(), categories=["Politik", "News/Ausland", "Frankreich"], max_tags=8
    )
    displays = [t.display for t in tags]
    assert "Politik" not in displays and "News/Ausland" not in displays
    assert displays[-1] == "Frankreich" and tags[-1].origin == "category"


def test_blocked_and_renamed_and_max_tags():
    rules = EditorialRules(
        blocked={"per:emmanuel-macron", "tag:europa-politik"},
        renames={"per:friedrich-merz": "Friedrich Merz"},
    )
    tags = select_tags(_entities(rules), keywords=["Europa-Politik"], rules=rules, max_tags=2)
    assert [t.display for t in tags] == ["Friedrich Merz", "Ukraine"]


def test_match_entity_by_surname_and_forms():
    ents = _entities()
    assert match_entity("Friedrich Merz", ents).key == "per:friedrich-merz"
    assert match_entity("Macrons", ents).key == "per:emmanuel-macron"  # a surface form
    assert match_entity("Brigitte Macron", ents) is None  # another person
    assert match_entity("Merz", ents).key == "per:friedrich-merz"
    assert match_entity("Lissabon", ents) is None
    assert match_entity("", ents) is None


def test_full_name_keyword_matches_a_surname_only_entity():
    text = "Putin droht erneut. Putin sprach im Fernsehen."
    ents = canonical_entities(fake_mentions(text, [("Putin", "PER")]), text, headline_end=19)
    assert [e.name for e in ents] == ["Putin"]
    tags = select_tags(ents, keywords=["Wladimir Putin"])
    assert [(t.key, t.display, t.origin) for t in tags] == [("per:putin", "Putin", "keyword")]


def test_a_party_keyword_is_a_tag_though_it_reads_as_a_noun():
    tags = select_tags(_entities(), keywords=["Die Grünen", "Frauen", "Grüne"], max_tags=8)
    displays = [t.display for t in tags]
    assert displays[0] == "Grüne" and displays.count("Grüne") == 1
    # the party's entity key, as the articles that name it have: one topic, not two
    assert tags[0].key == "org:gruene" and "Frauen" not in displays


def test_a_name_the_body_comes_back_to_is_a_tag_one_named_once_late_comes_last():
    # A report about Scholz in Kiel: the Bundesbank is named twice in the body, first early
    # on; Lissabon once, near the end. Neither is in the headline or the teaser.
    text = (
        "Scholz besucht Kiel. "
        "Der Kanzler sprach mit der Bundesbank über Zinsen und Löhne in Kiel und im Norden. "
        "Die Bundesbank rechnet mit einem schwachen Jahr, sagte Scholz vor Gästen aus der "
        "Stadt. Am Abend reiste Scholz weiter, zuletzt war er im Frühjahr in Lissabon."
    )
    mentions = fake_mentions(text, [("Scholz", "PER"), ("Kiel", "LOC"),
                                    ("Bundesbank", "ORG"), ("Lissabon", "LOC")])  # fmt: skip
    ents = canonical_entities(mentions, text, headline_end=20)
    bank = next(e for e in ents if e.name == "Bundesbank")
    assert bank.mentions == 2 and not (bank.in_headline or bank.in_teaser)
    displays = [t.display for t in select_tags(ents)]
    assert displays[:2] == ["Scholz", "Kiel"]
    assert "Bundesbank" in displays  # a name the article comes back to is one of its topics
    assert displays[-1] == "Lissabon"  # named once, late: after the article's topics


def test_without_a_teaser_the_names_of_the_lead_sentences_are_tags():
    # No teaser: the body's first two sentences are the lead, after the dateline ("Kairo (AP)
    # -"). The IAEA, named once in the first, and Rohani, once in the second, are topics;
    # Teheran, named once later, follows them; the dateline's place and agency are no tags.
    text = (
        "Iran nimmt Anlage wieder in Betrieb.\n\n"
        "Kairo (AP) - Trotz Warnungen der EU nimmt der Iran seine Anlage unter Aufsicht der IAEA "
        "wieder in Betrieb. Präsident Rohani stellt sich auf Druck ein. Am Abend sprach man in "
        "Teheran von einem Erfolg."
    )
    names = [("Iran", "LOC"), ("EU", "ORG"), ("IAEA", "ORG"), ("Kairo", "LOC"), ("AP", "ORG"),
             ("Rohani", "PER"), ("Teheran", "LOC")]  # fmt: skip
    ents = canonical_entities(fake_mentions(text, names), text, headline_end=36)
    displays = [t.display for t in select_tags(ents)]
    assert displays[0] == "Iran" and {"EU", "IAEA", "Rohani"} <= set(displays)
    assert displays[-1] == "Teheran" and not {"Kairo", "AP"} & set(displays)
    # a name with its party in brackets is no dateline: the lead starts with it
    from meldungen.enrich.lead import lead_span

    merz = "Merz tritt an.\n\nFriedrich Merz (CDU) - der Kandidat - sagte am Montag: Ja. Gut. So."
    a, b = lead_span(merz, 14)
    assert merz[a:b].startswith("Friedrich Merz (CDU)") and merz[a:b].endswith("Ja. Gut.")
    # with a teaser, the teaser is the lead: the body's first sentences are not
    teaser_at = text.index("Präsident Rohani")
    ents = canonical_entities(
        fake_mentions(text, names), text, headline_end=36,
        teaser_span=(teaser_at, teaser_at + 30),
    )  # fmt: skip
    iaea = next(e for e in ents if e.name == "IAEA")
    assert not (iaea.in_lead or iaea.in_teaser) and iaea.mentions == 1


def test_a_place_keyword_in_capitals_shows_in_its_usual_spelling_acronyms_stay():
    tags = select_tags([], keywords=["EUROPA", "NATO", "UNICEF", "Deutschland"])
    assert [t.display for t in tags] == ["Europa", "Nato", "UNICEF", "Deutschland"]  # Nato: alias
    assert tags[0].key == "loc:europa"  # the place's entity key


def test_a_keyword_naming_no_entity_of_the_text_takes_the_key_the_entity_stage_would_give():
    tags = select_tags([], keywords=["Landtag", "Berlin", "Stadtlauf", "Konflikte"])
    assert [(t.display, t.key) for t in tags] == [
        ("Landtag", "org:landtag"),  # an institution, though it reads as a noun
        ("Berlin", "loc:berlin"),
        ("Stadtlauf", "tag:stadtlauf"),  # a keyword of its own; "Konflikte" is no tag
    ]


def test_a_news_agency_cited_as_the_source_is_no_tag_unless_the_headline_names_it():
    text = (
        "Fahrverbot in Stuttgart wird oft missachtet.\n\n"
        "Viele Fahrer halten sich nicht an das Verbot, sagte Polizeisprecher Uwe Krause der "
        "Deutschen Presse-Agentur. Die Nachrichtenagentur Reuters meldete Hunderte Verstöße. "
        "Die Agenturen Reuters und AFP fragten nach. Der Unternehmer Michael Bloomberg äußerte "
        "sich nicht."
    )
    names = [("Stuttgart", "LOC"), ("Uwe Krause", "PER"), ("Deutschen Presse-Agentur", "ORG"),
             ("Reuters", "ORG"), ("AFP", "ORG"), ("Michael Bloomberg", "PER")]  # fmt: skip
    ents = canonical_entities(fake_mentions(text, names), text, headline_end=44)
    displays = [t.display for t in select_tags(ents)]
    assert displays[:2] == ["Stuttgart", "Krause"]
    assert not {"Deutsche Presse-Agentur", "Reuters", "AFP"} & set(displays)
    headline = "Myanmar lässt Reporter von Reuters frei."
    text = f"{headline}\n\nDie Reporter der Agentur Reuters sind frei, teilte Reuters mit."
    names = [("Reuters", "ORG"), ("Myanmar", "LOC")]
    ents = canonical_entities(fake_mentions(text, names), text, headline_end=len(headline))
    assert "Reuters" in [t.display for t in select_tags(ents)]


def test_a_full_line_takes_the_names_the_article_comes_back_to_before_those_it_names_once():
    # the lead names eleven places once each; late in the body the article comes back to the
    # Bundesbank (less salient than the lead's places): with room for MAX_TAGS, the Bundesbank
    # is on the line and a place of the lead is not
    places = ["Kiel", "Lübeck", "Husum", "Flensburg", "Schleswig", "Heide", "Eutin", "Plön",
              "Rendsburg", "Itzehoe", "Meldorf"]  # fmt: skip
    later = " ".join(["Er sprach lange über Löhne, Zinsen und die Lage im Land."] * 12)
    text = (
        "Scholz reist durch den Norden.\n\n"
        f"Scholz besucht {', '.join(places)}. Er spricht mit Bürgern. {later} "
        "Am Abend traf er Vertreter der Bundesbank. Die Bundesbank rechnet mit einem Plus."
    )
    names = [("Scholz", "PER"), ("Bundesbank", "ORG")] + [(p, "LOC") for p in places]
    ents = canonical_entities(fake_mentions(text, names), text, headline_end=30)
    assert sum(e.in_lead and e.mentions == 1 for e in ents) >= MAX_TAGS  # the line is full
    displays = [t.display for t in select_tags(ents)]
    assert len(displays) == MAX_TAGS
    assert displays[0] == "Scholz" and "Bundesbank" in displays


def test_a_person_named_once_by_full_name_is_a_tag_a_surname_alone_is_not(monkeypatch):
    # The seed's case: the Ukrainian president is named once, by first name and surname, in a
    # report about a call between Trump and Putin; "Müller", once and alone, is no tag
    text = (
        "Trump telefoniert mit Putin. "
        "Trump sprach lange mit Putin über den Krieg. Putin lud Trump ein. Danach wollte Trump "
        "den ukrainischen Präsidenten Wolodymyr Selenskyj informieren. Das sagte Müller."
    )
    names = [("Trump", "PER"), ("Putin", "PER"), ("Wolodymyr Selenskyj", "PER"),
             ("Müller", "PER")]  # fmt: skip
    ents = canonical_entities(fake_mentions(text, names), text, headline_end=28)
    sel = next(e for e in ents if e.name == "Wolodymyr Selenskyj")
    assert sel.mentions == 1 and not (sel.in_headline or sel.in_teaser or sel.in_lead)
    displays = [t.display for t in select_tags(ents)]
    assert displays == ["Trump", "Putin", "Selenskyj"]
    # a line already as long as ONCE_NAMED_UP_TO still takes a person named once, not a place
    text += " Er war in Kiew."
    names.append(("Kiew", "LOC"))
    ents = canonical_entities(fake_mentions(text, names), text, headline_end=28)
    assert [t.display for t in select_tags(ents)][-2:] == ["Selenskyj", "Kiew"]
    monkeypatch.setattr(tags_module, "ONCE_NAMED_UP_TO", 2)
    assert [t.display for t in select_tags(ents)] == ["Trump", "Putin", "Selenskyj"]
