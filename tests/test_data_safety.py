"""Crashes and full disks: kill -9 at many moments loses nothing and duplicates nothing; a write error fails
the run without recording unwritten articles."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path

import pytest

from tests.saved_pages import ROOT
from tests.servers.news_site import NewsSite
from tests.test_incremental import (
    CRAWL_TIMEOUT,
    KILL_ARTICLES,
    KILL_DELAY,
    crawl,
    crawl_command,
    is_json_object,
    serve,
    wait_for_part_lines,
)

__all__ = ["serve"]  # the site fixture, shared with the incremental tests

ARTICLES = 80
KILLS = 6  # different moments a crawl is killed at, one run each
KILL_SEED = 20261128
DELAY = 0.01  # seconds per response: a crawl lasts a few seconds


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_an_interrupted_run_says_so_in_its_exit_status(
    tmp_path: Path, serve: Callable[[int], NewsSite], stop: signal.Signals
) -> None:
    site = serve(KILL_ARTICLES)
    site.delay = KILL_DELAY
    with subprocess.Popen(
        crawl_command(site, tmp_path / "out"), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    ) as process:
        assert wait_for_part_lines(tmp_path / "out", 5, process) >= 5, "the crawl ended before it was stopped"
        process.send_signal(stop)
        assert process.wait(timeout=CRAWL_TIMEOUT) == 3


def test_kill_9_at_six_moments_then_a_full_run_writes_every_article_once(
    tmp_path: Path, serve: Callable[[int], NewsSite]
) -> None:
    site = serve(ARTICLES)
    site.delay = DELAY
    output_dir = tmp_path / "out"
    # from the spider's start (scrapy takes about a second to start) to the crawl's end
    moments = sorted(random.Random(KILL_SEED).uniform(1.0, 3.5) for _ in range(KILLS))
    for moment in moments:
        with subprocess.Popen(
            crawl_command(site, output_dir), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        ) as process:
            time.sleep(moment)
            if process.poll() is None:
                os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=CRAWL_TIMEOUT)
    final = crawl(site, output_dir)
    assert final.returncode == 0, final.stderr[-3000:]
    lines = [line for path in output_dir.glob("*.jsonl") for line in path.read_text(encoding="utf-8").splitlines()]
    assert all(is_json_object(line) for line in lines)
    assert Counter(json.loads(line)["canonical_url"] for line in lines) == Counter(site.article_urls())
    with closing(sqlite3.connect(output_dir / "state.sqlite")) as store:  # a bare connect() never closes
        assert store.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_write_error_fails_the_run_and_records_nothing_unwritten(
    tmp_path: Path, serve: Callable[[int], NewsSite]
) -> None:
    site = serve(ARTICLES)
    output_dir, state = tmp_path / "out", tmp_path / "state" / "state.sqlite"
    output_dir.mkdir()
    (output_dir / ".newsspider.lock").touch()
    if subprocess.run(["chattr", "+i", str(output_dir)], capture_output=True, check=False).returncode:
        pytest.skip("this file system cannot make a directory immutable")
    try:  # no file can be created in the output directory: every article write fails
        result = subprocess.run(
            crawl_command(site, output_dir, "-s", f"NEWSSPIDER_STATE={state}"),
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=CRAWL_TIMEOUT,
            check=False,
        )
    finally:
        subprocess.run(["chattr", "-i", str(output_dir)], check=True)
    assert result.returncode == 1, result.stderr[-3000:]
    assert "the run failed: articles could not be written" in result.stderr
    assert list(output_dir.glob("*.jsonl*")) == []
    with closing(sqlite3.connect(state)) as store:
        assert store.execute("SELECT COUNT(*) FROM articles").fetchone() == (0,)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 300 KB tmpfs (as root), where the output and the state store run out of space part-way."""
    disk = tmp_path / "small"
    disk.mkdir()
    if (
        os.geteuid() != 0
        or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=300k", "tmpfs", str(disk)], capture_output=True, check=False
        ).returncode
    ):
        pytest.skip("needs root to mount a tmpfs (test_pipelines simulates the full store without it)")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True, check=False)


def test_a_full_disk_fails_the_run_in_one_line_and_duplicates_nothing(
    tmp_path: Path, serve: Callable[[int], NewsSite], small_disk: Path
) -> None:
    site = serve(200)
    full = crawl(site, small_disk / "out")
    assert full.returncode == 1, full.stderr[-3000:]
    assert "Traceback" not in full.stderr, full.stderr[-3000:]
    moved = tmp_path / "bigger"  # more space: the output moves to a larger disk, as an operator would do it
    shutil.copytree(small_disk / "out", moved)
    final = crawl(site, moved)
    assert final.returncode == 0, final.stderr[-3000:]
    lines = [line for path in moved.glob("*.jsonl") for line in path.read_text(encoding="utf-8").splitlines()]
    assert all(is_json_object(line) for line in lines)
    assert Counter(json.loads(line)["canonical_url"] for line in lines) == Counter(site.article_urls())
