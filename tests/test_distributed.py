"""Distributed mode: crawler processes sharing one Redis (a real redis-server on 127.0.0.1) write each
article once between them, and a worker killed mid-crawl loses nothing."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from newsspider.redis_store import RedisArticleStore
from newsspider.store import Known
from tests.news_site import NewsSite
from tests.saved_pages import ROOT
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

WORKERS = 2
ARTICLES = 60
DELAY = 0.02  # seconds per response: the workers' crawls overlap
KILL_AFTER_LINES = 5
REDIS_START_SECONDS = 10


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    """A fresh redis-server on a free loopback port; CI (NEWSSPIDER_REQUIRE_REDIS=1) must have one."""
    binary = shutil.which("redis-server")
    if binary is None:
        if os.environ.get("NEWSSPIDER_REQUIRE_REDIS"):
            pytest.fail("redis-server is not installed (.ci/run installs it)")
        pytest.skip("redis-server is not installed")
    port = free_port()
    with subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                           "--dir", str(tmp_path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as server:
        try:
            wait_for_redis(port)
            yield f"redis://127.0.0.1:{port}/0"
        finally:
            server.terminate()
            server.wait(timeout=REDIS_START_SECONDS)


def wait_for_redis(port: int) -> None:
    deadline = time.monotonic() + REDIS_START_SECONDS
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as connection:
                connection.sendall(b"PING\r\n")
                if connection.recv(16).startswith(b"+PONG"):
                    return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"redis-server did not answer on port {port}")


def redis_settings(url: str, round_name: str) -> list[str]:
    return ["-s", f"NEWSSPIDER_REDIS_URL={url}", "-s", f"NEWSSPIDER_REDIS_ROUND={round_name}"]


def start_workers(site: NewsSite, tmp_path: Path, url: str, round_name: str) -> list[subprocess.Popen[bytes]]:
    return [subprocess.Popen(crawl_command(site, tmp_path / f"worker-{number}", *redis_settings(url, round_name)),
                             cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for number in range(WORKERS)]


def all_records(tmp_path: Path) -> list[dict[str, object]]:
    return records({path for worker in tmp_path.glob("worker-*") for path in worker.glob("*.jsonl")})


def test_workers_sharing_redis_write_every_article_once_between_them(
        tmp_path: Path, redis_url: str, serve: Callable[[int], NewsSite]) -> None:
    site = serve(ARTICLES)
    site.delay = DELAY
    workers = start_workers(site, tmp_path, redis_url, "round-1")
    codes = [worker.wait(timeout=CRAWL_TIMEOUT) for worker in workers]
    assert codes == [0] * WORKERS
    assert canonical_counts(all_records(tmp_path)) == Counter(site.article_urls())
    fetched = Counter(entry.path for entry in site.request_log if entry.status == 200)
    assert all(count == 1 for path, count in fetched.items() if path.startswith("/news/")), \
        "an article page was fetched by both workers"


def test_a_worker_killed_mid_crawl_loses_nothing(
        tmp_path: Path, redis_url: str, serve: Callable[[int], NewsSite]) -> None:
    site = serve(ARTICLES)
    site.delay = DELAY
    victim, survivor = start_workers(site, tmp_path, redis_url, "round-1")
    try:
        wait_for_part_lines(tmp_path / "worker-0", KILL_AFTER_LINES, victim)
    finally:
        if victim.poll() is None:
            os.kill(victim.pid, signal.SIGKILL)
        victim.wait(timeout=CRAWL_TIMEOUT)
    assert survivor.wait(timeout=CRAWL_TIMEOUT) == 0
    site.delay = 0.0
    rerun = crawl(site, tmp_path / "worker-0", *redis_settings(redis_url, "round-2"))  # the next cron round
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    assert canonical_counts(all_records(tmp_path)) == Counter(site.article_urls())


def test_only_one_worker_gets_to_write_an_article_version(redis_url: str) -> None:
    first, second = RedisArticleStore(redis_url), RedisArticleStore(redis_url)
    assert first.claim("a" * 40, 1)
    assert not second.claim("a" * 40, 1)
    assert second.claim("a" * 40, 2)
    item = {"id": "a" * 40, "url": "https://x.example/a?utm_source=y", "canonical_url": "https://x.example/a",
            "version": 1, "modified_at": "2024-03-02T10:00:00+00:00"}
    first.mark_written(item, ["https://x.example/a"], "b" * 40)
    assert second.find("0" * 40, ["https://x.example/a"], None) == (
        Known("a" * 40, 1, "b" * 40, "2024-03-02T10:00:00+00:00", "https://x.example/a"), "url")
    assert second.find("0" * 40, [], "b" * 40) is not None
    first.save_validators("https://x.example/a", '"e1"', None, "2024-03-02")
    validators = second.validators("https://x.example/a")
    assert validators is not None and validators.etag == '"e1"'
    first.close()
    second.close()
