"""The trend test: a planted burst is found, a steady heavy hitter is not, and the stream
evaluation measures both."""

from __future__ import annotations

import io
import random

from meldungen.stories.trends import TrendParams, baseline_share, describe, detect_trends
from meldungen.training.trend_eval import Burst, Report, evaluate, print_result


def test_planted_burst_found_steady_heavy_hitter_not():
    # Baseline: 2000 stories, "Deutschland" in 30 % of them, "Vulkan" in 4.
    baseline = {"Deutschland": 600, "Vulkan": 4, "Berlin": 100}
    # Recent: 60 stories, "Deutschland" still at its share, "Vulkan" in 8 of them.
    recent = {"Deutschland": 19, "Vulkan": 8, "Berlin": 3, "Hamburg": 1}
    trends = detect_trends(recent, baseline, 60, 2000)
    assert [t.key for t in trends] == ["Vulkan"]
    vulkan = trends[0]
    assert vulkan.lift > 10 and vulkan.p_value < 1e-6
    assert vulkan.recent == 8 and vulkan.baseline == 4


def test_heavy_hitter_trends_only_when_it_really_rises():
    baseline = {"Deutschland": 600}
    assert detect_trends({"Deutschland": 25}, baseline, 60, 2000) == []  # 42 % vs 30 %
    rising = detect_trends({"Deutschland": 50}, baseline, 60, 2000)  # 83 % vs 30 %
    assert [t.key for t in rising] == ["Deutschland"]


def test_too_few_stories_and_empty_baseline_never_trend():
    assert detect_trends({"Neu": 2}, {}, 40, 2000) == []  # below min_stories
    assert detect_trends({"Neu": 5}, {}, 10, 0) == []  # no baseline: nothing to compare
    assert detect_trends({}, {}, 0, 0) == []
    assert baseline_share(0, 0) == 1.0
    assert 0 < baseline_share(0, 1000) < 0.01


def test_many_rare_names_do_not_trend_by_chance():
    """Bonferroni over every entity mentioned: one of 300 rare names reaching three stories in
    a busy window is expected, not news."""
    recent = {f"Name {i}": 1 for i in range(300)}
    recent["Name 7"] = 3
    baseline = {f"Name {i}": 20 for i in range(300)}
    assert detect_trends(recent, baseline, 200, 4000) == []


def test_describe_says_the_figures_in_words():
    (trend,) = detect_trends({"Vulkan": 8}, {"Vulkan": 4}, 60, 2000)
    text = describe(trend, 6, 28)
    assert "8 von 60 Geschichten der letzten 6 Stunden" in text
    assert "(4 von 2000 Geschichten)" in text
    assert "fach so viele" in text


def _stream(seed: int = 1) -> tuple[list[Report], list[Burst]]:
    rng = random.Random(seed)
    reports = []
    for n in range(24 * 30 * 3):  # three stories an hour for 30 days
        hour = n / 3
        ents = {"Deutschland"} if rng.random() < 0.3 else set()
        ents.add(f"Rand {rng.randint(1, 200)}")
        reports.append(Report(hour, f"s{n}", frozenset(ents)))
    burst = Burst("Vulkan", 24 * 25 + 10, 24 * 25 + 16, "neu", 8)
    for j in range(8):
        reports.append(Report(burst.start + j * 0.7, f"b{j}", frozenset({"Vulkan"})))
    return reports, [burst]


def test_stream_evaluation_finds_the_planted_burst_with_its_delay():
    reports, bursts = _stream()
    params = TrendParams(baseline_days=14)
    result = evaluate(reports, bursts, params, start=24 * 20, end=24 * 30)
    assert result.recall == 1.0
    delay = result.delays[bursts[0]]
    assert 0 <= delay <= 6
    assert not any(e.entity == "Deutschland" for e in result.episodes)
    out = io.StringIO()
    print_result(result, out, days=10, params=params)
    last = out.getvalue().strip().splitlines()[-1]
    assert last.startswith("precision=") and "recall=1.000" in last
