"""Live progress of a crawl on a terminal: pages fetched, articles written, failures and the page rate, on one
line that tqdm redraws. Off a terminal (cron), Scrapy's log stats line says the same every minute."""

from __future__ import annotations

import sys
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from tqdm import tqdm

from newsspider.options import option_bool
from newsspider.signals import article_written, page_failed


class CrawlProgress:
    """A tqdm line for the run: its count is pages fetched, its postfix articles written and failed pages."""

    def __init__(self, crawler: Crawler, stream: Any) -> None:
        self.articles = self.failures = 0
        self.bar = tqdm(desc="Crawled", unit=" pages", file=stream, dynamic_ncols=True, leave=True)
        crawler.signals.connect(self.response_received, signal=signals.response_received)
        crawler.signals.connect(self.article_written, signal=article_written)
        crawler.signals.connect(self.page_failed, signal=page_failed)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlProgress:
        stream = sys.stderr
        if not option_bool(crawler.settings, "NEWSSPIDER_PROGRESS") or not stream.isatty():
            raise NotConfigured
        return cls(crawler, stream)

    def response_received(self) -> None:
        self.bar.update(1)

    def article_written(self, recovered: bool = False) -> None:
        if not recovered:
            self.articles += 1
            self._show()

    def page_failed(self) -> None:
        self.failures += 1
        self._show()

    def _show(self) -> None:
        self.bar.set_postfix(articles=self.articles, failed=self.failures, refresh=False)

    def spider_closed(self) -> None:
        self._show()
        self.bar.close()
