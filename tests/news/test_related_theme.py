"""The shared theme of a "Weitere Meldungen" entry reads as written: names capitalised."""

from meldungen.news.related import as_written


def test_theme_terms_take_the_spelling_of_the_articles_names():
    names = ["Wladimir Putin", "Donald Trump", "Kreml"]
    assert as_written(("putin", "trump", "Kreml"), names) == ("Putin", "Trump", "Kreml")


def test_theme_terms_without_a_name_stay_as_they_are():
    assert as_written(("Waffenruhe", "russisch"), ["Wladimir Putin"]) == ("Waffenruhe", "russisch")
