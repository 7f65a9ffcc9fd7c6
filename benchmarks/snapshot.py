"""Parquet snapshot: time and peak RSS of `write_snapshot` on 20,000 generated articles over three runs' files."""

from __future__ import annotations

import hashlib
import json
import random
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.common import ROOT, Row, say

ARTICLES = 20_000
TARGET_SECONDS = 10.0
TARGET_RSS_MB = 500.0
SEED = 13
SECTIONS = ("world", "business", "politics", "science", "sport", "culture")
PARAGRAPHS = 3_000  # the pool bodies are drawn from: generating 100 MB of words one by one would be slow
VOCABULARY = 4_000
TIMEOUT = 300
# Timed in the child itself, after its imports; its peak RSS read there too. Not getrusage(RUSAGE_CHILDREN):
# that is the largest child this process ever waited for (the crawl benchmarks' ones), and on Linux a child's
# ru_maxrss starts from the parent's resident set at fork. VmHWM counts from the exec, the child alone.
WORKER = """
import json, resource, sys, time
from pathlib import Path
from newsspider.export.snapshot import write_snapshot

start = time.perf_counter()
snapshot = write_snapshot([sys.argv[1]], sys.argv[2])
seconds = time.perf_counter() - start
status = Path("/proc/self/status")
lines = status.read_text().splitlines() if status.exists() else []
peak_kib = next((int(line.split()[1]) for line in lines if line.startswith("VmHWM:")), 0)
peak_kib = peak_kib or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "peak_kib": peak_kib, "records": snapshot.records, "rows": snapshot.rows}))
"""


@dataclass(frozen=True)
class Run:
    """One run's file: which articles it wrote, at which version."""

    name: str
    articles: list[tuple[int, int]]  # (article number, version)


@dataclass(frozen=True)
class Measure:
    """What one snapshot took."""

    seconds: float
    peak_mb: float
    records: int
    rows: int


def runs(count: int) -> list[Run]:
    """Three runs: the first 60% of the articles; the rest, and 3,000 of the first at version 2; then 2,000
    more updates (1,000 to version 3). Every article is in the snapshot once, at its highest version."""
    first, updated, third = count * 3 // 5, count * 3 // 20, count // 10
    return [
        Run("site-20261101T060000Z.jsonl", [(number, 1) for number in range(first)]),
        Run(
            "site-20261102T060000Z.jsonl",
            [(number, 1) for number in range(first, count)] + [(number, 2) for number in range(updated)],
        ),
        Run(
            "site-20261103T060000Z.jsonl",
            [(number, 3) for number in range(third // 2)]
            + [(number, 2) for number in range(updated, updated + third // 2)],
        ),
    ]


def paragraph_pool(rng: random.Random) -> list[str]:
    """Paragraphs of 60-110 words of a made-up vocabulary: about 400-800 characters each."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = ["".join(rng.choices(letters, k=rng.randint(2, 10))) for _ in range(VOCABULARY)]
    return [" ".join(rng.choices(words, k=rng.randint(60, 110))).capitalize() + "." for _ in range(PARAGRAPHS)]


def body(number: int, version: int, pool: list[str], rng: random.Random) -> str:
    """A body of 3-5 KB: pooled paragraphs after one of the article's own."""
    target = rng.randint(3_000, 5_000)
    parts = [f"Story {number} (version {version}) opens with its own first paragraph."]
    while sum(map(len, parts)) < target:
        parts.append(rng.choice(pool))
    return "\n\n".join(parts)


def record(number: int, version: int, pool: list[str], rng: random.Random) -> dict[str, Any]:
    """Article `number` at `version`, with every output field."""
    section = SECTIONS[number % len(SECTIONS)]
    day = 1 + number % 28
    url = f"https://www.example-news.com/{section}/2026/11/{day:02d}/story-of-the-day-{number}.html"
    text = body(number, version, pool, rng)
    images = [
        {
            "url": f"https://cdn.example-news.com/images/{number}-{index}.jpg",
            "caption": f"Picture {index} of story {number}.",
            "credit": "Photo: Agency",
            "alt": None,
            "width": 1600,
            "height": 900,
            "lead": index == 0,
        }
        for index in range(1 + number % 3)
    ]
    return {
        "id": hashlib.sha1(url.encode()).hexdigest(),
        "version": version,
        "url": url,
        "canonical_url": url,
        "site_name": "Example News",
        "title": f"The story of the day, number {number}",
        "description": f"What happened in story {number}, and why it matters.",
        "byline": "By Jane Doe and John Roe",
        "authors": ["Jane Doe", "John Roe"],
        "published_at": f"2026-11-{day:02d}T08:00:00+01:00",
        "modified_at": f"2026-11-{day:02d}T{8 + version:02d}:00:00+01:00",
        "section": section.capitalize(),
        "tags": [section, f"topic-{number % 50}"],
        "language": "en",
        "body": text,
        "caption": images[0]["caption"],
        "images": images,
        "related_links": [
            {"url": f"https://www.example-news.com/{section}/story-{number + step}.html", "text": f"Story {step}"}
            for step in range(1, 1 + number % 5)
        ],
        "word_count": text.count(" ") + 1,
        "page_type": "NewsArticle",
        "paywalled": number % 10 == 0,
        "fetched_at": f"2026-11-{day:02d}T12:00:00+00:00",
        "http_status": 200,
        "response_url": url,
        "source": "sitemap",
        "run_id": f"run-{version}",
        "extractor_version": "0.1.0+body.8ab2fea0.pagekind.1fdf9183",
        "warc_file": None,
        "warc_record_id": None,
        "warc_offset": None,
    }


def write_runs(directory: Path, count: int) -> tuple[int, int]:
    """Write the runs' files, streamed (this process stays small); the lines and the bytes written."""
    rng = random.Random(SEED)
    pool = paragraph_pool(rng)
    lines = size = 0
    for run in runs(count):
        with (directory / run.name).open("w", encoding="utf-8") as handle:
            for line in _lines(run, pool, rng):
                handle.write(line)
                lines += 1
                size += len(line)
    return lines, size


def _lines(run: Run, pool: list[str], rng: random.Random) -> Iterator[str]:
    for number, version in run.articles:
        yield json.dumps(record(number, version, pool, rng), ensure_ascii=False, separators=(",", ":")) + "\n"


def measure(directory: Path) -> Measure:
    """Write the snapshot of the directory's runs in a fresh process; what it took."""
    destination = directory / "snapshot.parquet"
    result = subprocess.run(
        [sys.executable, "-c", WORKER, str(directory), str(destination)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"write_snapshot failed: {result.stderr[-2000:]}")
    figures = json.loads(result.stdout.splitlines()[-1])
    destination.unlink()
    return Measure(figures["seconds"], figures["peak_kib"] / 1024, figures["records"], figures["rows"])


def run(quick: bool) -> list[Row]:
    """Run the snapshot benchmark; return the table rows.

    The files are generated (bodies of 3-5 KB, images, links, the provenance fields), some articles written
    again at higher versions by later runs; each snapshot is written by a fresh Python process, whose own time
    and peak RSS are the figures (one snapshot for a smoke run, the median time of three otherwise)."""
    rounds = 1 if quick else 3
    say(f"parquet snapshot: {ARTICLES:,} articles over 3 runs' JSON Lines, {rounds} snapshot(s)")
    with tempfile.TemporaryDirectory(prefix="newsspider-bench-snapshot-") as name:
        directory = Path(name)
        lines, size = write_runs(directory, ARTICLES)
        say(f"  generated {lines:,} lines, {size / 1e6:.0f} MB")
        measures = [measure(directory) for _ in range(rounds)]
    seconds = statistics.median(item.seconds for item in measures)
    peak = max(item.peak_mb for item in measures)
    last = measures[-1]
    say(f"  write_snapshot: {seconds:.2f}s, peak RSS {peak:.0f} MB, {last.records:,} records -> {last.rows:,} rows")
    return [
        Row(
            f"snapshot of {ARTICLES:,} articles ({lines:,} lines): write_snapshot time",
            f"{seconds:.2f} s",
            f"< {TARGET_SECONDS:.0f} s",
            seconds < TARGET_SECONDS,
        ),
        Row(
            f"snapshot of {ARTICLES:,} articles: peak RSS of its process",
            f"{peak:.0f} MB",
            f"< {TARGET_RSS_MB:.0f} MB",
            peak < TARGET_RSS_MB,
        ),
        Row(
            f"snapshot of {ARTICLES:,} articles: rows written (one per id)",
            f"{last.rows:,}/{last.records:,} read",
            f"{ARTICLES:,}",
            last.rows == ARTICLES and last.records == lines,
        ),
    ]
