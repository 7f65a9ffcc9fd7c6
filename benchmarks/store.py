"""Dedup store: lookups and writes per second of the article store when it holds few and many articles.

Backends are pluggable: BACKENDS lists the stores to measure (SQLite's ArticleStore today). To add one (the
Redis store, say), write `open_<name>(directory, size) -> DedupStore` that starts from an empty store, fills
it with `synthetic_articles(size)` as fast as it can (bulk writes, not timed), and returns an object with
ArticleStore's find / mark_written / close; then append `Backend("<name>", open_<name>)` to BACKENDS. Every
backend gets the same rows, the same lookups and writes, and its own lines in the final table.
"""

from __future__ import annotations

import hashlib
import itertools
import random
import shutil
import socket
import sqlite3
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import redis

from benchmarks.common import Row, ratio_row, say
from newsspider.state import ArticleStore
from newsspider.state.redis import PREFIX, RedisArticleStore
from newsspider.urls import article_id

TARGET_LOOKUP_SLOWDOWN = 2.0  # lookups at the large size at most this many times slower than at the small
BATCH = 250  # operations timed in a row on one store before switching to the other
FILL_CHUNK = 50_000
WARM_UP_WRITES = 50
SECTIONS = ("world", "business", "politics", "science", "sport", "culture")
SEED = 20


class DedupStore(Protocol):
    """The calls the benchmark makes: those of newsspider.state.ArticleStore."""

    def find(self, article_id: str, url_keys: list[str], text_key: str | None) -> Any:
        """The known article matching the id, a URL or the body; None when there is none."""

    def mark_written(self, item: dict[str, Any], url_keys: list[str], text_key: str | None) -> None:
        """Record an article as written."""

    def close(self) -> None:
        """Release the store."""


@dataclass(frozen=True)
class Backend:
    """A store to measure: its name, and how to open one in a directory already holding `size` articles."""

    name: str
    open_filled: Callable[[Path, int], DedupStore]


@dataclass(frozen=True)
class Synthetic:
    """One generated article, as the dedup pipeline hands it to the store."""

    id: str
    url: str
    body_key: str
    modified_at: str

    @property
    def item(self) -> dict[str, Any]:
        """The item fields mark_written reads."""
        return {
            "id": self.id,
            "canonical_url": self.url,
            "url": self.url,
            "modified_at": self.modified_at,
            "version": 1,
        }


@dataclass(frozen=True)
class Sizes:
    """Store sizes compared, and how many operations are timed on each."""

    small: int
    large: int
    lookups: int
    writes: int


def sizes(quick: bool) -> Sizes:
    """10k against 1M stored articles; 10k against 100k for a smoke run."""
    return Sizes(10_000, 100_000, 5_000, 300) if quick else Sizes(10_000, 1_000_000, 20_000, 1_000)


def synthetic(number: int) -> Synthetic:
    """Article `number`: a realistic news URL, its id (sha1 of the URL) and a body fingerprint."""
    section = SECTIONS[number % len(SECTIONS)]
    year, month, day = 2015 + number % 11, 1 + number % 12, 1 + number % 28
    url = f"https://www.example-news.com/{section}/{year}/{month:02d}/{day:02d}/story-of-the-day-{number}.html"
    modified = f"{year}-{month:02d}-{day:02d}T{number % 24:02d}:00:00+00:00"
    return Synthetic(article_id(url), url, hashlib.sha1(f"body {number}".encode()).hexdigest(), modified)


def synthetic_articles(size: int) -> Iterator[Synthetic]:
    """Articles 0 .. size-1: the content of a store of that size."""
    return (synthetic(number) for number in range(size))


def open_sqlite(directory: Path, size: int) -> DedupStore:
    """ArticleStore in a fresh file, filled with `size` articles through executemany in one transaction."""
    path = directory / f"state-{size}.sqlite"
    ArticleStore(path).close()  # its schema and indexes, as a crawl creates them
    connection = sqlite3.connect(str(path), isolation_level=None)
    connection.execute("PRAGMA journal_mode=DELETE")  # bulk fill without a WAL file the size of the store
    connection.execute("PRAGMA synchronous=OFF")
    connection.execute("PRAGMA cache_size=-1000000")  # 1 GB for the fill only
    connection.execute("BEGIN")
    articles = synthetic_articles(size)
    while chunk := list(itertools.islice(articles, FILL_CHUNK)):
        connection.executemany(
            "INSERT INTO articles (id, canonical_url, body_key, modified_at, version, source_key, written_at)"
            " VALUES (?, ?, ?, ?, 1, ?, '2025-01-01 00:00:00')",
            [(row.id, row.url, row.body_key, row.modified_at, row.url) for row in chunk],
        )
        connection.executemany(
            "INSERT INTO urls (url_key, article_id) VALUES (?, ?)", [(row.url, row.id) for row in chunk]
        )
    connection.execute("COMMIT")
    connection.close()
    return ArticleStore(path)


class RedisBench(RedisArticleStore):
    """RedisArticleStore on a redis-server of its own, which close() stops."""

    def __init__(self, url: str, server: subprocess.Popen[bytes]) -> None:
        super().__init__(url)
        self.server = server

    def close(self) -> None:
        """Close the connection and stop the server."""
        super().close()
        self.server.terminate()
        self.server.wait(timeout=30)


def open_redis(directory: Path, size: int) -> DedupStore:
    """RedisArticleStore on a fresh loopback redis-server, filled with `size` articles through pipelines."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise FileNotFoundError("redis-server is not installed")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(directory),
        ],
        stdout=subprocess.DEVNULL,
    )
    store = RedisBench(f"redis://127.0.0.1:{port}/0", server)
    for _ in range(200):
        try:
            store.redis.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    articles = synthetic_articles(size)
    while chunk := list(itertools.islice(articles, FILL_CHUNK)):
        pipe = store.redis.pipeline(transaction=False)
        for row in chunk:
            pipe.hset(
                f"{PREFIX}:article:{row.id}",
                mapping={"version": 1, "body_key": row.body_key, "modified_at": row.modified_at, "source_key": row.url},
            )
            pipe.hset(f"{PREFIX}:url:{row.url}", "article_id", row.id)
            pipe.set(f"{PREFIX}:body:{row.body_key}", row.id)
        pipe.execute()
    return store


BACKENDS: list[Backend] = [Backend("sqlite", open_sqlite)]
if shutil.which("redis-server"):
    BACKENDS.append(Backend("redis", open_redis))


def lookup_plan(size: int, count: int, rng: random.Random) -> list[Synthetic]:
    """Articles to look up: half stored (found by id), half new (not found: id, URL and body all checked)."""
    stored = [synthetic(rng.randrange(size)) for _ in range(count // 2)]
    new = [synthetic(size + rng.randrange(10 * size)) for _ in range(count - count // 2)]
    plan = stored + new
    rng.shuffle(plan)
    return plan


def time_lookups(store: DedupStore, plan: list[Synthetic]) -> float:
    """Seconds to look up every article of the plan."""
    start = time.perf_counter()
    for article in plan:
        store.find(article.id, [article.url], article.body_key)
    return time.perf_counter() - start


def time_writes(store: DedupStore, plan: list[Synthetic]) -> float:
    """Seconds to record every article of the plan as written."""
    start = time.perf_counter()
    for article in plan:
        store.mark_written(article.item, [article.url], article.body_key)
    return time.perf_counter() - start


def alternate(
    stores: list[DedupStore], plans: list[list[Synthetic]], timed: Callable[[DedupStore, list[Synthetic]], float]
) -> list[float]:
    """Operations per second on each store, run batch by batch in alternation (sharing the machine's noise)."""
    seconds = [0.0] * len(stores)
    for batch_number, start in enumerate(range(0, len(plans[0]), BATCH)):
        order = list(range(len(stores)))
        for index in order[batch_number % 2 :] + order[: batch_number % 2]:
            seconds[index] += timed(stores[index], plans[index][start : start + BATCH])
    return [len(plan) / spent for plan, spent in zip(plans, seconds, strict=True)]


def measure(backend: Backend, size: Sizes, directory: Path) -> tuple[list[float], list[float]]:
    """Lookups/s and writes/s at the small and at the large size."""
    stores: list[DedupStore] = []
    try:
        for count in (size.small, size.large):
            start = time.perf_counter()
            stores.append(backend.open_filled(directory, count))
            say(f"  {backend.name}: filled with {count:,} articles in {time.perf_counter() - start:.1f}s")
        rng = random.Random(SEED)
        first_new = 20 * size.large  # beyond every article stored or looked up
        for index, (store, count) in enumerate(zip(stores, (size.small, size.large), strict=True)):  # warm-up
            time_lookups(store, lookup_plan(count, 1_000, rng))
            time_writes(
                store, [synthetic(first_new - 1 - index * WARM_UP_WRITES - number) for number in range(WARM_UP_WRITES)]
            )
        lookups = alternate(
            stores, [lookup_plan(count, size.lookups, rng) for count in (size.small, size.large)], time_lookups
        )
        writes = alternate(
            stores,
            [
                [synthetic(first_new + offset * size.writes + number) for number in range(size.writes)]
                for offset in (0, 1)
            ],
            time_writes,
        )
    finally:
        for store in stores:
            store.close()
    return lookups, writes


def run(quick: bool) -> list[Row]:
    """Run the dedup store benchmark for every backend; return the table rows."""
    size = sizes(quick)
    small, large = f"{size.small // 1000:,}k", _short(size.large)
    say(
        f"dedup store: {small} against {large} stored articles, {size.lookups:,} lookups and "
        f"{size.writes:,} writes on each"
    )
    rows = []
    for backend in BACKENDS:
        with tempfile.TemporaryDirectory(prefix=f"newsspider-bench-{backend.name}-") as directory:
            lookups, writes = measure(backend, size, Path(directory))
        say(
            f"  {backend.name}: lookups/s {small}={lookups[0]:,.0f} {large}={lookups[1]:,.0f}; "
            f"writes/s {small}={writes[0]:,.0f} {large}={writes[1]:,.0f}"
        )
        rows += [
            ratio_row(
                f"{backend.name} store lookups/s, {large} / {small} stored",
                lookups[1] / lookups[0],
                minimum=1 / TARGET_LOOKUP_SLOWDOWN,
            ),
            ratio_row(f"{backend.name} store writes/s, {large} / {small} stored", writes[1] / writes[0]),
        ]
    return rows


def _short(count: int) -> str:
    """1,000,000 as 1M, 100,000 as 100k."""
    return f"{count // 1_000_000}M" if count % 1_000_000 == 0 else f"{count // 1000:,}k"
