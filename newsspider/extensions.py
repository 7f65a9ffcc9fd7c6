"""Extensions: the one-line run summary."""

from __future__ import annotations

import logging

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

logger = logging.getLogger(__name__)


class RunSummary:
    """Log one line at the end of a run: articles written, duplicates, non-articles, errors."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunSummary:
        if not crawler.settings.getbool("NEWSSPIDER_SUMMARY", True):
            raise NotConfigured
        return cls(crawler)

    def spider_closed(self, reason: str) -> None:
        stats = self.crawler.stats
        assert stats is not None
        errors = (stats.get_value("log_count/ERROR", 0) + stats.get_value("downloader/exception_count", 0)
                  + stats.get_value("spider_exceptions", 0))
        logger.info(
            "newsspider summary: written=%d duplicates=%d non_articles=%d errors=%d (finish reason: %s)",
            stats.get_value("newsspider/written", 0), stats.get_value("newsspider/dropped/duplicate", 0),
            stats.get_value("newsspider/dropped/non_article", 0), errors, reason)
