"""Capture and replay in this process: the capture middleware keeps what the downloader got, the writer
pipeline hands it to the WARC sink before the JSON line, and replay reads it back as the same response."""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any

import pytest
from scrapy import Request
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler

from newsspider import keys
from newsspider.downloadermiddlewares.capture import CaptureMiddleware, attach_exchange, exchange_of
from newsspider.items import Article
from newsspider.pipelines import WritePipeline
from newsspider.replay import ReplayMiddleware, count_pages, profile_argument, stamp_stored, stored_pages
from newsspider.sites import ProfileError
from tests.pipelines.test_pipelines import nato_item

URL = "https://news.example.com/2026/12/01/story.html"


def downloaded(page: bytes) -> tuple[Request, HtmlResponse]:
    """A page request and its response as the downloader hands them on: gzip-encoded, framing removed."""
    request = Request(URL, meta={keys.PAGE: True, keys.SOURCE: "feed", "redirect_urls": [URL + "?from=feed"]})
    request.headers["User-Agent"] = "newsspider-test"
    headers = {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip", "Transfer-Encoding": "chunked"}
    return request, HtmlResponse(URL, body=gzip.compress(page, mtime=0), headers=headers, request=request)


def test_the_capture_middleware_is_off_unless_warc_is_on() -> None:
    with pytest.raises(NotConfigured):
        CaptureMiddleware.from_crawler(get_crawler(settings_dict={}))


def test_a_page_is_kept_as_received_and_travels_with_its_article(tmp_path: Path) -> None:
    crawler = get_crawler(settings_dict={"NEWSSPIDER_WARC": True})
    request, response = downloaded(b"<html><body><p>Story</p></body></html>")
    CaptureMiddleware.from_crawler(crawler).process_response(request, response)
    item = attach_exchange(Article(nato_item()), response)
    exchange = exchange_of(item)
    assert exchange is not None
    assert exchange.body == response.body  # still gzip-encoded
    assert ("Transfer-Encoding", "chunked") not in exchange.headers
    assert (exchange.source, exchange.first_url) == ("feed", URL + "?from=feed")
    assert ("User-Agent", "newsspider-test") in exchange.request_headers
    assert keys.RAW_RESPONSE not in response.meta  # handed on, not kept twice


def write_with_warc(tmp_path: Path, item: Any) -> dict[str, Any]:
    crawler = get_crawler(settings_dict={"NEWSSPIDER_OUTPUT_DIR": str(tmp_path), "NEWSSPIDER_WARC": True})
    crawler.spider = crawler._create_spider("site")
    pipeline = build_from_crawler(WritePipeline, crawler)
    pipeline.open_spider()
    written = dict(pipeline.process_item(item))
    pipeline.close_spider()
    if pipeline.store is not None:
        pipeline.store.close()
    return written


def test_the_writer_gives_each_record_where_its_page_is_and_replay_reads_it_back(tmp_path: Path) -> None:
    page = b"<html><head><title>Story</title></head><body><p>Story</p></body></html>"
    request, response = downloaded(page)
    CaptureMiddleware().process_response(request, response)
    written = write_with_warc(tmp_path, attach_exchange(Article(nato_item()), response))
    warc = tmp_path / written["warc_file"]
    [stored] = stored_pages(warc)
    assert (stored.record_id, stored.offset) == (written["warc_record_id"], written["warc_offset"])
    assert (stored.body, stored.source, stored.requested_url) == (page, "feed", URL + "?from=feed")
    assert count_pages([warc]) == 1
    replayed = ReplayMiddleware().process_request(Request(URL, meta={"newsspider_stored_page": stored}))
    assert isinstance(replayed, HtmlResponse)
    assert replayed.body == page and b"Content-Encoding" not in replayed.headers
    article = stamp_stored(Article(nato_item()), stored, "run-2")
    assert (article["url"], article["source"], article["run_id"]) == (URL + "?from=feed", "feed", "run-2")
    assert article["warc_offset"] == written["warc_offset"]


def test_a_request_without_a_stored_page_goes_to_the_downloader() -> None:
    assert ReplayMiddleware().process_request(Request(URL)) is None


def test_a_profile_is_given_by_name_or_as_a_file(tmp_path: Path) -> None:
    assert profile_argument(None) is None
    assert profile_argument("demo") is not None
    path = tmp_path / "mine.toml"
    path.write_text('drop = [".promo"]\n', encoding="utf-8")
    profile = profile_argument(str(path))
    assert profile is not None and profile.name == "mine" and profile.drop
    with pytest.raises(ProfileError):
        profile_argument(str(tmp_path / "missing.toml"))
