"""Reports over time as a bar chart drawn on the server: time buckets and SVG geometry.

Plain functions over plain data (no database): ``pick_unit`` chooses hours, days, weeks or
months so that a chart has at most ``MAX_BUCKETS`` bars, ``buckets`` lists the bucket starts of
a range in Berlin time, ``bar_chart`` turns counts into rectangles, grid lines and labels for an
inline ``<svg>`` that the template draws. The template adds ``<title>``/``<desc>`` and a table of
the same counts for screen readers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")
UTC = ZoneInfo("UTC")
MAX_BUCKETS = 60
UNITS = ("hour", "day", "week", "month")
MONTHS = (
    "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
    "Oktober", "November", "Dezember",
)  # fmt: skip
WIDTH, HEIGHT = 640, 180
LEFT, RIGHT, TOP, BOTTOM = 34, 8, 10, 26


def pick_unit(first: datetime, last: datetime) -> str:
    """The finest unit that fits the span into MAX_BUCKETS bars (months beyond that: the chart
    then shows the latest MAX_BUCKETS months)."""
    span = last - first
    if span <= timedelta(hours=MAX_BUCKETS - 1):
        return "hour"
    if span <= timedelta(days=MAX_BUCKETS - 1):
        return "day"
    if span <= timedelta(weeks=MAX_BUCKETS - 1):
        return "week"
    return "month"


def floor(moment: datetime, unit: str) -> datetime:
    """The start of the bucket holding ``moment``, in Berlin time."""
    local = moment.astimezone(BERLIN)
    if unit == "hour":
        return local.replace(minute=0, second=0, microsecond=0)
    day = local.replace(hour=0, minute=0, second=0, microsecond=0)
    if unit == "day":
        return day
    if unit == "week":
        return (day - timedelta(days=day.weekday())).replace(tzinfo=BERLIN)
    return day.replace(day=1)


def step(start: datetime, unit: str) -> datetime:
    """The next bucket's start (wall-clock arithmetic in Berlin, so DST days stay days)."""
    naive = start.replace(tzinfo=None)
    if unit == "hour":
        return (start.astimezone(UTC) + timedelta(hours=1)).astimezone(BERLIN)
    if unit == "day":
        return (naive + timedelta(days=1)).replace(tzinfo=BERLIN)
    if unit == "week":
        return (naive + timedelta(weeks=1)).replace(tzinfo=BERLIN)
    year, month = (naive.year + 1, 1) if naive.month == 12 else (naive.year, naive.month + 1)
    return naive.replace(year=year, month=month).replace(tzinfo=BERLIN)


def buckets(first: datetime, last: datetime, unit: str, keep: int = MAX_BUCKETS) -> list[datetime]:
    """The bucket starts from ``first``'s to ``last``'s, the latest ``keep`` of them."""
    out, final = [floor(first, unit)], floor(last, unit)
    if unit == "month":  # a long archive: begin at the first month kept, not years before it
        skip = (final.year - out[0].year) * 12 + final.month - out[0].month - (keep - 1)
        if skip > 0:  # the month ``step`` reaches after ``skip`` steps (its fold too)
            index = out[0].year * 12 + out[0].month - 1 + skip
            out = [out[0].replace(year=index // 12, month=index % 12 + 1)]
    # instants, as seconds: the clock repeats an hour in autumn, and a bucket of the first days
    # of year 1 in Berlin has no UTC datetime (it began on 31 December of year 0 there)
    end = final.timestamp()
    while out[-1].timestamp() < end:
        out.append(step(out[-1], unit))
    return out[-keep:]


def label(start: datetime, unit: str, short: bool = False) -> str:
    """German label of a bucket: "12.02.2025, 18 Uhr", "12.02.2025", "KW 7/2025", "Februar 2025"."""
    local = start.astimezone(BERLIN)
    if unit == "hour":
        text = local.strftime("%d.%m., %H Uhr" if short else "%d.%m.%Y, %H Uhr")
        if local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset():
            text += " (MESZ)" if local.dst() else " (MEZ)"  # the hour the clock lives twice
        return text
    if unit == "day":
        return local.strftime("%d.%m." if short else "%d.%m.%Y")
    if unit == "week":
        year, week, _ = local.isocalendar()
        return f"KW {week}" if short else f"KW {week}/{year}"
    return (
        f"{MONTHS[local.month - 1][:3]} {local.year}"
        if short
        else f"{MONTHS[local.month - 1]} {local.year}"
    )


UNIT_WORDS = {"hour": "Stunde", "day": "Tag", "week": "Woche", "month": "Monat"}


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    count: int


@dataclass(frozen=True)
class Chart:
    unit: str
    bars: list[Bar]
    ticks: list[tuple[float, int]]  # (y, value) of the horizontal grid lines
    x_labels: list[tuple[float, str]]  # (x centre, text) under the first, middle and last bars
    total: int
    peak: Bar | None
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    baseline_y: float = HEIGHT - BOTTOM

    @property
    def unit_word(self) -> str:
        return UNIT_WORDS[self.unit]

    @property
    def first_label(self) -> str:
        return self.bars[0].label if self.bars else ""

    @property
    def last_label(self) -> str:
        return self.bars[-1].label if self.bars else ""


def nice_ceiling(value: int) -> int:
    """The smallest 1, 2 or 5 times a power of ten that is at least ``value`` (at least 1)."""
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            if factor * magnitude >= value:
                return factor * magnitude
        magnitude *= 10


def bar_chart(starts: list[datetime], counts: list[int], unit: str) -> Chart:
    """Geometry of a bar chart of ``counts`` (one per bucket start)."""
    top = nice_ceiling(max(counts, default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(1, len(counts))
    bars = []
    for i, (start, n) in enumerate(zip(starts, counts, strict=True)):
        h = plot_h * n / top
        bars.append(
            Bar(
                x=round(LEFT + i * slot + slot * 0.1, 2),
                y=round(TOP + plot_h - h, 2),
                width=round(max(slot * 0.8, 1.0), 2),
                height=round(h, 2),
                label=label(start, unit),
                count=n,
            )
        )
    ticks = [(round(TOP + plot_h - plot_h * v / top, 2), v) for v in sorted({0, top // 2, top})]
    picks = sorted({0, len(bars) // 2, len(bars) - 1}) if bars else []
    x_labels = [
        (round(bars[i].x + bars[i].width / 2, 2), label(starts[i], unit, short=True)) for i in picks
    ]
    peak = max(bars, key=lambda b: b.count) if bars and top else None
    return Chart(unit, bars, ticks, x_labels, sum(counts), peak)
