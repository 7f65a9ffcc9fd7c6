"""Crawl speed and memory: `scrapy crawl site` over a generated site, against a download-only spider (the
ceiling), the crawl's peak RSS at two site sizes, and the crawl's speed with each extraction pool."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.common import ROOT, Row, ratio_row, say
from benchmarks.site import BenchSite, Served, check_same_pages

DOWNLOAD_SPIDER = Path(__file__).resolve().parent / "download_spider.py"
SETTINGS = (
    "AUTOTHROTTLE_ENABLED=0",
    "DOWNLOAD_DELAY=0",
    "CONCURRENT_REQUESTS=32",
    "CONCURRENT_REQUESTS_PER_DOMAIN=32",
    "ROBOTSTXT_OBEY=0",
    "LOG_LEVEL=WARNING",
)
TARGET_SHARE_OF_CEILING = 0.5
TARGET_RSS_GROWTH = 1.10
EXTRACT_POOLS = ("process", "thread", "none")  # the default first
POLL_SECONDS = 0.02
LOG_TAIL_LINES = 15


@dataclass(frozen=True)
class Sizes:
    """Site sizes: the speed crawl (also the large memory figure) and the small memory figure."""

    large: int
    small: int


@dataclass(frozen=True)
class Usage:
    """How a crawl process ended and what it used."""

    returncode: int
    wall: float  # seconds
    cpu: float  # seconds of the crawl process, user and system
    peak_rss_mib: float
    server_cpu: float  # seconds the benchmark process (the site's server) used meanwhile


@dataclass(frozen=True)
class Crawl:
    """One crawl: what the server served, what the process used, and the articles written (None: not counted)."""

    served: Served
    usage: Usage
    written: int | None


def sizes(quick: bool) -> Sizes:
    """2,000 and 500 articles for a smoke run; 20,000 and 5,000 for the real figures."""
    return Sizes(2_000, 500) if quick else Sizes(20_000, 5_000)


def timeout_for(articles: int) -> float:
    """Seconds a crawl may take before it is killed: generous, but bounded."""
    return max(300.0, articles / 20)


def settings_arguments(settings: tuple[str, ...]) -> list[str]:
    """`-s NAME=VALUE` for each setting."""
    return [argument for setting in settings for argument in ("-s", setting)]


def peak_rss_kib(pid: int) -> int:
    """The process's peak resident set so far (VmHWM, KiB); 0 once it has exited.

    Not wait4's ru_maxrss: on Linux a child's maxrss starts from its parent's resident set at fork, and the
    benchmark process holds the page corpora and the site."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    return next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")), 0)


def wait_with_rusage(pid: int, timeout: float) -> tuple[int, resource.struct_rusage, int]:
    """Wait for a child, polling its peak RSS; its exit code, resource usage (wait4) and peak RSS (KiB). Kill it
    past the timeout."""
    deadline, peak = time.monotonic() + timeout, 0
    while True:
        peak = max(peak, peak_rss_kib(pid))
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status), usage, peak
        if time.monotonic() > deadline:
            say(f"  crawl still running after {timeout:.0f}s: killing process {pid}")
            os.kill(pid, signal.SIGKILL)
            _, status, usage = os.wait4(pid, 0)
            return os.waitstatus_to_exitcode(status), usage, peak
        time.sleep(POLL_SECONDS)


def run_scrapy(arguments: list[str], cwd: Path, log: Path, timeout: float) -> Usage:
    """Run `python -m scrapy ARGUMENTS` in cwd, its output in a log file; what it used."""
    env = dict(os.environ)
    if cwd != ROOT:
        env.pop("SCRAPY_SETTINGS_MODULE", None)  # plain Scrapy outside the project
    start, server_start = time.perf_counter(), time.process_time()
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "scrapy", *arguments],
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        code, usage, peak = wait_with_rusage(process.pid, timeout)
    except BaseException:  # interrupted: leave no crawler behind
        process.kill()
        process.wait()
        raise
    process.returncode = code  # reaped by wait4: Popen must not wait for it again
    if code != 0:
        tail = log.read_text(errors="replace").splitlines()[-LOG_TAIL_LINES:]
        say(f"  scrapy exited with status {code}; the end of its log:\n    " + "\n    ".join(tail))
    return Usage(
        code,
        time.perf_counter() - start,
        usage.ru_utime + usage.ru_stime,
        peak / 1024,
        time.process_time() - server_start,
    )


def count_written(output_dir: Path) -> int:
    """Articles in the JSON Lines files of a crawl."""
    return sum(path.read_bytes().count(b"\n") for path in output_dir.glob("*.jsonl*"))


def full_crawl(site: BenchSite, workdir: Path, timeout: float, *settings: str) -> Crawl:
    """`scrapy crawl site` from the repo root, its output and state in a fresh directory."""
    output = Path(tempfile.mkdtemp(prefix="full-", dir=workdir))
    arguments = [
        "crawl",
        "site",
        "-a",
        f"start_urls={site.base}/",
        *settings_arguments((*SETTINGS, f"NEWSSPIDER_OUTPUT_DIR={output}", *settings)),
    ]
    site.take_served()
    usage = run_scrapy(arguments, ROOT, workdir / f"{output.name}.log", timeout)
    return Crawl(site.take_served(), usage, count_written(output))


def download_only_crawl(site: BenchSite, workdir: Path, timeout: float) -> Crawl:
    """The download-only spider through `scrapy runspider`, outside the project (plain Scrapy settings)."""
    cwd = Path(tempfile.mkdtemp(prefix="download-", dir=workdir))
    arguments = ["runspider", str(DOWNLOAD_SPIDER), "-a", f"start_urls={site.base}/", *settings_arguments(SETTINGS)]
    site.take_served()
    usage = run_scrapy(arguments, cwd, cwd / "scrapy.log", timeout)
    return Crawl(site.take_served(), usage, None)


def describe(name: str, crawl: Crawl, articles: int) -> None:
    """Print one crawl's figures."""
    served, usage = crawl.served, crawl.usage
    written = "" if crawl.written is None else f", wrote {crawl.written}/{articles}"
    say(
        f"  {name:<13} {served.article_rate:6.1f} article pages/s ({served.articles} in {served.seconds:.1f}s, "
        f"{served.requests} requests; process {usage.wall:.1f}s, crawler CPU {usage.cpu:.1f}s, server CPU "
        f"{usage.server_cpu:.1f}s), peak RSS {usage.peak_rss_mib:.0f} MiB, exit {usage.returncode}{written}"
    )


def speed_crawls(articles: int, workdir: Path) -> tuple[Crawl, list[Crawl]]:
    """The full crawl between two download-only crawls of the same site (their mean is the ceiling)."""
    say(f"crawl: generated site of {articles} articles (served by benchmarks.site.BenchSite)")
    with BenchSite(articles) as site:
        runs = []
        for name, crawl in (
            ("download-only", download_only_crawl),
            ("full crawl", full_crawl),
            ("download-only", download_only_crawl),
        ):
            runs.append(crawl(site, workdir, timeout_for(articles)))
            describe(name, runs[-1], articles)
    return runs[1], [runs[0], runs[2]]


def memory_crawl(articles: int, workdir: Path) -> Crawl:
    """A full crawl of a smaller site, for its peak RSS."""
    say(f"memory: full crawl of a site of {articles} articles")
    with BenchSite(articles) as site:
        crawl = full_crawl(site, workdir, timeout_for(articles))
    describe("full crawl", crawl, articles)
    return crawl


def pool_crawls(articles: int, workdir: Path) -> dict[str, Crawl]:
    """Full crawls of one site with pages read in each NEWSSPIDER_EXTRACT_POOL: which one is fastest."""
    say(f"extraction pool: full crawls of a site of {articles} articles")
    crawls = {}
    with BenchSite(articles) as site:
        for pool in EXTRACT_POOLS:
            crawls[pool] = full_crawl(site, workdir, timeout_for(articles), f"NEWSSPIDER_EXTRACT_POOL={pool}")
            describe(f"pool={pool}", crawls[pool], articles)
    return crawls


def run(quick: bool) -> list[Row]:
    """Run the crawl and memory benchmarks; return the table rows."""
    size = sizes(quick)
    check_same_pages()
    with tempfile.TemporaryDirectory(prefix="newsspider-bench-crawl-") as directory:
        full, ceilings = speed_crawls(size.large, Path(directory))
        small = memory_crawl(size.small, Path(directory))
        pools = pool_crawls(size.small, Path(directory))
    reactor_rate = pools["none"].served.article_rate
    ceiling = sum(crawl.served.article_rate for crawl in ceilings) / len(ceilings)
    return [
        ratio_row(
            f"crawl pages/s at {size.large:,} articles, full / download-only",
            full.served.article_rate / ceiling,
            minimum=TARGET_SHARE_OF_CEILING,
            unit="%",
        ),
        Row(
            f"crawl at {size.large:,} articles: articles written",
            f"{full.written:,}",
            f"{size.large:,}",
            full.written == size.large and full.usage.returncode == 0,
        ),
        ratio_row(
            f"crawl peak RSS, {size.large:,} / {size.small:,} articles",
            full.usage.peak_rss_mib / small.usage.peak_rss_mib,
            maximum=TARGET_RSS_GROWTH,
        ),
        ratio_row(
            "crawl articles/s, pages read in processes / on the reactor thread",
            pools["process"].served.article_rate / reactor_rate,
            minimum=1.0,
        ),
        ratio_row(
            "crawl articles/s, pages read in threads / on the reactor thread",
            pools["thread"].served.article_rate / reactor_rate,
        ),
    ]
