"""The validation pipeline: a page with no title, or too short a body, is no article."""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector

from newsspider import keys
from newsspider.options import option_int


class ValidatePipeline:
    """Drop pages that are no article: no title, or a body under NEWSSPIDER_MIN_BODY_CHARS."""

    def __init__(self, stats: StatsCollector, min_body_chars: int) -> None:
        self.stats = stats
        self.min_body_chars = min_body_chars

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePipeline:
        return cls(crawler.stats, option_int(crawler.settings, "NEWSSPIDER_MIN_BODY_CHARS"))

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        reason = None
        if not adapter.get("title"):
            reason = "no title"
        elif len(adapter.get("body") or "") < self.min_body_chars:
            reason = f"body under {self.min_body_chars} characters"
        if reason:
            self.stats.inc_value(keys.DROPPED_NON_ARTICLE)
            raise DropItem(f"non-article ({reason})", log_level="INFO")
        return item
