"""An item's language: what its feed states, unless enough of its text is surely another."""

from meldungen.enrich.language import MIN_CHARS_TO_OVERRULE, decide

ENGLISH_TEASER = (
    "City council approves new bike lane. The council approved a new bike lane along the river "
    "on Tuesday, and the mayor called it an important step for traffic in the city."
)
GERMAN_TEASER = (
    "Stadtrat beschließt neuen Radweg an der Elbe. Der Stadtrat hat am Dienstag den Bau eines "
    "neuen Radwegs beschlossen; die Arbeiten sollen im Frühjahr beginnen."
)


def test_a_feed_teaser_in_english_is_english_though_the_feed_says_german():
    assert len(ENGLISH_TEASER) < 200  # a teaser, not a whole article
    assert decide("de", ENGLISH_TEASER) == "en"


def test_a_german_teaser_keeps_the_stated_language():
    assert decide("de", GERMAN_TEASER) == "de"


def test_too_little_text_never_overrules_the_stated_language():
    short = "Prime Minister resigns tonight"
    assert len(short) < MIN_CHARS_TO_OVERRULE
    assert decide("de", short) == "de"
