"""WARC capture and re-extraction: what NEWSSPIDER_WARC costs a crawl, and `scrapy reextract` against
extract_article in a loop over the same pages (the dev corpora's real pages, and the generated site's)."""

from __future__ import annotations

import tempfile
import time
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from benchmarks.common import ROOT, Page, Row, load_corpora, ratio_row, say
from benchmarks.crawl import describe, full_crawl, run_scrapy, timeout_for
from benchmarks.site import BenchSite

TARGET_CAPTURE_SHARE = 0.90  # a crawl with WARC on keeps at least 90% of the throughput without
TARGET_REEXTRACT_RATIO = 1.0  # re-extraction at least as fast as extract_article in a loop
CORPUS_QUICK_PAGES = 300  # of the dev corpora's pages, in a quick run (all of them otherwise)
ROUNDS = 2  # crawls with WARC off and on, alternated, so that a slower spell hits both alike


def capture_crawls(articles: int, workdir: Path) -> tuple[float, float, Path]:
    """Alternated crawls of one site with WARC off and on: their mean article rates, and one WARC file."""
    rates: dict[bool, list[float]] = {False: [], True: []}
    warc = None
    with BenchSite(articles) as site:
        for _ in range(ROUNDS):
            for capture in (False, True):
                crawl = full_crawl(site, workdir, timeout_for(articles), f"NEWSSPIDER_WARC={int(capture)}")
                describe(f"WARC {'on' if capture else 'off'}", crawl, articles)
                rates[capture].append(crawl.served.article_rate)
        warc = max(workdir.glob("full-*/*.warc.gz"), key=lambda path: path.stat().st_mtime)
    return sum(rates[False]) / ROUNDS, sum(rates[True]) / ROUNDS, warc


def corpus_warc(pages: list[Page], path: Path) -> None:
    """The dev corpora's pages as the response records of one WARC file, as a crawl with WARC on keeps them:
    re-extraction's real workload (real news pages, read at run time, never copied into the repo)."""
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for page in pages:
            if not page.url.startswith(("http://", "https://")):  # a corpus key, not a URL: no HTTP record
                continue
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                page.url, "response", payload=BytesIO(page.html), length=len(page.html), http_headers=headers
            )
            writer.write_record(record)


def loop_rate(warc: Path) -> tuple[float, int]:
    """extract_article over the WARC file's pages in a loop, in this process: pages/s, and the page count."""
    from newsspider import extract_article
    from newsspider.replay import stored_pages

    pages = [(page.body, page.url) for page in stored_pages(warc)]
    start = time.perf_counter()
    for body, url in pages:
        extract_article(body, url)
    return len(pages) / (time.perf_counter() - start), len(pages)


def reextract_rate(warc: Path, pages: int, workdir: Path) -> float:
    """`scrapy reextract` of the WARC file into a new output directory: pages/s over the whole command."""
    output = Path(tempfile.mkdtemp(prefix="reextract-", dir=workdir))
    arguments = ["reextract", str(warc), "-s", f"NEWSSPIDER_OUTPUT_DIR={output}", "-s", "LOG_LEVEL=WARNING"]
    usage = run_scrapy(arguments, ROOT, workdir / "reextract.log", timeout_for(pages))
    written = sum(path.read_bytes().count(b"\n") for path in output.glob("*.jsonl"))
    say(f"  reextract: {pages} pages in {usage.wall:.1f}s ({pages / usage.wall:.1f} pages/s), wrote {written}")
    return pages / usage.wall


def reextract_ratio(warc: Path, workdir: Path, label: str) -> float:
    """`scrapy reextract` pages/s over extract_article's in a loop, on the pages of one WARC file."""
    looped, pages = loop_rate(warc)
    say(f"  {label}: extract_article in a loop {looped:.1f} pages/s over {pages} pages")
    return reextract_rate(warc, pages, workdir) / looped


def run(quick: bool) -> list[Row]:
    """The capture cost and the re-extraction speed; return the table rows."""
    articles = 1_000 if quick else 5_000
    say(f"warc: crawls of a generated site of {articles} articles with NEWSSPIDER_WARC off and on")
    with tempfile.TemporaryDirectory(prefix="newsspider-bench-warc-") as directory:
        workdir = Path(directory)
        off, on, site_warc = capture_crawls(articles, workdir)
        pages = load_corpora()
        corpus = workdir / "corpora.warc.gz"
        corpus_warc(pages[:CORPUS_QUICK_PAGES] if quick else pages, corpus)
        real = reextract_ratio(corpus, workdir, "dev corpora pages")
        generated = reextract_ratio(site_warc, workdir, "generated site pages")
    return [
        ratio_row(
            f"crawl articles/s at {articles:,} articles, WARC on / off",
            on / off,
            minimum=TARGET_CAPTURE_SHARE,
            unit="%",
        ),
        ratio_row(
            "scrapy reextract pages/s / extract_article in a loop (dev corpora pages)",
            real,
            minimum=TARGET_REEXTRACT_RATIO,
        ),
        ratio_row("scrapy reextract pages/s / extract_article in a loop (generated site's small pages)", generated),
    ]
