"""Incremental crawls as cron runs them, against a generated news site on 127.0.0.1: a first run, a second run
after new and changed articles, `since`, a run killed part-way, and two runs at once on one output directory."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.saved_pages import ROOT
from tests.servers.news_site import LISTED, SECTIONS, NewsSite

ARTICLES = 30  # a small site, about one article a day over 30 days
ADDED = 3  # articles published between two runs
CHANGED_POSITIONS = (10,)  # newest-first positions of articles changed between two runs: old, in the sitemaps only
SINCE = "2d"
SINCE_AGE = timedelta(days=2)
RECENT_ADDED = 12  # more than LISTED per section: the listings then show articles of the last two days only
DATE_MARGIN = timedelta(hours=1)  # no article is dated this close to the `since` cutoff
KILL_ARTICLES = 200
KILL_AFTER_LINES = 20  # lines in the running crawl's .part file before it is killed
KILL_DELAY = 0.05  # seconds per response while the first crawl runs: room to kill it part-way
LOCK_DELAY = 0.3  # seconds per response: the run holding the lock lasts well beyond the other one's start
LOCK_EXIT_SECONDS = 30  # the run that finds the lock taken exits within this
CRAWL_TIMEOUT = 300
POLL_SECONDS = 0.05
REQUIRED_FIELDS = ("id", "url", "canonical_url", "version", "modified_at", "published_at", "title", "body")
# no HTML report: tests/monitoring test it; drawing one would add a second to every crawl here
FAST = ["-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0", "-s", "LOG_LEVEL=INFO", "-s", "NEWSSPIDER_REPORT=0"]
SUMMARY = re.compile(
    r"newsspider summary: new=(?P<new>\d+) updated=(?P<updated>\d+) unchanged=(?P<unchanged>\d+) "
    r"duplicates=(?P<duplicates>\d+) non_articles=(?P<non_articles>\d+) failed=(?P<failed>\d+) "
    r"\(finish reason: (?P<reason>[^)]*)\)"
)


@pytest.fixture
def serve() -> Iterator[Callable[[int], NewsSite]]:
    """Start a fresh news site of N articles dated up to now; every site started is stopped at the end."""
    started: list[NewsSite] = []

    def start(articles: int) -> NewsSite:
        site = NewsSite(articles=articles, now=datetime.now(UTC)).start()
        started.append(site)
        return site

    yield start
    for site in started:
        site.stop()


def crawl_command(site: NewsSite, output_dir: Path, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "scrapy",
        "crawl",
        "site",
        "-a",
        f"start_urls={site.url('/')}",
        "-s",
        f"NEWSSPIDER_OUTPUT_DIR={output_dir}",
        *FAST,
        *extra,
    ]


def crawl(site: NewsSite, output_dir: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        crawl_command(site, output_dir, *extra),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=CRAWL_TIMEOUT,
        check=False,
    )


def summary(stderr: str) -> dict[str, str]:
    """The counts of the run summary, which must be the last line on stderr."""
    lines = stderr.strip().splitlines()
    last = lines[-1] if lines else ""
    match = SUMMARY.search(last)
    assert match, f"the last line on stderr is not the run summary: {last!r}"
    return match.groupdict()


def outputs(output_dir: Path) -> set[Path]:
    return set(output_dir.glob("*.jsonl"))


def records(paths: set[Path]) -> list[dict[str, Any]]:
    return [json.loads(line) for path in sorted(paths) for line in path.read_text(encoding="utf-8").splitlines()]


def canonical_counts(written: list[dict[str, Any]]) -> Counter[str]:
    return Counter(record["canonical_url"] for record in written)


def test_first_crawl_writes_every_article_once_and_nothing_else(
    tmp_path: Path, serve: Callable[[int], NewsSite]
) -> None:
    site = serve(ARTICLES)
    result = crawl(site, tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    written = records(outputs(tmp_path))
    assert canonical_counts(written) == Counter(site.article_urls())
    article_paths = {article.path for article in site.articles}
    assert [record["url"] for record in written if urlsplit(record["url"]).path not in article_paths] == []
    assert [record["url"] for record in written if set(REQUIRED_FIELDS) - record.keys()] == []
    assert {record["version"] for record in written} == {1}
    assert len({record["id"] for record in written}) == ARTICLES
    counts = summary(result.stderr)
    assert (counts["new"], counts["updated"], counts["reason"]) == (str(ARTICLES), "0", "finished")


def test_second_crawl_writes_new_and_changed_articles_only(tmp_path: Path, serve: Callable[[int], NewsSite]) -> None:
    site = serve(ARTICLES)
    first = crawl(site, tmp_path)
    assert first.returncode == 0, first.stderr[-3000:]
    first_files = outputs(tmp_path)
    first_by_url = {record["canonical_url"]: record for record in records(first_files)}
    assert len(first_by_url) == ARTICLES

    changed = [site.change_article(site.articles[position].number) for position in CHANGED_POSITIONS]
    added = site.add_articles(ADDED)
    site.reset_log()
    second = crawl(site, tmp_path)
    assert second.returncode == 0, second.stderr[-3000:]

    written = records(outputs(tmp_path) - first_files)
    added_urls = {site.url(article.path) for article in added}
    changed_urls = {site.url(article.path) for article in changed}
    assert canonical_counts(written) == Counter(added_urls | changed_urls)
    by_url = {record["canonical_url"]: record for record in written}
    assert {by_url[url]["version"] for url in added_urls} == {1}
    for article in changed:
        record, before = by_url[site.url(article.path)], first_by_url[site.url(article.path)]
        assert (record["id"], record["version"]) == (before["id"], 2)
        assert " ".join(article.paragraphs[-1].split()) in " ".join(record["body"].split())
        assert datetime.fromisoformat(record["modified_at"]) > datetime.fromisoformat(before["modified_at"])

    unchanged = {article.path for article in site.articles} - {urlsplit(url).path for url in added_urls | changed_urls}
    unconditional = [
        entry
        for entry in site.request_log
        if entry.path in unchanged and (not (entry.if_none_match or entry.if_modified_since) or entry.status != 304)
    ]
    assert unconditional == [], "unchanged articles requested without (matching) conditional headers"
    counts = summary(second.stderr)
    assert (counts["new"], counts["updated"]) == (str(ADDED), str(len(CHANGED_POSITIONS)))


def test_since_skips_old_sitemap_and_feed_entries_before_requesting_them(
    tmp_path: Path, serve: Callable[[int], NewsSite]
) -> None:
    site = serve(ARTICLES)
    site.add_articles(RECENT_ADDED)
    cutoff = site.now - SINCE_AGE
    recent = {article.path for article in site.articles if article.published >= cutoff}
    old = {article.path for article in site.articles} - recent
    assert len(recent) > LISTED * len(SECTIONS) and old  # listings link recent articles only; old ones exist
    assert all(abs(article.published - cutoff) > DATE_MARGIN for article in site.articles)

    result = crawl(site, tmp_path, "-a", f"since={SINCE}")
    assert result.returncode == 0, result.stderr[-3000:]
    requested_old = sorted({entry.path for entry in site.request_log if entry.path in old})
    assert requested_old == [], f"{len(requested_old)} articles older than {SINCE} were requested"
    assert canonical_counts(records(outputs(tmp_path))) == Counter(site.url(path) for path in recent)


def test_a_crawl_killed_part_way_is_completed_by_the_next_one(tmp_path: Path, serve: Callable[[int], NewsSite]) -> None:
    site = serve(KILL_ARTICLES)
    site.delay = KILL_DELAY
    output_dir = tmp_path / "out"
    log_path = tmp_path / "killed.log"
    with (
        log_path.open("w") as log,
        subprocess.Popen(crawl_command(site, output_dir), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log) as process,
    ):
        try:
            lines = wait_for_part_lines(output_dir, KILL_AFTER_LINES, process)
        finally:
            if process.poll() is None:
                os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=CRAWL_TIMEOUT)
    killed_log = log_path.read_text(encoding="utf-8", errors="replace")
    assert lines >= KILL_AFTER_LINES, f"no .part file reached {KILL_AFTER_LINES} lines:\n{killed_log[-3000:]}"
    assert process.returncode == -signal.SIGKILL, "the crawl ended before it could be killed"

    site.delay = 0.0
    second = crawl(site, output_dir)
    assert second.returncode == 0, second.stderr[-3000:]
    assert list(output_dir.glob("*.part")) == [], "the killed run's .part file was not recovered"
    paths = sorted(output_dir.glob("*.jsonl")) + sorted(output_dir.glob("*.jsonl.part"))
    lines_read = [(path.name, line) for path in paths for line in path.read_text(encoding="utf-8").splitlines()]
    invalid = [(name, line[:80]) for name, line in lines_read if not is_json_object(line)]
    assert invalid == []
    assert canonical_counts([json.loads(line) for _, line in lines_read]) == Counter(site.article_urls())


def wait_for_part_lines(output_dir: Path, lines: int, process: subprocess.Popen[bytes]) -> int:
    """Poll until a .part file holds `lines` lines, the crawl ends, or the deadline passes; the most lines seen."""
    deadline = time.monotonic() + CRAWL_TIMEOUT
    most = 0
    while time.monotonic() < deadline and process.poll() is None:
        for path in output_dir.glob("*.jsonl.part"):
            try:
                most = max(most, path.read_bytes().count(b"\n"))
            except FileNotFoundError:
                continue  # renamed meanwhile
        if most >= lines:
            break
        time.sleep(POLL_SECONDS)
    return most


def is_json_object(line: str) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False


@dataclass
class Run:
    process: subprocess.Popen[bytes]
    log: Path
    started: float
    ended: float | None = None

    @property
    def stderr(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def test_a_second_run_on_the_same_output_exits_while_the_first_holds_the_lock(
    tmp_path: Path, serve: Callable[[int], NewsSite]
) -> None:
    site = serve(ARTICLES)
    site.delay = LOCK_DELAY
    output_dir = tmp_path / "out"
    with ExitStack() as stack:
        runs = []
        for name in ("a", "b"):
            log = stack.enter_context((tmp_path / f"{name}.log").open("w"))
            process = stack.enter_context(
                subprocess.Popen(crawl_command(site, output_dir), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log)
            )
            runs.append(Run(process, tmp_path / f"{name}.log", time.monotonic()))
        deadline = time.monotonic() + CRAWL_TIMEOUT
        while time.monotonic() < deadline and any(run.ended is None for run in runs):
            for run in runs:
                if run.ended is None and run.process.poll() is not None:
                    run.ended = time.monotonic()
            time.sleep(POLL_SECONDS)
        for run in runs:
            if run.process.poll() is None:
                run.process.kill()
            run.process.wait(timeout=CRAWL_TIMEOUT)

    assert all(run.ended is not None for run in runs), "a run did not finish in time"
    locked_out = [run for run in runs if "already running" in run.stderr]
    assert len(locked_out) == 1, [run.stderr[-1500:] for run in runs]
    loser, winner = locked_out[0], next(run for run in runs if run is not locked_out[0])
    assert loser.process.returncode == 0, loser.stderr[-3000:]
    assert winner.process.returncode == 0, winner.stderr[-3000:]
    assert loser.ended is not None and winner.ended is not None
    assert loser.ended - loser.started < LOCK_EXIT_SECONDS
    assert loser.ended < winner.ended, "the locked-out run did not exit before the other one finished"
    assert len(outputs(output_dir)) == 1
    assert canonical_counts(records(outputs(output_dir))) == Counter(site.article_urls())
    assert summary(winner.stderr)["new"] == str(ARTICLES)
