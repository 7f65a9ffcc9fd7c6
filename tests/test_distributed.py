"""Distributed mode: crawler processes sharing one Redis (a real redis-server on 127.0.0.1) all take part
in a round, late joiners included, write each article once between them, and a worker killed mid-round
loses nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis

from newsspider.pipelines.sinks.jsonlines import whole_records
from newsspider.state import Known
from newsspider.state.redis import RedisArticleStore
from tests.saved_pages import ROOT
from tests.servers.news_site import NewsSite
from tests.servers.redis_server import redis_binary, redis_server
from tests.test_incremental import (
    CRAWL_TIMEOUT,
    canonical_counts,
    crawl,
    crawl_command,
    records,
    serve,
    wait_for_part_lines,
)

__all__ = ["serve"]  # the site fixture, shared with the incremental tests

ARTICLES = 200
DELAY = 0.5  # seconds per response: a round of ARTICLES lasts over 10 s, long enough for late joiners
STAGGER_SECONDS = 3
STATUS_ARTICLES = 40  # a round crawlstatus can be asked about while it runs
HOLD_DELAY = 3.0  # seconds per response while crawlstatus looks at the running round
KILL_AFTER_LINES = 5
FAST_ROUNDS = ["-s", "NEWSSPIDER_REDIS_HEARTBEAT=1", "-s", "NEWSSPIDER_REDIS_IDLE_CLOSE=4"]


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    """A fresh redis-server on a free loopback port; CI (NEWSSPIDER_REQUIRE_REDIS=1) must have one."""
    binary = redis_binary()
    if binary is None:
        if os.environ.get("NEWSSPIDER_REQUIRE_REDIS"):
            pytest.fail("redis-server is not installed (.ci/run installs it)")
        pytest.skip("redis-server is not installed")
    with redis_server(binary, tmp_path) as url:
        yield url


def redis_settings(url: str, *extra: str) -> list[str]:
    return ["-s", f"NEWSSPIDER_REDIS_URL={url}", *FAST_ROUNDS, *extra]


def start_worker(site: NewsSite, output_dir: Path, url: str, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        crawl_command(site, output_dir, *redis_settings(url, *extra)),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def start_staggered(site: NewsSite, tmp_path: Path, url: str, count: int) -> list[subprocess.Popen[str]]:
    """`count` workers of the default round ("auto"), started STAGGER_SECONDS apart."""
    workers = []
    for number in range(count):
        if number:
            time.sleep(STAGGER_SECONDS)
        workers.append(start_worker(site, tmp_path / f"worker-{number}", url))
    return workers


def wait_for_requests_in_flight(url: str, worker: subprocess.Popen[str]) -> None:
    """Poll until the worker's in-flight hash (its id holds its pid) has a request, or the deadline passes."""
    server = redis.Redis.from_url(url, decode_responses=True)
    deadline = time.monotonic() + CRAWL_TIMEOUT
    while time.monotonic() < deadline and worker.poll() is None:
        if any(server.hlen(key) for key in server.scan_iter(f"newsspider:*:inflight:*-{worker.pid}-*")):
            return
        time.sleep(0.05)


def finish(worker: subprocess.Popen[str]) -> tuple[int, str]:
    _, stderr = worker.communicate(timeout=CRAWL_TIMEOUT)
    return worker.returncode, stderr


def worker_records(output_dir: Path) -> list[dict[str, object]]:
    """The articles a worker wrote: its finished files, and the whole lines of a file it was killed writing."""
    return records(set(output_dir.glob("*.jsonl"))) + [
        record for part in output_dir.glob("*.jsonl.part") for record in whole_records(part)
    ]


def all_records(tmp_path: Path) -> list[dict[str, object]]:
    return [record for worker in sorted(tmp_path.glob("worker-*")) for record in worker_records(worker)]


def round_keys(url: str) -> list[str]:
    """The keys of crawl rounds in this Redis (not the article record, which outlives rounds)."""
    server = redis.Redis.from_url(url, decode_responses=True)
    try:
        return sorted(key for key in server.scan_iter("newsspider:site-*") if not key.endswith(":current-round"))
    finally:
        server.close()


def test_workers_started_3_s_apart_all_work_and_write_each_article_once(
    tmp_path: Path, redis_url: str, serve: Callable[[int], NewsSite]
) -> None:
    site = serve(ARTICLES)
    site.delay = DELAY
    workers = start_staggered(site, tmp_path, redis_url, 3)
    results = [finish(worker) for worker in workers]
    assert [code for code, _ in results] == [0, 0, 0], results[0][1][-3000:]
    per_worker = [len(worker_records(tmp_path / f"worker-{number}")) for number in range(3)]
    assert all(per_worker), f"a worker wrote nothing: {per_worker}"
    assert canonical_counts(all_records(tmp_path)) == Counter(site.article_urls())
    fetched = Counter(entry.path for entry in site.request_log if entry.status == 200)
    assert all(count == 1 for path, count in fetched.items() if path.startswith("/news/")), (
        "an article page was fetched by two workers"
    )
    assert all("has no work left" in stderr for _, stderr in results)


def test_a_worker_killed_mid_round_loses_nothing_the_survivors_finish_it_its_next_run_writes_no_copy(
    tmp_path: Path, redis_url: str, serve: Callable[[int], NewsSite]
) -> None:
    site = serve(ARTICLES)
    site.delay = DELAY
    victim, *survivors = start_staggered(site, tmp_path, redis_url, 2)
    try:
        wait_for_part_lines(tmp_path / "worker-0", KILL_AFTER_LINES, victim)
        wait_for_requests_in_flight(redis_url, victim)  # so that there is something to lose
    finally:
        if victim.poll() is None:
            os.kill(victim.pid, signal.SIGKILL)
        victim.communicate(timeout=CRAWL_TIMEOUT)
    assert victim.returncode == -signal.SIGKILL, "the worker ended before it could be killed"
    code, stderr = finish(survivors[0])
    assert code == 0, stderr[-3000:]
    assert "stopped answering" in stderr, "the survivor did not take over the dead worker's requests"
    site.delay = 0
    code, stderr = finish(start_worker(site, tmp_path / "worker-0", redis_url))  # its next run finishes its file
    assert code == 0, stderr[-3000:]
    assert not list(tmp_path.glob("worker-*/*.part")), "the killed worker's file was not finished"
    assert canonical_counts(all_records(tmp_path)) == Counter(site.article_urls())


def test_a_worker_that_finds_an_empty_round_waits_for_the_idle_time_then_exits_0(
    tmp_path: Path, redis_url: str, serve: Callable[[int], NewsSite]
) -> None:
    site = serve(3)
    first = crawl(site, tmp_path / "worker-0", *redis_settings(redis_url, "-s", "NEWSSPIDER_REDIS_ROUND=r1"))
    assert first.returncode == 0, first.stderr[-3000:]
    started = time.monotonic()
    late = crawl(site, tmp_path / "worker-1", *redis_settings(redis_url, "-s", "NEWSSPIDER_REDIS_ROUND=r1"))
    assert late.returncode == 0, late.stderr[-3000:]
    assert time.monotonic() - started >= 4  # NEWSSPIDER_REDIS_IDLE_CLOSE
    assert "round r1 had no work for this worker for 4 s (the round is empty); closing" in late.stderr
    assert worker_records(tmp_path / "worker-1") == []


def test_the_keys_of_a_finished_round_expire(tmp_path: Path, redis_url: str, serve: Callable[[int], NewsSite]) -> None:
    site = serve(3)
    result = crawl(site, tmp_path, *redis_settings(redis_url, "-s", "NEWSSPIDER_REDIS_EXPIRE=2"))
    assert result.returncode == 0, result.stderr[-3000:]
    assert any(key.endswith(":dupefilter") for key in round_keys(redis_url))
    time.sleep(3)
    assert round_keys(redis_url) == []
    server = redis.Redis.from_url(redis_url)
    assert len(list(server.scan_iter("newsspider:article:*"))) == 3, "the record of articles outlives rounds"
    server.close()


def test_crawlstatus_prints_the_round_s_queue_workers_and_articles(
    tmp_path: Path, redis_url: str, serve: Callable[[int], NewsSite]
) -> None:
    site = serve(STATUS_ARTICLES)
    site.delay = DELAY
    worker = start_worker(site, tmp_path / "worker-0", redis_url)
    wait_for_part_lines(tmp_path / "worker-0", KILL_AFTER_LINES, worker)
    site.delay = HOLD_DELAY  # the round must still run while crawlstatus starts up (seconds on a busy machine)
    running = crawlstatus(redis_url)
    site.delay = 0.0
    code, stderr = finish(worker)
    assert code == 0, stderr[-3000:]
    finished = crawlstatus(redis_url)
    assert running["workers_alive"] == "1" and int(running["written"]) >= KILL_AFTER_LINES
    assert (finished["queued"], finished["in_flight"], finished["workers_alive"]) == ("0", "0", "0")
    assert finished["written"] == str(STATUS_ARTICLES)
    assert finished["start_urls"] == site.url("/")


def crawlstatus(url: str) -> dict[str, str]:
    """The one round `scrapy crawlstatus` prints, as {column: value}."""
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawlstatus", "-s", f"NEWSSPIDER_REDIS_URL={url}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=CRAWL_TIMEOUT,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    header, row = result.stdout.strip().splitlines()
    return dict(zip(header.split(), row.split(), strict=True))


def test_a_claim_of_a_worker_that_died_passes_to_the_worker_that_reads_the_article_again(redis_url: str) -> None:
    server = redis.Redis.from_url(redis_url)
    first, second = RedisArticleStore(redis_url), RedisArticleStore(redis_url)
    server.set("round:worker:first", "1", ex=30)  # the first worker's heartbeat
    assert first.claim("b" * 40, 1, owner="round:worker:first")
    assert not second.claim("b" * 40, 1, owner="round:worker:second")  # the first one is alive: it writes
    server.delete("round:worker:first")  # it died before writing; its request is read again by the second
    assert second.claim("b" * 40, 1, owner="round:worker:second")


def test_only_one_worker_gets_to_write_an_article_version(redis_url: str) -> None:
    first, second = RedisArticleStore(redis_url), RedisArticleStore(redis_url)
    assert first.claim("a" * 40, 1)
    assert not second.claim("a" * 40, 1)
    assert second.claim("a" * 40, 2)
    item = {
        "id": "a" * 40,
        "url": "https://x.example/a?utm_source=y",
        "canonical_url": "https://x.example/a",
        "version": 1,
        "modified_at": "2024-03-02T10:00:00+00:00",
    }
    first.mark_written(item, ["https://x.example/a"], "b" * 40)
    assert second.find("0" * 40, ["https://x.example/a"], None) == (
        Known("a" * 40, 1, "b" * 40, "2024-03-02T10:00:00+00:00", "https://x.example/a"),
        "url",
    )
    assert second.find("0" * 40, [], "b" * 40) is not None
    first.save_validators("https://x.example/a", '"e1"', None, "2024-03-02")
    validators = second.validators("https://x.example/a")
    assert validators is not None and validators.etag == '"e1"'
    first.close()
    second.close()
