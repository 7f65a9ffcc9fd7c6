"""A site against its own past: the figures of this run that fell beyond a threshold from the site's median
over its last runs."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from newsspider.monitoring.health import HEALTH_FIELDS, RunRecord, SiteHealth


@dataclass(frozen=True)
class Thresholds:
    """When a site is compared, and what counts as a drop (NEWSSPIDER_MONITOR_* settings)."""

    window: int  # the site's last runs its median is taken over
    min_articles: int  # articles of the site in this run, at least
    min_runs: int  # past runs with the site, at least
    max_coverage_drop: float  # a field's share may fall by this much (0.25: 0.90 -> 0.65)
    max_words_drop: float  # the median word count may fall by this share of itself


@dataclass(frozen=True)
class Drop:
    """One figure of one site that fell."""

    site: str
    figure: str  # a HEALTH_FIELDS name, "median words" or "short bodies"
    before: float  # the site's median over its past runs
    now: float
    runs: int  # how many past runs the median is of

    def message(self) -> str:
        shown = "{:.0f}" if self.figure == "median words" else "{:.2f}"
        return (
            f"{self.site}: {self.figure} {shown.format(self.before)} -> {shown.format(self.now)} "
            f"over the last {self.runs} runs"
        )


def baseline(site: str, past: list[RunRecord], window: int) -> tuple[dict[str, float], int]:
    """The site's median of each figure over its last `window` past runs that wrote it (past: newest first),
    and how many runs those are."""
    runs = [health for run in past if (health := run.site(site)) is not None and health.articles][:window]
    if not runs:
        return {}, 0
    medians = {name: statistics.median(health.coverage.get(name, 0.0) for health in runs) for name in HEALTH_FIELDS}
    medians["median words"] = statistics.median(health.median_words for health in runs)
    medians["short bodies"] = statistics.median(health.short_bodies for health in runs)
    return medians, len(runs)


def site_drops(health: SiteHealth, past: list[RunRecord], thresholds: Thresholds) -> list[Drop]:
    """The figures of one site in this run that fell from its median (none when there is too little to go on)."""
    before, runs = baseline(health.site, past, thresholds.window)
    if health.articles < thresholds.min_articles or runs < thresholds.min_runs:
        return []
    found = [
        Drop(health.site, name, before[name], health.coverage.get(name, 0.0), runs)
        for name in HEALTH_FIELDS
        if before[name] - health.coverage.get(name, 0.0) > thresholds.max_coverage_drop
    ]
    if before["median words"] and health.median_words < before["median words"] * (1 - thresholds.max_words_drop):
        found.append(Drop(health.site, "median words", before["median words"], health.median_words, runs))
    if health.short_bodies - before["short bodies"] > thresholds.max_coverage_drop:
        found.append(Drop(health.site, "short bodies", before["short bodies"], health.short_bodies, runs))
    return found


def run_drops(run: RunRecord, past: list[RunRecord], thresholds: Thresholds) -> list[Drop]:
    """Every drop of every site of a run, against the runs before it."""
    earlier = [other for other in past if other.run_id != run.run_id]
    return [drop for health in run.sites for drop in site_drops(health, earlier, thresholds)]
