"""The chart maths: buckets in Berlin time, units that fit, bars that scale."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from meldungen.web.charts import MAX_BUCKETS, bar_chart, buckets, label, nice_ceiling, pick_unit

T0 = datetime(2025, 3, 29, 22, 30, tzinfo=UTC)  # the night the clocks go forward


def test_units_fit_the_span():
    assert pick_unit(T0, T0 + timedelta(hours=30)) == "hour"
    assert pick_unit(T0, T0 + timedelta(days=20)) == "day"
    assert pick_unit(T0, T0 + timedelta(days=200)) == "week"
    assert pick_unit(T0, T0 + timedelta(days=2000)) == "month"


def test_buckets_are_berlin_days_across_the_clock_change():
    days = buckets(T0, T0 + timedelta(days=3), "day")
    assert [d.strftime("%d.%m. %H:%M") for d in days] == [
        "29.03. 00:00",
        "30.03. 00:00",
        "31.03. 00:00",
        "01.04. 00:00",
        "02.04. 00:00",
    ]  # fmt: skip  (T0 is 23:30 in Berlin, three days later 00:30 summer time)
    assert len(buckets(T0, T0 + timedelta(days=3000), "month")) == MAX_BUCKETS
    assert label(days[0], "day") == "29.03.2025"
    assert label(days[0], "month") == "März 2025"
    assert label(days[0], "week").startswith("KW 13/")


def test_bars_scale_to_a_nice_maximum():
    assert [nice_ceiling(v) for v in (0, 1, 3, 7, 12, 450)] == [1, 1, 5, 10, 20, 500]
    starts = buckets(T0, T0 + timedelta(days=2), "day")
    chart = bar_chart(starts, [0, 4, 2, 0], "day")  # 4 Berlin days
    assert chart.total == 6 and chart.peak.count == 4
    assert [b.height for b in chart.bars][0] == 0
    tallest = max(chart.bars, key=lambda b: b.height)
    assert tallest.count == 4 and tallest.y >= 0
    assert [v for _, v in chart.ticks] == [0, 2, 5]


def test_the_hour_the_clocks_go_back_is_two_buckets_told_apart():
    first = datetime(2025, 10, 26, 0, 10, tzinfo=UTC)  # 2:10 summer time
    hours = buckets(first, first + timedelta(hours=1), "hour")  # to 2:10 winter time
    assert [h.astimezone(UTC).hour for h in hours] == [0, 1]
    assert [label(h, "hour") for h in hours] == [
        "26.10.2025, 02 Uhr (MESZ)",
        "26.10.2025, 02 Uhr (MEZ)",
    ]
    assert label(hours[1] + timedelta(hours=2), "hour") == "26.10.2025, 04 Uhr"
