"""The chart maths: buckets in Berlin time, units that fit, bars that scale."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from meldungen.web import charts
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


def _stepped(first: datetime, last: datetime, unit: str) -> list[datetime]:
    """Every bucket start from ``first``'s to ``last``'s, one step at a time."""
    out = [charts.floor(first, unit)]
    while out[-1].timestamp() < charts.floor(last, unit).timestamp():
        out.append(charts.step(out[-1], unit))
    return out


def test_a_long_archive_steps_through_the_months_it_keeps_not_its_years(monkeypatch):
    """A topic of twenty years charts its latest 60 months (and "Oft zusammen mit" its latest
    six): the months are the same as stepped from the first, but only those kept are made."""
    first = datetime(2005, 10, 30, 1, 30, tzinfo=UTC)  # 2:30 the second time: fold=1 in Berlin
    last = datetime(2026, 3, 29, 1, 30, tzinfo=UTC)  # the night the clocks go forward
    whole = _stepped(first, last, "month")
    assert len(whole) == 246
    steps = []
    real_step = charts.step
    monkeypatch.setattr(
        charts, "step", lambda start, unit: steps.append(1) or real_step(start, unit)
    )
    kept = buckets(first, last, "month")
    assert kept == whole[-MAX_BUCKETS:] and len(steps) == MAX_BUCKETS - 1
    assert [k.fold for k in kept] == [w.fold for w in whole[-MAX_BUCKETS:]]
    assert buckets(first, last, "month", keep=6) == whole[-6:]
    assert buckets(last, last, "month", keep=6) == [charts.floor(last, "month")]
    short = buckets(first, first + timedelta(days=100), "month", keep=6)  # fewer months than kept
    assert short == _stepped(first, first + timedelta(days=100), "month")
    far = datetime(
        1, 1, 3, tzinfo=UTC
    )  # the lower bound of stored dates: its month began in year 0 in UTC
    assert (
        buckets(far, far + timedelta(days=9000), "month")
        == _stepped(far, far + timedelta(days=9000), "month")[-MAX_BUCKETS:]
    )
