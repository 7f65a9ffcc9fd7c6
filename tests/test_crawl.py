"""Real crawls of the demo site: `scrapy crawl site` as a user runs it, over file:// and over local HTTP."""

from __future__ import annotations

import contextlib
import functools
import json
import shutil
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.saved_pages import DEMO_EXPECTED, DEMO_SITE, PAGES, ROOT, fixture_cases

EXPECTED = json.loads(DEMO_EXPECTED.read_text(encoding="utf-8"))
# no HTML report: tests/monitoring test it; drawing one would add a second to every crawl here
FAST = ["-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0", "-s", "LOG_LEVEL=INFO", "-s", "NEWSSPIDER_REPORT=0"]


def crawl(output_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [
        sys.executable,
        "-m",
        "scrapy",
        "crawl",
        "site",
        "-s",
        f"NEWSSPIDER_OUTPUT_DIR={output_dir}",
        *FAST,
        *args,
    ]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)


def written(output_dir: Path) -> list[dict[str, Any]]:
    return [
        json.loads(line)
        for path in sorted(output_dir.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]


def test_demo_crawl_writes_each_article_once_and_a_second_run_nothing(tmp_path: Path) -> None:
    first = crawl(tmp_path)
    assert first.returncode == 0, first.stderr
    records = written(tmp_path)
    counts = Counter(record["canonical_url"] for record in records)
    assert counts == Counter(article["canonical_url"] for article in EXPECTED["articles"])
    by_url = {record["canonical_url"]: record for record in records}
    for article in EXPECTED["articles"]:
        record = by_url[article["canonical_url"]]
        for field in ("title", "authors", "section", "published_at"):
            assert record[field] == article[field], (article["path"], field)
        assert record["body"].startswith(article["body_starts_with"])
        assert record["body"].endswith(article["body_ends_with"])
    fetched = {Path(record["url"].removeprefix("file://")).relative_to(DEMO_SITE).as_posix() for record in records}
    assert not fetched & set(EXPECTED["non_articles"])
    assert "newsspider summary: new=8 " in first.stderr
    assert "py.warnings" not in first.stderr  # deprecations surface here, not in pytest

    second = crawl(tmp_path)
    assert second.returncode == 0, second.stderr
    assert len(written(tmp_path)) == len(records)
    assert "newsspider summary: new=0 updated=0 " in second.stderr


@contextlib.contextmanager
def served(directory: Path) -> Iterator[str]:
    """A folder over HTTP on 127.0.0.1 (a free port); yields the URL of its index.html."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/index.html"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def demo_server() -> Iterator[str]:
    """The demo site over HTTP, for the code path real sites take."""
    with served(DEMO_SITE) as url:
        yield url


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def test_crawl_of_start_urls_over_http(tmp_path: Path, demo_server: str) -> None:
    result = crawl(tmp_path, "-a", f"start_urls={demo_server}")
    assert result.returncode == 0, result.stderr
    canonical = sorted(record["canonical_url"] for record in written(tmp_path))
    assert canonical == sorted(article["canonical_url"] for article in EXPECTED["articles"])
    assert all(record["url"].startswith("http://127.0.0.1:") for record in written(tmp_path))


@pytest.mark.parametrize(
    ("argument", "message"),
    [
        ("profile=no-such-site", "unknown profile 'no-such-site'"),
        ("start_urls=htp:/broken", "malformed or unreachable start URL"),
        ("sinse=2d", "unknown argument 'sinse' (known: start_urls, profile, feeds, since, urls)"),
        ("since=99999999999d", "too far back"),
        ("start_urls=", "start_urls= is empty"),
        ("profile= ", "profile= is empty"),
        ("start_urls=https://news.example.com:99999/", "Port out of range"),
        ("start_urls=https://editor:secret@news.example.com/", "holds a user name or password"),
        ("feeds=file:///etc/passwd", "outside the crawl"),
        ("feeds=https://elsewhere.example/feed.xml", "outside the crawl"),
    ],
)
def test_wrong_arguments_end_the_run_with_one_line(tmp_path: Path, argument: str, message: str) -> None:
    result = crawl(tmp_path, "-a", argument)
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if "error:" in line]
    assert len(errors) == 1 and message in errors[0]
    assert "Traceback" not in result.stderr and "secret" not in result.stderr
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("absolute", [False, True])
def test_the_spider_name_argument_never_chooses_the_output_path(tmp_path: Path, absolute: bool) -> None:
    output = tmp_path / "deep" / "out"
    escaped = tmp_path / "escaped" if absolute else "../escaped"
    result = crawl(output, "-a", f"name={escaped}", "-s", "NEWSSPIDER_REPORT=1")  # the report's name too
    assert result.returncode == 0, result.stderr
    assert [path.name.split("-")[0] for path in output.glob("*.jsonl")] == ["site"]
    assert [path.name.split("-")[0] for path in output.glob("*.report.html")] == ["site"]
    assert not list(tmp_path.glob("**/escaped*"))


def test_an_unusable_output_directory_is_one_line_and_status_1(tmp_path: Path) -> None:
    (tmp_path / "out").symlink_to(tmp_path / "gone")  # a dangling link where the output should be
    result = crawl(tmp_path / "out" / "sub")
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if "error:" in line]
    assert len(errors) == 1 and "cannot use the output directory" in errors[0]
    assert "Traceback" not in result.stderr


class RecordingHandler(SimpleHTTPRequestHandler):
    """Serves a folder; /go answers with a redirect to `redirect_to`, /err... with a server error; every path
    asked for is recorded."""

    asked: list[str]
    redirect_to = ""

    def do_GET(self) -> None:  # the name http.server calls
        self.asked.append(self.path)
        if self.path.startswith("/err"):
            self.send_error(500)
            return
        if self.path == "/go":
            self.send_response(302)
            self.send_header("Location", self.redirect_to)
            self.end_headers()
            return
        super().do_GET()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def recording_server(directory: Path, redirect_to: str = "") -> Iterator[tuple[int, list[str]]]:
    """A folder over HTTP on 127.0.0.1; yields its port and the list of paths requested from it."""
    asked: list[str] = []
    handler = type("Handler", (RecordingHandler,), {"asked": asked, "redirect_to": redirect_to})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server.server_address[1], asked
    finally:
        server.shutdown()
        server.server_close()


def test_another_port_of_the_same_host_is_another_site(tmp_path: Path) -> None:
    other_site, site = tmp_path / "other", tmp_path / "site"
    other_site.mkdir()
    site.mkdir()
    (other_site / "page.html").write_text("<html><body><h1>Other</h1></body></html>", "utf-8")
    with recording_server(other_site) as (other_port, other_asked):
        other = f"http://127.0.0.1:{other_port}"
        with recording_server(site, redirect_to=f"{other}/page.html") as (port, asked):
            (site / "index.html").write_text(
                f'<html><head><link rel="alternate" type="application/rss+xml" href="{other}/feed.xml"></head>'
                f'<body><a href="{other}/page.html">a</a><a href="//127.0.0.1:{other_port}/x.html">b</a>'
                f'<a href="/go">c</a><a href="/refresh.html">d</a></body></html>',
                "utf-8",
            )
            (site / "refresh.html").write_text(
                f'<html><head><meta http-equiv="refresh" content="0; url={other}/r.html"></head></html>', "utf-8"
            )
            (site / "robots.txt").write_text(f"User-agent: *\nSitemap: {other}/sitemap.xml\n", "utf-8")
            result = crawl(tmp_path / "out", "-a", f"start_urls=http://127.0.0.1:{port}/index.html")
    assert result.returncode == 0, result.stderr
    assert {"/index.html", "/go", "/refresh.html"} <= set(asked)
    assert other_asked == []


def test_a_dead_start_page_fails_the_run_whatever_robots_and_sitemaps_answer(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "robots.txt").write_text("User-agent: *\nAllow: /\n", "utf-8")
    with served(site) as index_url:
        result = crawl(tmp_path / "out", "-a", f"start_urls={index_url.replace('index.html', 'gone.html')}")
    assert result.returncode == 1, result.stderr
    assert "the run failed: every start page failed (1)" in result.stderr


def test_the_failed_share_counts_pages_on_one_basis(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    links = "".join(f'<a href="/err{number}.html">{number}</a>' for number in range(3))
    (site / "index.html").write_text(f"<html><body><h1>Front</h1>{links}</body></html>", "utf-8")
    with recording_server(site) as (port, asked):
        result = crawl(tmp_path / "out", "-a", f"start_urls=http://127.0.0.1:{port}/index.html")
    assert asked.count("/err0.html") > 1  # retried
    assert result.returncode == 1, result.stderr
    assert "the run failed: 3 of 4 pages failed" in result.stderr


def test_a_page_whose_text_was_double_encoded_is_written_readable(tmp_path: Path) -> None:
    """A CMS that read its UTF-8 as Latin-1 and wrote it out again: the crawl writes the text a reader meant."""
    case = dict(fixture_cases())["mojibake-wordpress"]
    site = tmp_path / "site"
    site.mkdir()
    index = '<html><body><h1>Food</h1><a href="cafe.html">The café</a></body></html>'
    (site / "index.html").write_text(index, "utf-8")
    shutil.copy(PAGES / "mojibake-wordpress.html", site / "cafe.html")
    with served(site) as start_url:
        result = crawl(tmp_path / "out", "-a", f"start_urls={start_url}")
    assert result.returncode == 0, result.stderr
    [record] = written(tmp_path / "out")
    assert (record["title"], record["authors"]) == (case["expect"]["title"], case["expect"]["authors"])
    assert record["body"].startswith(case["body_starts_with"])
