"""`scrapy reextract`: the pages of a crawl's WARC file, and of a WARC file another tool wrote, through
today's extraction and the crawl's pipelines, run as a user runs it (a subprocess)."""

from __future__ import annotations

import gzip
import itertools
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.saved_pages import ROOT
from tests.servers.news_site import NewsSite
from tests.test_incremental import CRAWL_TIMEOUT, crawl, records, summary

ARTICLES = 10
RECORD_NUMBERS = itertools.count(1)
OTHER_SITE = "https://news.example.org"  # where the other tool's crawl fetched its pages
# A change of extraction, as a new release may bring: the first paragraph of world stories is no more body.
DROP_PROFILE = """\
description = "test: the first paragraph of world stories dropped"
drop = ["article.story--world .story-body > p:first-of-type"]
"""


def reextract(output: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "scrapy", "reextract", *arguments, "-s", f"NEWSSPIDER_OUTPUT_DIR={output}"]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=CRAWL_TIMEOUT, check=False)


def by_id(written: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {record["id"]: record for record in written}


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> tuple[NewsSite, Path, str]:
    """A crawl of the generated site with WARC on, and the site's address; the site is stopped afterwards:
    nothing more is fetched."""
    output = tmp_path_factory.mktemp("crawl")
    with NewsSite(articles=ARTICLES, now=datetime.now(UTC)) as site:
        base = site.base
        result = crawl(site, output, "-s", "NEWSSPIDER_WARC=1")
    assert result.returncode == 0, result.stderr[-3000:]
    return site, output, base


def test_reextracting_a_crawl_warc_gives_the_same_ids_and_bodies(
    crawled: tuple[NewsSite, Path, str], tmp_path: Path
) -> None:
    _, output, _ = crawled
    [warc] = output.glob("*.warc.gz")
    result = reextract(tmp_path, str(warc))
    assert result.returncode == 0, result.stderr[-3000:]
    crawl_records = by_id(records(set(output.glob("site-*.jsonl"))))
    again = by_id(records(set(tmp_path.glob("reextract-*.jsonl"))))
    assert again.keys() == crawl_records.keys() and len(again) == ARTICLES
    for article_id, record in again.items():
        first = crawl_records[article_id]
        assert (record["body"], record["url"], record["source"]) == (first["body"], first["url"], first["source"])
        assert (record["fetched_at"], record["http_status"]) == (first["fetched_at"], 200)
        assert (record["warc_file"], record["warc_offset"]) == (warc.name, first["warc_offset"])
        assert record["run_id"] != first["run_id"]


def test_after_a_change_of_extraction_the_changed_articles_come_out_as_version_2(
    crawled: tuple[NewsSite, Path, str], tmp_path: Path
) -> None:
    site, output, base = crawled
    [warc] = output.glob("*.warc.gz")
    profile = tmp_path / "drop-first-paragraph.toml"
    profile.write_text(DROP_PROFILE, encoding="utf-8")
    result = reextract(output, str(warc), "--profile", str(profile))
    assert result.returncode == 0, result.stderr[-3000:]
    world = {article.path for article in site.articles if article.section == "world"}
    changed = records(set(output.glob("reextract-*.jsonl")))
    assert sorted(record["response_url"].removeprefix(base) for record in changed) == sorted(world)
    assert {record["version"] for record in changed} == {2}
    first_paragraphs = {site.article_by_path(path).paragraphs[0] for path in world}
    assert not any(paragraph in record["body"] for record in changed for paragraph in first_paragraphs)
    counts = summary(result.stderr)
    assert (counts["updated"], counts["unchanged"]) == (str(len(world)), str(ARTICLES - len(world)))


def other_tool_warc(site: NewsSite, path: Path) -> list[str]:
    """A WARC file as another crawler writes it, built by hand: a gzip member per record (a .warc.gz, as
    CC-NEWS has it) or plain (.warc), bodies sent chunked and gzip-encoded, and records a re-extraction
    must pass over (a request, a revisit, an image, a 404). The paths of the article pages it holds."""
    articles = site.articles[:2]
    records = [warc_record("warcinfo", "", "application/warc-fields", b"software: other-crawler/1.0\r\n")]
    for article in articles:
        body = gzip.compress(site.page(article.path).body, mtime=0)
        chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body)
        http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Encoding: gzip\r\n"
        http += b"Transfer-Encoding: chunked\r\n\r\n" + chunked
        url = OTHER_SITE + article.path
        records.append(warc_record("request", url, "application/http; msgtype=request", b"GET / HTTP/1.1\r\n\r\n"))
        records.append(warc_record("response", url, "application/http; msgtype=response", http))
    image = b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG"
    records.append(warc_record("response", OTHER_SITE + "/logo.png", "application/http; msgtype=response", image))
    missing = b"HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\n\r\ngone"
    records.append(warc_record("response", OTHER_SITE + "/gone.html", "application/http; msgtype=response", missing))
    records.append(warc_record("revisit", OTHER_SITE + articles[0].path, "application/http; msgtype=response", b""))
    compressed = path.suffix == ".gz"
    path.write_bytes(b"".join(gzip.compress(record, mtime=0) if compressed else record for record in records))
    return [article.path for article in articles]


def warc_record(kind: str, url: str, content_type: str, block: bytes) -> bytes:
    """One WARC/1.0 record, written field by field."""
    number = next(RECORD_NUMBERS)
    fields = [
        "WARC/1.0",
        f"WARC-Type: {kind}",
        f"WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-{number:012d}>",
        "WARC-Date: 2026-11-30T08:15:00Z",
        *([f"WARC-Target-URI: {url}"] if url else []),
        f"Content-Type: {content_type}",
        f"Content-Length: {len(block)}",
    ]
    return "\r\n".join(fields).encode() + b"\r\n\r\n" + block + b"\r\n\r\n"


@pytest.mark.parametrize("name", ["other-crawler.warc.gz", "other-crawler.warc"])
def test_a_warc_file_of_another_tool_is_read_too(name: str, tmp_path: Path) -> None:
    warc = tmp_path / name
    with NewsSite(articles=ARTICLES, now=datetime.now(UTC)) as site:  # stopped before: pages come from the file
        paths = other_tool_warc(site, warc)
    output = tmp_path / "out"
    result = reextract(output, str(warc))
    assert result.returncode == 0, result.stderr[-3000:]
    written = records(set(output.glob("reextract-*.jsonl")))
    assert sorted(record["url"].removeprefix(OTHER_SITE) for record in written) == sorted(paths)
    for record in written:
        article = site.article_by_path(record["url"].removeprefix(OTHER_SITE))
        assert record["title"] == article.title
        assert article.paragraphs[-1] in record["body"]
        assert (record["source"], record["fetched_at"], record["warc_file"]) == (
            "warc",
            "2026-11-30T08:15:00+00:00",
            warc.name,
        )


def test_a_missing_warc_file_is_a_usage_error(tmp_path: Path) -> None:
    result = reextract(tmp_path, str(tmp_path / "nothing.warc.gz"))
    assert result.returncode == 2
    assert "nothing.warc.gz" in result.stderr and "no such file" in result.stderr


def test_a_file_that_is_no_warc_file_is_a_usage_error(tmp_path: Path) -> None:
    not_warc = tmp_path / "notes.warc.gz"
    not_warc.write_text("just some notes\n", encoding="utf-8")
    result = reextract(tmp_path / "out", str(not_warc))
    assert result.returncode == 2
    assert "not a readable WARC file" in result.stderr
    assert not list((tmp_path / "out").glob("*.jsonl"))
