"""Conditional requests: a page's validators are trusted only once its article is in the output."""

from __future__ import annotations

from pathlib import Path

from scrapy import Request, signals
from scrapy.http import HtmlResponse
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler

from newsspider.downloadermiddlewares.conditional import ConditionalRequestsMiddleware
from newsspider.signals import article_unchanged, article_written
from newsspider.state import ArticleStore

URL = "https://news.example.com/2024/03/02/story.html"


def fetched(middleware: ConditionalRequestsMiddleware, etag: str) -> None:
    request = Request(URL, meta={"newsspider_page": True, "newsspider_lastmod": "2024-03-02"})
    middleware.process_response(request, HtmlResponse(URL, headers={"ETag": etag}, body=b"<html></html>"))


def test_validators_wait_for_the_article_to_be_written(tmp_path: Path) -> None:
    crawler = get_crawler(settings_dict={"NEWSSPIDER_OUTPUT_DIR": str(tmp_path)})
    middleware = build_from_crawler(ConditionalRequestsMiddleware, crawler)
    store = ArticleStore(tmp_path / "state.sqlite")
    item = {"id": "a" * 40, "url": URL, "canonical_url": URL, "version": 1, "modified_at": None}
    store.mark_written(item, [URL], None)  # version 1 written by an earlier run

    def etag() -> str | None:
        known = store.validators(URL)
        assert known is not None  # the article's page: its validators are known
        return known.etag

    fetched(middleware, '"v2"')  # a new version is fetched, but not written yet (the run dies here)
    assert etag() is None

    crawler.signals.send_catch_log(signal=article_written, item=item)
    assert etag() == '"v2"'

    fetched(middleware, '"v3"')
    crawler.signals.send_catch_log(signal=article_unchanged, item=item)
    assert etag() == '"v3"'
    crawler.signals.send_catch_log(signal=signals.spider_closed)  # closes the run's store
    store.close()
