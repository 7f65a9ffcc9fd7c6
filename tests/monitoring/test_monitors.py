"""The run history and its monitors over three cron runs of two generated sites on 127.0.0.1; before the third
run one site "redesigns": its bylines move to markup the extraction does not know."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from scrapy.utils.test import get_crawler

from newsspider import keys
from newsspider.commands.crawl import run_exit_status
from newsspider.monitoring.compare import Drop, Thresholds, run_drops
from newsspider.monitoring.health import HealthTally, RunRecord, SiteHealth, site_of, word_histogram
from tests.saved_pages import ROOT
from tests.servers.news_site import NewsSite
from tests.test_incremental import CRAWL_TIMEOUT, crawl_command, summary

FIRST_ARTICLES = 12
ADDED_PER_RUN = 8
MONITOR_SETTINGS = ("-s", "NEWSSPIDER_MONITOR_MIN_ARTICLES=5", "-s", "NEWSSPIDER_REPORT=1")


@pytest.fixture
def two_sites() -> Iterator[tuple[NewsSite, NewsSite]]:
    now = datetime.now(UTC)
    with NewsSite(articles=FIRST_ARTICLES, now=now, seed=3) as first, NewsSite(FIRST_ARTICLES, now, seed=5) as second:
        yield first, second


def crawl_both(sites: tuple[NewsSite, NewsSite], output: Path, *extra: str) -> Any:
    command = crawl_command(sites[0], output, *MONITOR_SETTINGS, *extra)
    start = command.index(f"start_urls={sites[0].url('/')}")
    command[start] = f"start_urls={sites[0].url('/')},{sites[1].url('/')}"
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=CRAWL_TIMEOUT, check=False)


def two_runs_then_a_redesign(sites: tuple[NewsSite, NewsSite], output: Path) -> None:
    """Two crawls that pass their monitors, new articles on both sites after each, then the first site's
    redesign."""
    for _ in range(2):
        result = crawl_both(sites, output)
        assert result.returncode == 0, result.stderr[-3000:]
        assert "monitor failed" not in result.stderr
        for site in sites:
            site.add_articles(ADDED_PER_RUN)
    sites[0].redesigned = True


def stored_runs(output: Path) -> list[RunRecord]:
    with closing(sqlite3.connect(output / "state.sqlite")) as connection:
        rows = connection.execute("SELECT record FROM runs ORDER BY finished_at").fetchall()
    return [RunRecord.from_json(json.loads(row[0])) for row in rows]


def test_a_site_whose_bylines_moved_fails_the_authors_monitor_and_the_other_passes(
    two_sites: tuple[NewsSite, NewsSite], tmp_path: Path
) -> None:
    changed, unchanged = two_sites
    output = tmp_path / "out"
    two_runs_then_a_redesign(two_sites, output)
    third = crawl_both(two_sites, output, "-s", "NEWSSPIDER_MONITORS_FAIL_RUN=1")
    changed_site, unchanged_site = site_of(changed.url("/")), site_of(unchanged.url("/"))
    assert f"{changed_site}: authors 1.00 -> 0.00 over the last 2 runs" in third.stderr
    assert f"{unchanged_site}: " not in third.stderr.split("monitor failed", 1)[-1]
    assert third.returncode == 5  # NEWSSPIDER_MONITORS_FAIL_RUN: a failed monitor fails the run
    assert summary(third.stderr)["new"] == str(2 * ADDED_PER_RUN)
    runs = stored_runs(output)
    assert len(runs) == 3
    last = runs[-1]
    assert {site.site for site in last.sites} == {changed_site, unchanged_site}
    assert last.site(changed_site).coverage["authors"] == 0.0  # type: ignore[union-attr]
    assert last.site(unchanged_site).coverage["authors"] == 1.0  # type: ignore[union-attr]
    assert len(list(output.glob("*.report.html"))) == 3


@pytest.mark.parametrize(("fail_run", "expected"), [(False, 0), (True, 5)])
def test_a_failed_monitor_fails_the_run_only_with_fail_run(fail_run: bool, expected: int) -> None:
    crawler = get_crawler(settings_dict={"NEWSSPIDER_MONITORS_FAIL_RUN": fail_run})
    crawler.stats.set_value("finish_reason", "finished")
    crawler.stats.set_value(keys.MONITORS_FAILED, 1)
    assert run_exit_status(crawler, bootstrap_failed=False) == expected


# --- the comparison on its own ---

THRESHOLDS = Thresholds(window=5, min_articles=5, min_runs=2, max_coverage_drop=0.25, max_words_drop=0.5)


def run_of(run_id: str, finished: str, *sites: SiteHealth) -> RunRecord:
    return RunRecord(run_id, "site", finished, finished, "finished", {}, list(sites))


def health(site: str, authors: float, words: float = 600.0, articles: int = 20) -> SiteHealth:
    coverage = {"authors": authors, "published_at": 1.0, "caption": 0.5, "images": 0.8, "related_links": 0.6}
    return SiteHealth(site, articles, coverage, words, 0.0)


def test_a_drop_is_measured_against_the_median_of_the_last_runs() -> None:
    past = [
        run_of(f"r{index}", f"2026-11-{20 - index:02d}", health("a.com", value))
        for index, value in enumerate([0.9, 0.95, 0.2, 0.9, 0.9, 0.1])
    ]  # newest first; the 6th is beyond the window of 5
    now = run_of("now", "2026-11-21", health("a.com", 0.5))
    [drop] = run_drops(now, past, THRESHOLDS)
    assert drop == Drop("a.com", "authors", 0.9, 0.5, 5)
    assert drop.message() == "a.com: authors 0.90 -> 0.50 over the last 5 runs"


def test_too_few_past_runs_or_articles_are_not_compared() -> None:
    past = [run_of("r1", "2026-11-20", health("a.com", 1.0))]
    assert run_drops(run_of("now", "2026-11-21", health("a.com", 0.0)), past, THRESHOLDS) == []
    past.append(run_of("r2", "2026-11-19", health("a.com", 1.0)))
    assert run_drops(run_of("now", "2026-11-21", health("a.com", 0.0, articles=3)), past, THRESHOLDS) == []
    assert len(run_drops(run_of("now", "2026-11-21", health("a.com", 0.0)), past, THRESHOLDS)) == 1


def test_a_halved_median_word_count_is_a_drop() -> None:
    past = [run_of(f"r{index}", f"2026-11-{10 + index}", health("a.com", 1.0, words=800)) for index in range(3)]
    [drop] = run_drops(run_of("now", "2026-11-21", health("a.com", 1.0, words=300)), past, THRESHOLDS)
    assert drop.message() == "a.com: median words 800 -> 300 over the last 3 runs"


def test_the_tally_counts_each_site_apart() -> None:
    tally = HealthTally()
    tally.add_article({"canonical_url": "https://www.a.com/1", "authors": ["X"], "word_count": 120, "body": "b" * 900})
    tally.add_article({"canonical_url": "https://news.a.com/2", "authors": [], "word_count": 80, "body": "b"})
    tally.add_non_article("https://b.org/tag/x", "listing")
    tally.add_failure("https://b.org/gone", "http_5xx")
    a, b = tally.sites()
    assert (a.site, a.articles, a.coverage["authors"], a.median_words, a.short_bodies) == ("a.com", 2, 0.5, 100, 0.5)
    assert (b.site, b.articles, b.non_articles, b.failures) == ("b.org", 0, {"listing": 1}, {"http_5xx": 1})
    assert word_histogram([0, 99, 100, 6000]) == [2, 1, 0, 0, 0, 0, 0, 0, 1]
