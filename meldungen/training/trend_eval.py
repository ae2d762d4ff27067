"""Measuring the trend detector on a stream with planted bursts (``meldungen eval trends``).

The detector (stories/trends.py) is run every ``step_hours`` over a stream of reports, exactly as
the portal runs it: distinct stories per entity in the recent window against the baseline weeks
before it. Consecutive detections of one entity form an episode. An episode is right when its
entity has a planted burst and the episode starts between the burst's start and its end plus one
recent window; every other episode is a false alarm. Recall counts the bursts with a right
episode, the delay is the hours from a burst's start to its first detection.
"""

from __future__ import annotations

import statistics
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TextIO

from meldungen.stories.trends import TrendParams, candidates, detect_trends


@dataclass(frozen=True)
class Report:
    hour: float  # hours since the stream's start
    story: str
    entities: frozenset[str]


@dataclass(frozen=True)
class Burst:
    entity: str
    start: float
    end: float
    kind: str = ""  # e.g. "neu", "selten", "häufig": how usual the entity was before
    stories: int = 0  # planted stories


@dataclass
class Episode:
    entity: str
    first: float
    last: float
    burst: Burst | None = None


@dataclass
class EvalResult:
    bursts: list[Burst]
    episodes: list[Episode]
    delays: dict[Burst, float] = field(default_factory=dict)

    @property
    def precision(self) -> float:
        right = sum(1 for e in self.episodes if e.burst is not None)
        return right / len(self.episodes) if self.episodes else 1.0

    @property
    def recall(self) -> float:
        return len(self.delays) / len(self.bursts) if self.bursts else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


class WindowCounter:
    """Distinct stories in a time window, overall and per entity, over a fixed stream."""

    def __init__(self, reports: Iterable[Report]) -> None:
        self.reports = sorted(reports, key=lambda r: r.hour)
        self.hours = [r.hour for r in self.reports]
        by_entity: dict[str, list[tuple[float, str]]] = defaultdict(list)
        for r in self.reports:
            for key in r.entities:
                by_entity[key].append((r.hour, r.story))
        self.entity_hours = {k: [h for h, _ in v] for k, v in by_entity.items()}
        self.entity_stories = {k: [s for _, s in v] for k, v in by_entity.items()}

    def _slice(self, start: float, end: float) -> Sequence[Report]:
        return self.reports[bisect_left(self.hours, start) : bisect_left(self.hours, end)]

    def total(self, start: float, end: float) -> int:
        return len({r.story for r in self._slice(start, end)})

    def counts(self, start: float, end: float) -> dict[str, int]:
        pairs = {(key, r.story) for r in self._slice(start, end) for key in r.entities}
        out: dict[str, int] = defaultdict(int)
        for key, _ in pairs:
            out[key] += 1
        return out

    def entity_count(self, key: str, start: float, end: float) -> int:
        hours = self.entity_hours.get(key, [])
        lo, hi = bisect_left(hours, start), bisect_left(hours, end)
        return len(set(self.entity_stories[key][lo:hi]))


def run_detector(
    counter: WindowCounter, params: TrendParams, start: float, end: float, step_hours: float = 1.0
) -> dict[str, list[float]]:
    """Every time (hour) each entity was found trending, stepping from ``start`` to ``end``."""
    found: dict[str, list[float]] = defaultdict(list)
    recent_h, base_h = params.recent_hours, params.baseline_days * 24
    now = start
    while now <= end:
        recent = counter.counts(now - recent_h, now)
        wanted = candidates(recent, params)
        base_from, base_to = now - recent_h - base_h, now - recent_h
        baseline = {k: counter.entity_count(k, base_from, base_to) for k in wanted}
        trends = detect_trends(
            recent,
            baseline,
            counter.total(now - recent_h, now),
            counter.total(base_from, base_to),
            params,
        )
        for trend in trends:
            found[str(trend.key)].append(now)
        now += step_hours
    return found


def episodes_of(detections: dict[str, list[float]], gap_hours: float) -> list[Episode]:
    """Runs of detections of one entity with no pause longer than ``gap_hours``."""
    out = []
    for key, hours in detections.items():
        run = None
        for h in sorted(hours):
            if run is not None and h - run.last <= gap_hours:
                run.last = h
                continue
            run = Episode(key, h, h)
            out.append(run)
    return sorted(out, key=lambda e: (e.first, e.entity))


def score(bursts: Sequence[Burst], episodes: list[Episode], recent_hours: float) -> EvalResult:
    """Match episodes to planted bursts (see the module text)."""
    result = EvalResult(list(bursts), episodes)
    for ep in episodes:
        for burst in bursts:
            if burst.entity == ep.entity and burst.start <= ep.first <= burst.end + recent_hours:
                ep.burst = burst
                if burst not in result.delays or ep.first - burst.start < result.delays[burst]:
                    result.delays[burst] = ep.first - burst.start
                break
    return result


def evaluate(
    reports: Sequence[Report],
    bursts: Sequence[Burst],
    params: TrendParams,
    start: float,
    end: float,
    step_hours: float = 1.0,
) -> EvalResult:
    detections = run_detector(WindowCounter(reports), params, start, end, step_hours)
    return score(bursts, episodes_of(detections, params.recent_hours), params.recent_hours)


def print_result(result: EvalResult, out: TextIO, *, days: float, params: TrendParams) -> None:
    """One line per burst and per false alarm, then the figures (the last line)."""
    for burst in result.bursts:
        delay = result.delays.get(burst)
        said = f"found after {delay:.0f} h" if delay is not None else "missed"
        out.write(
            f"burst {burst.entity!r} ({burst.kind}, {burst.stories} stories in "
            f"{burst.end - burst.start:.0f} h): {said}\n"
        )
    false = [e for e in result.episodes if e.burst is None]
    for ep in false:
        out.write(
            f"false alarm {ep.entity!r} at hour {ep.first:.0f} ({ep.last - ep.first:.0f} h)\n"
        )
    delays = sorted(result.delays.values())
    median = statistics.median(delays) if delays else float("nan")
    mean = statistics.fmean(delays) if delays else float("nan")
    out.write(
        f"window={params.recent_hours}h baseline={params.baseline_days}d evaluated_days={days:.0f} "
        f"bursts={len(result.bursts)} detected={len(result.delays)} "
        f"episodes={len(result.episodes)} false_alarms={len(false)}\n"
    )
    out.write(
        f"precision={result.precision:.3f} recall={result.recall:.3f} F1={result.f1:.3f} "
        f"delay_median_h={median:.1f} delay_mean_h={mean:.1f}\n"
    )
