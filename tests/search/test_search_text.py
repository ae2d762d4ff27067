"""Stemming, the query language and highlighting, without a database."""

from meldungen.search.text import fts5_expression, highlight, parse_query, snippet, stem, stemmed


def test_german_stems_join_inflected_forms():
    assert stem("verhandlung") == stem("verhandlungen")
    assert stem("putins") == stem("putin")
    assert stem("häuser") == stem("haus")


def test_indexed_text_is_stemmed_without_function_words():
    assert stemmed("Die Verhandlungen in Genf") == "verhandl genf"


def test_query_words_phrases_negation_and_or():
    q = parse_query('Putin "Gespräche in Genf" -Kreml Pokal OR Streik')
    assert [c.negated for c in q.clauses] == [False, False, True, False]
    assert q.clauses[1].alternatives[0].words == ("gespräche", "in", "genf")
    assert q.clauses[1].alternatives[0].stems == ("gesprach", "genf")
    assert len(q.clauses[3].alternatives) == 2
    assert fts5_expression(q) == (
        '("putin" AND "gesprach genf" AND ("pokal" OR "streik")) NOT "kreml"'
    )


def test_query_of_only_function_words_is_empty():
    assert parse_query("und die der").is_empty
    assert parse_query("").is_empty
    assert parse_query('"" - OR').is_empty


def test_query_syntax_characters_cannot_reach_fts5():
    q = parse_query('NEAR(a b) col:x "unclosed * ^ AND')
    assert '"' not in "".join(s for c in q.clauses for a in c.alternatives for s in a.stems)
    assert "NEAR(" not in fts5_expression(q)


def test_hyphenated_word_is_a_phrase():
    q = parse_query("Ukraine-Krieg")
    assert q.clauses[0].alternatives[0].stems == ("ukrain", "krieg")


def test_highlight_marks_inflected_forms_and_escapes():
    marks = parse_query("Verhandlung").highlight_stems()
    out = highlight("<b>Die Verhandlungen</b> & mehr", marks)
    assert out == "&lt;b&gt;Die <mark>Verhandlungen</mark>&lt;/b&gt; &amp; mehr"


def test_snippet_centres_on_the_matches():
    middle = "Hier beginnen die Verhandlungen in Genf. "
    text = "Anfang. " + "Füllwort " * 80 + middle + "Rest " * 80
    out = snippet(text, parse_query("Verhandlung Genf").highlight_stems(), width=120)
    assert out.startswith("… ") and out.endswith(" …")
    assert "<mark>Verhandlungen</mark>" in out and "<mark>Genf</mark>" in out
    assert len(out) < 200


def test_a_word_twice_is_asked_of_postgresql_once():
    from meldungen.search.backends.postgres import tsquery

    assert tsquery(parse_query("Steuer Steuer")) == tsquery(parse_query("Steuer"))
    expr, params = tsquery(parse_query("Steuer Reform Steuer -Bahn"))
    assert params == ["steu", "reform", "bahn"] and expr.count("!!") == 1  # the stems
