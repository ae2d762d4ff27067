"""Headlines that lost part of themselves (titles made from file names or URL slugs, cut to a
length or without their colon), organisations named by the first words of their name, and
names with adjectives in the form a tag cites them in."""

from __future__ import annotations

from meldungen.enrich.entities import Mention, canonical_entities


def _keys(headline: str, body: str, spec: list[tuple[str, str]]) -> set[str]:
    """Keys of the entities of ``headline`` (given a full stop, as the pipeline does) + body;
    each (surface, label) of ``spec`` is a mention at every place the surface stands."""
    text = f"{headline}.\n\n{body}"
    mentions = []
    for surface, label in spec:
        start = text.find(surface)
        while start >= 0:
            end = start + len(surface)
            if (start == 0 or not text[start - 1].isalnum()) and not text[end : end + 1].isalnum():
                mentions.append(Mention(start, end, surface, label))
            start = text.find(surface, end)
    return {e.key for e in canonical_entities(mentions, text, headline_end=len(headline) + 1)}


def test_a_name_cut_at_the_headline_end_is_the_article_name_it_starts():
    keys = _keys(
        "Spanien vereinbart Kooperation mit Brasilien und Venezue",
        "Spanien und Venezuela wollen enger zusammenarbeiten. Auch Brasilien ist dabei.",
        [("Spanien", "LOC"), ("Brasilien", "LOC"), ("Venezue", "LOC"), ("Venezuela", "LOC")],
    )
    assert keys == {"loc:spanien", "loc:brasilien", "loc:venezuela"}


def test_a_cut_word_that_starts_no_name_is_left_out():
    # "Angr" is the start of "Angriff": no name at all
    keys = _keys(
        "Großbritannien schließt sich Angr",
        "Großbritannien schließt sich dem Angriff auf Stellungen in Libyen an.",
        [("Großbritannien", "LOC"), ("Angr", "ORG"), ("Libyen", "LOC")],
    )
    assert keys == {"loc:grossbritannien", "loc:libyen"}


def test_a_cut_last_word_the_body_never_gives_and_no_list_knows_names_nothing():
    # "Mitschul" of "Mitschuld": the body has no form of it; the full name before it stays
    keys = _keys(
        "Demokraten geben Donald Trump Mitschul",
        "Die Demokraten werfen Donald Trump vor, das Klima vergiftet zu haben.",
        [("Demokraten", "ORG"), ("Donald Trump Mitschul", "PER"), ("Donald Trump", "PER")],
    )
    assert keys == {"org:demokraten", "per:donald-trump"}
    keys = _keys(
        "EU einigt sich auf Mandat für Türkeibeitri",
        "Die EU-Außenminister haben sich auf ein Mandat für Gespräche mit der Türkei geeinigt.",
        [("EU", "ORG"), ("Türkeibeitri", "LOC"), ("Türkei", "LOC")],
    )
    assert keys == {"org:eu", "loc:tuerkei"}
    # a place the gazetteer knows is a name, whether the body repeats it or not
    keys = _keys(
        "Regierung tagt in Hamburg",
        "Das Kabinett kam am Montag zu einer Sitzung zusammen.",
        [("Hamburg", "LOC")],
    )
    assert keys == {"loc:hamburg"}


def test_a_whole_last_word_is_no_cut_even_when_longer_forms_follow():
    # "Putins" is Putin's genitive: no sign of a cut; "Mali" stands in the body as a word
    keys = _keys(
        "Scholz telefoniert mit Putin",
        "Putins Sprecher bestätigte das Gespräch. Thema war auch Malis Lage.",
        [("Scholz", "PER"), ("Putin", "PER"), ("Putins", "PER")],
    )
    assert keys == {"per:scholz", "per:putin"}


def test_two_names_side_by_side_in_a_headline_without_its_colon_are_two():
    keys = _keys(
        "Polen Jarosław Kaczyński verzichtet auf das Amt",
        "Jarosław Kaczyński will nicht Ministerpräsident werden, teilte seine Partei in"
        " Warschau mit.",
        # the NER took the run for one place
        [("Polen Jarosław Kaczyński", "LOC"), ("Jarosław Kaczyński", "PER"),
         ("Warschau", "LOC")],
    )  # fmt: skip
    assert keys == {"loc:polen", "per:jaroslaw-kaczynski", "loc:warschau"}


def test_a_person_and_an_institution_side_by_side_are_two():
    keys = _keys(
        "Mordfall Walter Lübcke Bundesanwaltschaft ermittelt",
        "Im Mordfall Walter Lübcke hat die Bundesanwaltschaft die Ermittlungen übernommen.",
        [("Walter Lübcke Bundesanwaltschaft", "PER"), ("Walter Lübcke", "PER"),
         ("Bundesanwaltschaft", "ORG")],
    )  # fmt: skip
    assert keys == {"per:walter-luebcke", "org:bundesanwaltschaft"}


def test_a_body_and_a_place_or_a_person_side_by_side_are_two():
    keys = _keys(
        "BND USA übertrieben Hinweise auf Waffen",
        "Der BND wirft den USA vor, Hinweise übertrieben zu haben. Die USA schweigen.",
        [("BND USA", "ORG"), ("BND", "ORG"), ("USA", "LOC")],
    )
    assert keys == {"org:bundesnachrichtendienst", "loc:usa"}
    keys = _keys(
        "Kernfusionsreaktor ITER Chirac besichtigt den Standort",
        "Jacques Chirac besuchte am Montag die Baustelle des ITER in Südfrankreich. Der ITER"
        " soll 2016 fertig sein.",
        [("ITER Chirac", "ORG"), ("Jacques Chirac", "PER"), ("ITER", "ORG")],
    )  # fmt: skip
    assert keys == {"org:iter", "per:jacques-chirac"}


def test_a_club_and_its_city_and_a_person_named_like_a_place_stay_whole():
    keys = _keys(
        "Chelsea Handler lobt den FC Bayern München",
        "Die Moderatorin Chelsea Handler sah das Spiel des FC Bayern München in London.",
        [("Chelsea Handler", "PER"), ("FC Bayern München", "ORG"), ("London", "LOC")],
    )
    assert keys == {"per:chelsea-handler", "org:fc-bayern", "loc:london"}


def test_an_organisation_named_without_its_year_or_city_is_one_organisation():
    keys = _keys(
        "FC Schalke trennt sich von seinem Trainer",
        "Der FC Schalke 04 hat seinen Trainer entlassen. Der FC Bayern München und der FC"
        " Bayern-Vorstand schwiegen, der FC Bayern selbst auch.",
        [("FC Schalke", "ORG"), ("FC Schalke 04", "ORG"), ("FC Bayern München", "ORG"),
         ("FC Bayern", "ORG")],
    )  # fmt: skip
    assert keys == {"org:fc-schalke-04", "org:fc-bayern"}  # the alias table: one club, one topic


def test_an_organisation_whose_longer_namesake_goes_on_otherwise_stays_itself():
    # "Deutsche Bank" is not the "Deutsche Bank Stiftung": its last word is no year or place
    keys = _keys(
        "Deutsche Bank senkt die Kosten",
        "Die Deutsche Bank spart. Die Deutsche Bank Stiftung fördert weiter Schulen.",
        [("Deutsche Bank", "ORG"), ("Deutsche Bank Stiftung", "ORG")],
    )
    assert keys == {"org:deutsche-bank", "org:deutsche-bank-stiftung"}


def test_names_with_adjectives_are_cited_in_the_form_a_tag_takes():
    text = (
        "Der Europäische Rat tagt.\n\nDie Sprecherin des Weißen Hauses lobte den Europäischen"
        " Rat. Das Weiße Haus schwieg zur Europäischen Investitionsbank und zum Roten Kreuz."
    )
    names = ["Europäische Rat", "Weißen Hauses", "Europäischen Rat", "Weiße Haus",
             "Europäischen Investitionsbank", "Roten Kreuz"]  # fmt: skip
    spec = [(n, "ORG") for n in names]
    mentions = [Mention(i, i + len(s), s, label) for s, label in spec for i in [text.find(s)]]
    shown = {e.key: e.display for e in canonical_entities(mentions, text, headline_end=24)}
    assert shown["org:europaeische-rat"] == "Europäischer Rat"  # the key stays as it was
    assert shown["org:weisse-haus"] == "Weißes Haus"
    assert shown["org:europaeische-investitionsbank"] == "Europäische Investitionsbank"  # f
    assert shown["org:rote-kreuz"] == "Rotes Kreuz"


def test_an_attribute_after_der_keeps_its_case():
    # "Vereinten" is cited "Vereinte" as a name of its own, not inside another one's genitive
    text = (
        "Clinton bildet Wahlkomitee.\n\nClinton bereitet sich auf die Präsidentschaftswahl der"
        " Vereinigten Staaten vor. Die Vereinten Nationen äußerten sich nicht."
    )
    names = ["Präsidentschaftswahl der Vereinigten Staaten", "Vereinten Nationen"]
    mentions = [Mention(text.find(n), text.find(n) + len(n), n, "ORG") for n in names]
    shown = {e.display for e in canonical_entities(mentions, text, headline_end=26)}
    assert "Präsidentschaftswahl der Vereinigten Staaten" in shown
    assert "UN" in shown  # "Vereinte Nationen", the alias table's UN


def test_hostile_runs_of_letters_are_no_cut_word_and_no_noun():
    from meldungen.enrich.headline_cut import cut_last_word
    from meldungen.enrich.nouns import cited_form, noun_gender

    # one 200,000-letter "word" ending in a mark: looked at through a bounded tail only
    headline = "A" * 200_000 + "#"
    assert cut_last_word(f"{headline}\n\nAAAAAAAB", len(headline)) is None
    assert noun_gender("Haus" * 50_000) == ""
    assert cited_form("Weiße " + "Haus" * 50_000).startswith("Weiße ")


def test_an_adjective_of_plain_en_form_is_cited_and_its_genitive_folds_in():
    text = (
        "Frieden im Nahen Osten.\n\nDie Lage des Nahen Ostens bleibt gespannt. Schiffe auf dem"
        " Schwarzen Meer warten. Golden State gewinnt in Oakland."
    )
    names = ["Nahen Osten", "Nahen Ostens", "Schwarzen Meer", "Golden State", "Oakland"]
    mentions = [Mention(text.find(n), text.find(n) + len(n), n, "LOC") for n in names]
    shown = {e.key: e.display for e in canonical_entities(mentions, text, headline_end=24)}
    assert shown == {
        "loc:nahe-osten": "Naher Osten",  # one place, both forms
        "loc:schwarze-meer": "Schwarzes Meer",
        "loc:golden-state": "Golden State",  # English: no German adjective before a noun
        "loc:oakland": "Oakland",
    }


def test_a_regnal_number_ends_a_persons_name():
    # the tagger ran "Alberts II." on into the headline's next words; "von Monaco" stays
    text = "Appell König Alberts II. an Wallonen.\n\nAlbert II. von Monaco gratulierte."
    mentions = [Mention(13, 36, "Alberts II. an Wallonen", "PER"),
                Mention(39, 60, "Albert II. von Monaco", "PER")]  # fmt: skip
    names = {e.name for e in canonical_entities(mentions, text, headline_end=37)}
    assert names == {"Albert II", "Albert II von Monaco"}


def test_a_body_that_lost_its_opening_names_nothing_by_the_piece_left():
    # "Riad (Saudi-Arabien), 06.01.2018 – …" cut after "Saudi-": the piece is the article's
    # one name that ends in it, or nothing
    def keys(headline: str, body: str, names: list[tuple[str, str]]) -> set[str]:
        text = f"{headline}.\n\n{body}"
        at = len(headline) + 3  # the body's first word, the NER's span of the piece
        mentions = [Mention(at, at + 7, "Arabien", "LOC")] if body.startswith("Arabien)") else []
        for surface, label in names:
            start = text.index(surface, at)
            mentions.append(Mention(start, start + len(surface), surface, label))
        found = canonical_entities(mentions, text, headline_end=len(headline) + 1)
        return {e.key for e in found}

    body = "Arabien), 06.01.2018 – Saudi-Arabien hat eine Mehrwertsteuer eingeführt."
    assert keys("Mehrwertsteuer eingeführt", body, [("Saudi-Arabien", "LOC")]) == {
        "loc:saudi-arabien"
    }
    body = "Arabien), 20.11.2007 – Der Präsident von Venezuela hat gedroht."
    assert keys("Chávez droht", body, [("Venezuela", "LOC")]) == {"loc:venezuela"}
    # a whole dateline stays: its places are named
    body = "Riad (Saudi-Arabien), 20.11.2007 – Der Präsident von Venezuela hat gedroht."
    names = [("Riad", "LOC"), ("Saudi-Arabien", "LOC"), ("Venezuela", "LOC")]
    assert keys("Chávez droht", body, names) == {"loc:riad", "loc:saudi-arabien", "loc:venezuela"}
