"""The crawl's scope, applied to every request however it was made."""

from __future__ import annotations

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest

from newsspider import keys


class ScopeMiddleware:
    """Drop every request outside the spider's scope, however it was made (a link, a redirect, a meta
    refresh, a sitemap or feed entry, a canonical link): one check decides for all of them."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ScopeMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        scope = getattr(self.crawler.spider, "scope", None)
        if scope is not None and not scope.allows(request.url):
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value(keys.OFFSITE)
            raise IgnoreRequest(f"outside the crawl's scope: {request.url}")
