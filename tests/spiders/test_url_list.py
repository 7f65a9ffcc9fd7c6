"""URL-list mode (-a urls=FILE, or - for stdin): listed article URLs fetched and extracted without discovery.

The line parsing and the argument checks are tested as functions; the spider's requests and its handling of
a listed page with Scrapy's test crawler; whole runs of `scrapy crawl site -a urls=...` in a subprocess
against the generated news site on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import io
import json
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from newsspider import keys
from newsspider.extraction import pool
from newsspider.extraction.pagekind import PageKind
from newsspider.items import Article
from newsspider.sites import SiteProfile
from newsspider.spiders.arguments import (
    SpiderArgumentError,
    check_arguments,
    parse_arguments,
    parse_url_lines,
    read_url_list,
)
from newsspider.spiders.site import SiteSpider
from tests.saved_pages import DEMO_SITE, ROOT, html_response
from tests.servers.news_site import NewsSite

CRAWL_TIMEOUT = 300
# no HTML report: tests/monitoring test it; drawing one would add a second to every crawl here
FAST = ["-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0", "-s", "LOG_LEVEL=INFO", "-s", "NEWSSPIDER_REPORT=0"]
MALFORMED = ["not a url", "ftp://x", "http://"]
DEMO_ARTICLE = DEMO_SITE / "world" / "nato-withdrawal.html"
DEMO_ARTICLE_URL = "https://demo.newsspider.test/world/nato-withdrawal.html"  # its declared canonical URL


# --- the lines of a URL list ---


def test_lines_are_stripped_and_blank_lines_and_comments_skipped() -> None:
    listed = parse_url_lines(
        ["# exported on Monday", "", "  https://news.example.com/a.html  ", "\t", "https://news.example.com/b.html\r"]
    )
    assert listed.urls == ["https://news.example.com/a.html", "https://news.example.com/b.html"]
    assert (listed.read, listed.duplicates, listed.malformed) == (2, 0, [])


@pytest.mark.parametrize(
    "line",
    [
        "not a url",
        "ftp://x",
        "http://",
        "https://:80/a.html",
        "/news/a.html",
        "news.example.com/a.html",
        "mailto:desk@news.example.com",
        "file:///etc/passwd",
        "http://[x",
        "https://news.example.com:99999/a.html",
        "https://news.example.com/a.html https://news.example.com/b.html",
        "https://news.example.com/a.html\tA headline",
        "https://news.example.com/caf\ufffd.html",
    ],
)
def test_a_line_that_is_no_absolute_http_url_is_malformed(line: str) -> None:
    listed = parse_url_lines(["https://news.example.com/ok.html", line])
    assert listed.urls == ["https://news.example.com/ok.html"]
    assert [bad.number for bad in listed.malformed] == [2]
    assert listed.read == 1


def test_malformed_lines_keep_their_line_numbers_counting_blank_lines_and_comments() -> None:
    lines = ["# list", "https://news.example.com/a.html", "", "not a url", "# more", "ftp://x", "http://"]
    listed = parse_url_lines(lines)
    assert [bad.number for bad in listed.malformed] == [4, 6, 7]
    assert "'not a url'" in listed.malformed[0].reason


def test_a_password_in_a_line_is_never_shown() -> None:
    [bad] = parse_url_lines(["https://editor:secret@news.example.com/a.html"]).malformed
    assert "secret" not in bad.reason and "editor" not in bad.reason
    assert "user name or password" in bad.reason


def test_a_long_line_is_shown_shortened() -> None:
    [bad] = parse_url_lines(["x" * 10_000]).malformed
    assert len(bad.reason) < 200


def test_repeated_urls_are_kept_once_in_file_order() -> None:
    listed = parse_url_lines(
        [
            "https://news.example.com/b.html",
            "https://news.example.com/a.html",
            "https://news.example.com/b.html",
            "https://news.example.com/a.html?utm_source=newsletter",  # the same article, tracked
            "https://news.example.com/a.html#comments",
        ]
    )
    assert listed.urls == ["https://news.example.com/b.html", "https://news.example.com/a.html"]
    assert (listed.read, listed.duplicates) == (5, 3)


def test_a_file_with_a_byte_order_mark_crlf_and_a_latin1_line(tmp_path: Path) -> None:
    path = tmp_path / "urls.txt"
    path.write_bytes(
        b"\xef\xbb\xbfhttps://news.example.com/a.html\r\nhttps://news.example.com/caf\xe9.html\r\n"
        b"https://news.example.com/b.html\r\n"
    )
    listed = read_url_list(str(path))
    assert listed.urls == ["https://news.example.com/a.html", "https://news.example.com/b.html"]
    assert [bad.number for bad in listed.malformed] == [2]


# --- arguments ---


def url_file(tmp_path: Path, *lines: str) -> str:
    path = tmp_path / "urls.txt"
    path.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    return str(path)


def test_a_url_list_is_the_crawl_start_urls_and_scope(tmp_path: Path) -> None:
    path = url_file(tmp_path, "https://news.example.com/a.html", "https://www.other.example/b.html", "nope")
    arguments = parse_arguments({"urls": path})
    assert arguments.start_urls == ["https://news.example.com/a.html", "https://www.other.example/b.html"]
    assert arguments.scope.domains == ["news.example.com", "other.example"]
    assert arguments.scope.web_roots == ["https://news.example.com", "https://www.other.example"]
    assert arguments.profile.name == "generic" and arguments.feeds == [] and arguments.since is None
    assert arguments.url_list is not None and len(arguments.url_list.malformed) == 1


def test_a_url_list_goes_with_a_profile(tmp_path: Path) -> None:
    arguments = parse_arguments({"urls": url_file(tmp_path, "https://news.example.com/a.html"), "profile": "demo"})
    assert arguments.profile.name == "demo"
    assert arguments.start_urls == ["https://news.example.com/a.html"]  # not the profile's start URLs
    assert "news.example.com" in arguments.scope.domains
    assert set(arguments.profile.domains) <= set(arguments.scope.domains)


@pytest.mark.parametrize("other", ["start_urls=https://news.example.com/", "feeds=https://a.example/rss", "since=2d"])
def test_a_url_list_goes_with_no_discovery_argument(tmp_path: Path, other: str) -> None:
    name, value = other.split("=", 1)
    given = {"urls": url_file(tmp_path, "https://news.example.com/a.html"), name: value}
    with pytest.raises(SpiderArgumentError, match=f"urls= cannot be combined with {name}="):
        check_arguments(given)
    with pytest.raises(SpiderArgumentError, match=f"urls= cannot be combined with {name}="):
        parse_arguments(given)


def test_an_unreadable_url_list_is_an_argument_error(tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    with pytest.raises(SpiderArgumentError, match=f"cannot read the URL list {missing}: No such file"):
        check_arguments({"urls": str(missing)})
    with pytest.raises(SpiderArgumentError, match="Is a directory"):
        check_arguments({"urls": str(tmp_path)})
    with pytest.raises(SpiderArgumentError, match="urls= is empty"):
        check_arguments({"urls": " "})
    with pytest.raises(SpiderArgumentError, match="unknown profile"):
        check_arguments({"urls": url_file(tmp_path, "https://news.example.com/a.html"), "profile": "no-such-site"})


class UnreadableStdin:
    """A standard input that fails the test when read."""

    @property
    def buffer(self) -> io.BytesIO:
        raise AssertionError("standard input was read")


def test_checking_a_url_list_on_stdin_leaves_it_for_the_spider(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", UnreadableStdin())
    check_arguments({"urls": "-"})  # no error, nothing read


def test_a_url_list_is_read_from_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    data = b"https://news.example.com/a.html\nnot a url\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    listed = read_url_list("-")
    assert listed.urls == ["https://news.example.com/a.html"]
    assert [bad.number for bad in listed.malformed] == [2]


# --- the spider ---


def list_spider(tmp_path: Path, *lines: str) -> SiteSpider:
    pool_settings = {"NEWSSPIDER_EXTRACT_POOL": "thread", "NEWSSPIDER_EXTRACT_WORKERS": 1}
    crawler = get_crawler(SiteSpider, settings_dict=pool_settings | {"NEWSSPIDER_EXTRACT_TIMEOUT": 20})
    spider = SiteSpider.from_crawler(crawler, urls=url_file(tmp_path, *lines))
    assert isinstance(spider, SiteSpider)
    return spider


def start_requests(spider: SiteSpider) -> list[Request]:
    async def collect() -> list[Request]:
        return [request async for request in spider.start()]

    return asyncio.run(collect())


def parsed(spider: SiteSpider, response: HtmlResponse) -> list[Request | Article]:
    async def collect() -> list[Request | Article]:
        return [result async for result in spider.parse(response)]

    return asyncio.run(collect())


def test_the_spider_requests_the_listed_urls_and_nothing_else(tmp_path: Path) -> None:
    urls = ["https://news.example.com/a.html", "https://news.example.com/b.html"]
    spider = list_spider(tmp_path, urls[0], "ftp://x", urls[1], urls[0])
    requests = start_requests(spider)
    assert [request.url for request in requests] == urls  # no robots.txt, no feeds
    assert {request.meta[keys.SOURCE] for request in requests} == {"url_list"}
    assert all(request.meta[keys.GIVEN_ARTICLE] for request in requests)
    stats = spider.crawler.stats
    assert stats is not None
    assert stats.get_value(keys.URL_LIST_URLS) == 3
    assert stats.get_value(keys.URL_LIST_DUPLICATES) == 1
    assert stats.get_value(keys.URL_LIST_MALFORMED) == 1
    assert stats.get_value(keys.START_PAGES) is None  # listed pages are no start pages to crawl from


def test_malformed_lines_are_warned_of_once_each_with_their_numbers(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    spider = list_spider(tmp_path, "https://news.example.com/a.html", "not a url", "", "http://")
    with caplog.at_level("WARNING"):
        start_requests(spider)
    warned = [record.getMessage() for record in caplog.records if "of the URL list" in record.getMessage()]
    assert len(warned) == 2
    assert warned[0].startswith("Skipping line 2 of the URL list") and warned[1].startswith("Skipping line 4 ")


def test_many_malformed_lines_are_warned_of_in_bulk_past_the_first(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    spider = list_spider(tmp_path, *(f"bad line {number}" for number in range(500)))
    with caplog.at_level("WARNING"):
        assert start_requests(spider) == []
    messages = [record.getMessage() for record in caplog.records]
    assert len(messages) < 30  # not 500
    assert any("more malformed lines" in message for message in messages)
    assert any("names no URL" in message for message in messages)


def demo_article(request: Request) -> HtmlResponse:
    return HtmlResponse(url=request.url, body=DEMO_ARTICLE.read_bytes(), request=request)


def test_a_listed_page_is_extracted_without_the_classifier_and_nothing_is_followed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_classifier(*args: Any) -> PageKind:
        raise AssertionError("the page classifier was asked")

    monkeypatch.setattr(pool, "classify_response", no_classifier)
    spider = list_spider(tmp_path, DEMO_ARTICLE_URL)
    [request] = start_requests(spider)
    results = parsed(spider, demo_article(request))
    assert [type(result) for result in results] == [Article]  # the page has links: none is followed
    [article] = results
    assert (article["url"], article["source"]) == (DEMO_ARTICLE_URL, "url_list")


def test_a_page_the_classifier_rejects_is_an_article_when_listed() -> None:
    listing = html_response((DEMO_SITE / "world" / "index.html").read_bytes(), "https://demo.newsspider.test/world/")
    given = PageKind("article", 1.0, "article: named by the URL list")
    generic = SiteProfile(name="generic")
    assert not pool.page_kind(listing, generic, None).is_article
    assert pool.page_kind(listing, generic, None, given) == given


# --- whole runs of `scrapy crawl site -a urls=...` ---


@pytest.fixture
def site() -> Iterator[NewsSite]:
    with NewsSite(articles=30) as news_site:
        yield news_site


def crawl(output_dir: Path, urls: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "scrapy", "crawl", "site", "-a", f"urls={urls}"]
    return subprocess.run(
        [*command, "-s", f"NEWSSPIDER_OUTPUT_DIR={output_dir}", *FAST],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=CRAWL_TIMEOUT,
        check=False,
    )


def written(output_dir: Path) -> list[dict[str, Any]]:
    return [
        json.loads(line)
        for path in sorted(output_dir.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]


def requested_paths(site: NewsSite) -> Counter[str]:
    return Counter(entry.path for entry in site.request_log)


def test_a_url_list_of_20_urls_2_repeats_and_3_malformed_lines_writes_18_articles(
    tmp_path: Path, site: NewsSite
) -> None:
    distinct = site.article_urls()[3:21]  # 18 of the 30 articles: old ones (sitemap-only) and listed ones
    assert len(distinct) == 18
    repeats = [distinct[4], distinct[9] + "?utm_source=newsletter"]  # the same articles again
    lines = [
        "# articles to fetch again",
        *distinct[:10],
        MALFORMED[0],
        "",
        f"  {distinct[10]}  ",
        repeats[0],
        MALFORMED[1],
        *distinct[11:],
        repeats[1],
        MALFORMED[2],
    ]
    bad_lines = [number for number, line in enumerate(lines, start=1) if line in MALFORMED]
    output_dir = tmp_path / "output"
    result = crawl(output_dir, url_file(tmp_path, *lines))

    assert result.returncode == 0, result.stderr[-3000:]
    records = written(output_dir)
    assert sorted(record["url"] for record in records) == sorted(distinct)
    assert len({record["id"] for record in records}) == 18
    assert {record["source"] for record in records} == {"url_list"}
    assert "newsspider URL list: urls=20 duplicates=2 malformed=3" in result.stderr
    assert f"'{keys.URL_LIST_MALFORMED}': 3" in result.stderr  # Scrapy's stats dump
    for number in bad_lines:
        assert result.stderr.count(f"Skipping line {number} of the URL list") == 1
    assert "new=18 " in result.stderr.strip().splitlines()[-1]
    # each listed page once; else only Scrapy's robots.txt check: no home, section, sitemap or feed
    listed_paths = {urlsplit(url).path for url in distinct}
    assert requested_paths(site) == Counter(listed_paths) + Counter({"/robots.txt": 1})


def test_a_crawl_of_a_url_list_on_stdin(tmp_path: Path, site: NewsSite) -> None:
    urls = site.article_urls()[:4]
    output_dir = tmp_path / "output"
    result = crawl(output_dir, "-", stdin="\n".join([urls[0], "not a url", *urls[1:]]) + "\n")
    assert result.returncode == 0, result.stderr[-3000:]
    assert sorted(record["url"] for record in written(output_dir)) == sorted(urls)
    assert "newsspider URL list: urls=4 duplicates=0 malformed=1" in result.stderr
    assert "Skipping line 2 of the URL list" in result.stderr
