"""Distributed crawls on one redis-server: articles/s of 2 workers against 1, and 4 workers started 5 s apart
(every worker writes articles, every article is written exactly once)."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from benchmarks.common import ROOT, Row, ratio_row, say
from benchmarks.crawl import settings_arguments
from benchmarks.site import BenchSite
from tests.servers.redis_server import redis_binary, redis_server

# Each worker is held to a polite pace (4 requests at a time, a site answering in 0.25 s): the figure is how
# well the work spreads, which is what more workers are for, not how fast one machine's cores are.
SETTINGS = (
    "AUTOTHROTTLE_ENABLED=0",
    "DOWNLOAD_DELAY=0",
    "CONCURRENT_REQUESTS=4",
    "CONCURRENT_REQUESTS_PER_DOMAIN=4",
    "ROBOTSTXT_OBEY=0",
    "LOG_LEVEL=INFO",
    "NEWSSPIDER_REDIS_HEARTBEAT=1",
    "NEWSSPIDER_REDIS_IDLE_CLOSE=10",
)
RESPONSE_SECONDS = 0.25
TARGET_SPEEDUP = 1.7
STAGGER_SECONDS = 5
STAGGERED_WORKERS = 4
WORKER_TIMEOUT = 900
DATABASES = itertools.count(1)  # redis-server has 16


def start_worker(site: BenchSite, redis_url: str, output: Path, round_name: str) -> subprocess.Popen[bytes]:
    """One `scrapy crawl site` worker of a round, its log beside its output."""
    arguments = settings_arguments(
        (
            *SETTINGS,
            f"NEWSSPIDER_OUTPUT_DIR={output}",
            f"NEWSSPIDER_REDIS_URL={redis_url}",
            f"NEWSSPIDER_REDIS_ROUND={round_name}",
        )
    )
    output.mkdir(parents=True)
    with (output / "worker.log").open("wb") as log:
        return subprocess.Popen(
            [sys.executable, "-m", "scrapy", "crawl", "site", "-a", f"start_urls={site.base}/", *arguments],
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )


def written_urls(output: Path) -> list[str]:
    """The canonical URLs of the articles a worker wrote."""
    return [
        json.loads(line)["canonical_url"]
        for path in output.glob("*.jsonl*")
        for line in path.read_text(encoding="utf-8").splitlines()
    ]


def crawl_round(
    site: BenchSite, redis_url: str, workdir: Path, round_name: str, workers: int, stagger: float = 0.0
) -> tuple[float, list[list[str]]]:
    """Run one round; its article pages served per second, and the articles each worker wrote. Each round
    has a Redis database of its own: the generated sites share their articles' text, which the record of
    written articles would take for duplicates."""
    redis_url = f"{redis_url.rsplit('/', 1)[0]}/{next(DATABASES)}"
    site.take_served()
    processes = []
    for number in range(workers):
        if number:
            time.sleep(stagger)
        processes.append(start_worker(site, redis_url, workdir / round_name / f"worker-{number}", round_name))
    codes = [process.wait(timeout=WORKER_TIMEOUT) for process in processes]
    if any(codes):
        say(f"  a worker exited with {codes}: see {workdir / round_name}/worker-*/worker.log")
    served = site.take_served()
    return served.article_rate, [written_urls(workdir / round_name / f"worker-{number}") for number in range(workers)]


def run(quick: bool) -> list[Row]:
    """1 against 2 workers on one site, then 4 staggered workers on a larger one; return the table rows."""
    binary = redis_binary()
    if binary is None:
        say("distributed: skipped, no redis-server on this machine (Debian's package redis-server)")
        return [Row("distributed crawls", "skipped", "redis-server installed", None)]
    articles, staggered_articles = (200, 600) if quick else (400, 1_000)
    with (
        tempfile.TemporaryDirectory(prefix="newsspider-bench-redis-") as directory,
        redis_server(binary, Path(directory)) as redis_url,
    ):
        workdir = Path(directory)
        say(f"distributed: a site of {articles} articles answering in {RESPONSE_SECONDS} s, 4 requests per worker")
        rates = {}
        for workers in (1, 2):
            with BenchSite(articles) as site:
                site.delay = RESPONSE_SECONDS
                rates[workers], _ = crawl_round(site, redis_url, workdir, f"speed-{workers}", workers)
            say(f"  {workers} worker(s): {rates[workers]:.1f} article pages/s")
        say(
            f"distributed: {STAGGERED_WORKERS} workers started {STAGGER_SECONDS} s apart, {staggered_articles} articles"
        )
        with BenchSite(staggered_articles) as site:
            site.delay = RESPONSE_SECONDS
            _, per_worker = crawl_round(site, redis_url, workdir, "staggered", STAGGERED_WORKERS, STAGGER_SECONDS)
            expected = Counter(site.article_urls())
    written = Counter(url for urls in per_worker for url in urls)
    say(
        f"  articles per worker: {[len(urls) for urls in per_worker]}; written {sum(written.values())}, "
        f"distinct {len(written)}, of {len(expected)}"
    )
    return [
        ratio_row("distributed articles/s, 2 workers / 1", rates[2] / rates[1], minimum=TARGET_SPEEDUP),
        Row(
            f"{STAGGERED_WORKERS} workers {STAGGER_SECONDS} s apart: articles per worker",
            " ".join(str(len(urls)) for urls in per_worker),
            "each > 0",
            all(per_worker),
        ),
        Row(
            f"{STAGGERED_WORKERS} workers {STAGGER_SECONDS} s apart: each article written once",
            f"{len(written)}/{len(expected)}",
            "all, none twice",
            written == expected,
        ),
    ]
