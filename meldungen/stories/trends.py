"""Which topics are rising: each entity's share of recent stories tested against its own share
over the previous weeks.

The unit is the distinct story (an agency's ten copies of one event count once), and the rate is
a share of all stories in the same window, so a busy afternoon does not make everything rise and
a quiet night does not hide a real burst. Under the null hypothesis an entity keeps its usual
share ``p0`` (its baseline share, smoothed with a small prior so a name never seen before has a
small but non-zero expected share); the number of recent stories that mention it is then
binomial(N, p0). An entity trends when

- at least ``min_stories`` recent stories mention it,
- it appears at least ``min_lift`` times as often as expected from the number of recent stories
  about other things (the odds ratio; a steady heavy hitter such as "Deutschland" wobbles
  around its share and never doubles its odds), and
- the binomial upper tail P(X >= x) is below ``alpha`` divided by the number of entities
  mentioned in the recent window at all (Bonferroni over every entity that could have risen,
  not only the few that did: with hundreds of rare names, one of them reaching three stories by
  chance is no surprise).

Trends are ranked by that surprise (-log10 of the p-value). Plain maths, no Django.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from dataclasses import dataclass

from scipy.stats import binom


@dataclass(frozen=True)
class TrendParams:
    recent_hours: int = 6  # the window that may be rising
    baseline_days: int = 28  # the weeks before it, each entity's usual share
    min_stories: int = 3  # fewer recent stories are never a trend
    min_lift: float = 2.0  # observed / expected stories
    alpha: float = 0.01  # family-wise error over all entities tested at once
    prior_stories: float = 1.0  # pseudo-count that smooths an entity's baseline share


@dataclass(frozen=True)
class Trend:
    key: Hashable
    recent: int  # distinct recent stories that mention the entity
    recent_total: int  # distinct recent stories
    baseline: int  # distinct baseline stories that mention it
    baseline_total: int  # distinct baseline stories
    expected: float  # recent stories expected, given the recent stories about other things
    lift: float  # recent / expected (the odds ratio of recent to usual share)
    p_value: float  # binomial upper tail P(X >= recent)
    score: float  # -log10(p_value), the ranking


def baseline_share(baseline: int, baseline_total: int, prior_stories: float = 1.0) -> float:
    """The entity's usual share of stories, smoothed: (b + a) / (B + a), never 0 and never 1
    unless the baseline is empty (then nothing can be said and the share is 1)."""
    if baseline_total <= 0:
        return 1.0
    return min(1.0, (baseline + prior_stories) / (baseline_total + prior_stories))


def upper_tail(observed: int, total: int, share: float) -> float:
    """P(X >= observed) for X ~ binomial(total, share)."""
    if observed <= 0:
        return 1.0
    if share >= 1.0:
        return 1.0
    return float(binom.sf(observed - 1, max(total, observed), share))


def surprise(p_value: float) -> float:
    return -math.log10(max(p_value, 1e-300))


def score_entity(
    key: Hashable,
    recent: int,
    recent_total: int,
    baseline: int,
    baseline_total: int,
    params: TrendParams,
) -> Trend:
    """The figures of one entity, whether or not it trends."""
    recent_total = max(recent_total, recent)
    share = baseline_share(baseline, baseline_total, params.prior_stories)
    # Expected from the stories about other things: a burst adds to the total too, so measuring
    # against p0 * total would cap the lift of a frequent entity at 1 / p0 (an odds ratio).
    others = recent_total - recent
    expected = share / (1.0 - share) * others if share < 1.0 else math.inf
    p_value = upper_tail(recent, recent_total, share)
    return Trend(
        key=key,
        recent=recent,
        recent_total=recent_total,
        baseline=baseline,
        baseline_total=baseline_total,
        expected=expected,
        lift=recent / expected if expected > 0 else math.inf,
        p_value=p_value,
        score=surprise(p_value),
    )


def candidates(recent: Mapping[Hashable, int], params: TrendParams) -> list[Hashable]:
    """The entities with enough recent stories to be tested (their baselines are all a caller
    needs to fetch)."""
    return [key for key, n in recent.items() if n >= params.min_stories]


def detect_trends(
    recent: Mapping[Hashable, int],
    baseline: Mapping[Hashable, int],
    recent_total: int,
    baseline_total: int,
    params: TrendParams | None = None,
) -> list[Trend]:
    """The trending entities, most surprising first.

    ``recent``/``baseline`` map an entity to the distinct stories that mention it in the recent
    window and in the baseline window; the totals are the distinct stories of each window.
    """
    params = params or TrendParams()
    tested = candidates(recent, params)
    if not tested or recent_total <= 0:
        return []
    family = max(len(tested), sum(1 for n in recent.values() if n > 0))
    threshold = params.alpha / family
    found = []
    for key in tested:
        trend = score_entity(
            key, recent[key], recent_total, baseline.get(key, 0), baseline_total, params
        )
        if trend.lift >= params.min_lift and trend.p_value < threshold:
            found.append(trend)
    found.sort(key=lambda t: (-t.score, -t.recent, str(t.key)))
    return found


def describe(trend: Trend, recent_hours: int, baseline_days: int) -> str:
    """The test's figures in plain German words."""
    usual = trend.expected
    usual_text = f"{usual:.1f}".replace(".", ",") if usual < 10 else f"{usual:.0f}"
    lift = "neu" if math.isinf(trend.lift) else f"{trend.lift:.1f}".replace(".", ",") + "-fach"
    chance = _chance(trend.p_value)
    return (
        f"{trend.recent} von {trend.recent_total} Geschichten der letzten {recent_hours} Stunden "
        f"nennen das Thema. Üblich wären neben den {trend.recent_total - trend.recent} übrigen "
        f"etwa {usual_text}, nach seinem Anteil in den {baseline_days} Tagen davor "
        f"({trend.baseline} von {trend.baseline_total} Geschichten): {lift} so viele. "
        f"Dass so viele rein zufällig zusammenkommen, ist {chance}."
    )


def _chance(p_value: float) -> str:
    if p_value <= 0:
        return "praktisch ausgeschlossen"
    exponent = math.floor(math.log10(p_value))
    if exponent >= -2:
        return f"etwa {p_value * 100:.0f} zu 100".replace(".", ",")
    if exponent >= -6:
        return f"seltener als 1 zu {10 ** (-exponent):,}".replace(",", ".")
    return "praktisch ausgeschlossen (seltener als 1 zu einer Million)"
