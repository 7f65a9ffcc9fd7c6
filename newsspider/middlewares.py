"""Downloader middleware: conditional requests for article pages already written."""

from __future__ import annotations

import logging

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response

from newsspider.discovery import is_newer
from newsspider.pipelines import state_path
from newsspider.store import ArticleStore
from newsspider.urls import canonical_form

logger = logging.getLogger(__name__)


class ConditionalRequestsMiddleware:
    """Ask again only for what may have changed: a page whose article was written is requested with
    If-None-Match / If-Modified-Since, and not at all when its sitemap lastmod is not newer than last time.

    Validators are stored for every page fetched, but used only once the page's article is recorded as
    written: a run killed before writing it cannot make the next run skip it.
    """

    def __init__(self, crawler: Crawler, store: ArticleStore) -> None:
        self.stats = crawler.stats
        self.store = store
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConditionalRequestsMiddleware:
        path = state_path(crawler)
        if path is None or not crawler.settings.getbool("NEWSSPIDER_CONDITIONAL_REQUESTS", True):
            raise NotConfigured
        return cls(crawler, ArticleStore(path))

    def process_request(self, request: Request) -> None:
        if not request.meta.get("newsspider_page"):
            return
        known = self.store.validators(canonical_form(request.url))
        if known is None:
            return
        lastmod = request.meta.get("newsspider_lastmod")
        if lastmod and known.lastmod and not is_newer(lastmod, known.lastmod):
            self.stats.inc_value("newsspider/skipped/lastmod_unchanged")
            raise IgnoreRequest(f"not modified since the last run (sitemap lastmod {lastmod})")
        if known.etag:
            request.headers["If-None-Match"] = known.etag
        if known.last_modified:
            request.headers["If-Modified-Since"] = known.last_modified
        if known.etag or known.last_modified:
            request.meta["handle_httpstatus_list"] = [*request.meta.get("handle_httpstatus_list", []), 304]
            self.stats.inc_value("newsspider/conditional_requests")

    def process_response(self, request: Request, response: Response) -> Response:
        if request.meta.get("newsspider_page") and response.status == 200:
            self.store.save_validators(canonical_form(response.url), _header(response, b"ETag"),
                                       _header(response, b"Last-Modified"), request.meta.get("newsspider_lastmod"))
        return response

    def spider_closed(self) -> None:
        self.store.close()


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
