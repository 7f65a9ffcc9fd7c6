"""How a pipeline stops the run when the output or the state store fails."""

from __future__ import annotations

import logging

from scrapy.crawler import Crawler
from scrapy.utils.defer import deferred_from_coro

from newsspider import keys

logger = logging.getLogger(__name__)


def stop_run(crawler: Crawler, reason: str) -> None:
    """Stop the run on an output or store failure: one error line, however many items fail after it."""
    crawler.stats.inc_value(keys.WRITE_ERRORS)
    if crawler.stats.get_value(keys.WRITE_ERRORS) == 1:
        logger.error("%s; stopping the run", reason)
        if crawler.crawling:
            deferred_from_coro(crawler.engine.close_spider_async(reason="write_error"))
