"""Retry-After on 429 and 503: wait what the server asks, then retry."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.http import Response

from newsspider import keys
from newsspider.downloadermiddlewares import header_text
from newsspider.options import option_float


class RetryAfterMiddleware:
    """Honour Retry-After on 429 and 503: the request waits what the server asks (up to
    NEWSSPIDER_MAX_RETRY_AFTER seconds; it holds its download slot meanwhile, which slows that site down, as
    asked), then is retried. A longer wait is a failure, not an immediate retry."""

    def __init__(self, crawler: Crawler, max_wait: float) -> None:
        self.crawler = crawler
        self.max_wait = max_wait

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfterMiddleware:
        return cls(crawler, option_float(crawler.settings, "NEWSSPIDER_MAX_RETRY_AFTER"))

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        wait = _retry_after(response) if response.status in (429, 503) else None
        spider = self.crawler.spider
        if wait is None or request.meta.get("dont_retry") or spider is None:
            return response
        if wait > self.max_wait:
            request.meta["dont_retry"] = True  # Scrapy's RetryMiddleware would retry at once
            return response
        self.crawler.stats.inc_value(keys.RETRY_AFTER)
        await asyncio.sleep(wait)
        retry = get_retry_request(request, spider=spider, reason=f"retry_after_{response.status}")
        return retry or response


def _retry_after(response: Response) -> float | None:
    value = header_text(response, b"Retry-After")
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:  # an HTTP date instead of seconds
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (moment - datetime.now(UTC)).total_seconds())
