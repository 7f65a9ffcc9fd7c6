"""Redirects: Scrapy's handling, with the chains it abandons counted."""

from __future__ import annotations

from typing import Any

from scrapy import Request
from scrapy.downloadermiddlewares.redirect import RedirectMiddleware
from scrapy.exceptions import IgnoreRequest

from newsspider import keys


class CountingRedirectMiddleware(RedirectMiddleware):
    """Scrapy's redirect handling, counting the chains it abandons (loops, more than REDIRECT_MAX_TIMES)."""

    def _redirect(self, redirected: Request, request: Request, reason: Any) -> Request:
        try:
            return super()._redirect(redirected, request, reason)
        except IgnoreRequest:
            self.crawler.stats.inc_value(keys.REDIRECTS_ABANDONED)
            raise
