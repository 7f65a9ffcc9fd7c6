"""Conditional requests for articles already written: If-None-Match / If-Modified-Since, sitemap lastmod."""

from __future__ import annotations

import logging
from collections import OrderedDict
from typing import Any

from itemadapter import ItemAdapter
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response

from newsspider import keys
from newsspider.downloadermiddlewares import header_text
from newsspider.options import option_bool
from newsspider.signals import article_unchanged, article_written
from newsspider.state import STORE_ERRORS, StateStore, store_for
from newsspider.text import is_newer
from newsspider.urls import canonical_form

logger = logging.getLogger(__name__)

MAX_PENDING = 10_000  # pages fetched whose article is not through the pipelines yet


class ConditionalRequestsMiddleware:
    """Ask again only for what may have changed: a page whose article was written is requested with
    If-None-Match / If-Modified-Since, and not at all when its sitemap lastmod is not newer than last time.

    What a page answered (ETag, Last-Modified, sitemap lastmod) is kept in memory and stored only once the
    page's article is written, or found unchanged: a run that stops before writing a new version cannot make
    the next run skip it.
    """

    def __init__(self, crawler: Crawler, store: StateStore) -> None:
        self.stats = crawler.stats
        self.store = store
        self.pending: OrderedDict[str, tuple[str | None, str | None, str | None]] = OrderedDict()
        crawler.signals.connect(self.keep_validators, signal=article_written)
        crawler.signals.connect(self.keep_validators, signal=article_unchanged)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConditionalRequestsMiddleware:
        store = store_for(crawler) if option_bool(crawler.settings, "NEWSSPIDER_CONDITIONAL_REQUESTS") else None
        if store is None:
            raise NotConfigured
        return cls(crawler, store)

    def process_request(self, request: Request) -> None:
        if not request.meta.get(keys.PAGE):
            return
        try:
            known = self.store.validators(canonical_form(request.url))
        except STORE_ERRORS:  # validators only save bandwidth: a failing store (full disk) asks in full
            return
        if known is None:
            return
        lastmod = request.meta.get(keys.LASTMOD)
        if lastmod and known.lastmod and not is_newer(lastmod, known.lastmod):
            self.stats.inc_value(keys.LASTMOD_UNCHANGED)
            raise IgnoreRequest(f"not modified since the last run (sitemap lastmod {lastmod})")
        if known.etag:
            request.headers["If-None-Match"] = known.etag
        if known.last_modified:
            request.headers["If-Modified-Since"] = known.last_modified
        if known.etag or known.last_modified:
            request.meta["handle_httpstatus_list"] = [*request.meta.get("handle_httpstatus_list", []), 304]
            self.stats.inc_value(keys.CONDITIONAL_REQUESTS)

    def process_response(self, request: Request, response: Response) -> Response:
        if request.meta.get(keys.PAGE) and response.status == 200:
            self.pending[canonical_form(response.url)] = (
                header_text(response, b"ETag"),
                header_text(response, b"Last-Modified"),
                request.meta.get(keys.LASTMOD),
            )
            while len(self.pending) > MAX_PENDING:  # pages that gave no article
                self.pending.popitem(last=False)
        return response

    def keep_validators(self, item: Any, **kwargs: Any) -> None:
        """The article of a page is in the output (or unchanged there): its validators can be trusted."""
        url_key = canonical_form(ItemAdapter(item)["url"])
        answered = self.pending.pop(url_key, None)
        if answered is not None:
            try:
                self.store.save_validators(url_key, *answered)
            except STORE_ERRORS:  # the next run asks for the page in full; the pipeline reports the store
                logger.debug("Validators of %s not saved", url_key)
