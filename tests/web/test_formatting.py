"""Times in Europe/Berlin in the seed's format, and the credit line under an article."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from meldungen.web.formatting import credit_label, format_minute, format_time, iso_time
from meldungen.web.ressorts import ordered, ressort_slug


def test_times_are_shown_in_berlin_winter_and_summer():
    winter = datetime(2025, 2, 12, 17, 27, 49, tzinfo=UTC)
    summer = datetime(2025, 7, 1, 22, 5, 0, tzinfo=UTC)
    assert format_time(winter) == "12.02.2025 - 18:27:49"
    assert format_minute(winter) == "12.02.2025 - 18:27"
    assert format_time(summer) == "02.07.2025 - 00:05:00"  # +2 h crosses midnight
    assert iso_time(summer) == "2025-07-02T00:05:00+02:00"
    assert format_time(None) == "" and iso_time(None) == ""


@pytest.mark.parametrize(
    ("credit", "source", "url", "expected"),
    [
        ("dpa", "dpa", "", "dpa.de"),
        ("dpa/lno", "", "", "dpa.de"),
        ("", "dpa", "", "dpa.de"),
        ("AFP", "", "", "afp.com"),
        ("Deutsche Presse-Agentur", "", "", "dpa.de"),
        ("", "tagesschau.de", "https://www.tagesschau.de/x", "tagesschau.de"),
        ("", "Badische Zeitung", "https://www.badische-zeitung.de/a", "Badische Zeitung"),
        ("", "", "https://www.example-zeitung.de/a/1", "example-zeitung.de"),
    ],
)
def test_credit_label(credit, source, url, expected):
    assert credit_label(credit, source, url) == expected


def test_ressort_slugs_and_order():
    assert ressort_slug("Außenpolitik") == "aussenpolitik"
    assert ressort_slug("Modernes Leben") == "modernes-leben"
    assert ordered(["Sport", "Zeitgeschehen", "Politik", "", "Auto", "Politik"]) == [
        "Politik",
        "Sport",
        "Auto",
        "Zeitgeschehen",
    ]
