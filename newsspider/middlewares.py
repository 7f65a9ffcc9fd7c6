"""Downloader middlewares: conditional requests for articles already written, Retry-After, charsets."""

from __future__ import annotations

import asyncio
import logging
import re
from collections import OrderedDict
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from itemadapter import ItemAdapter
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.redirect import RedirectMiddleware
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Headers, HtmlResponse, Response
from w3lib.encoding import html_body_declared_encoding

from newsspider import keys
from newsspider.options import option_bool, option_float
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
                _header(response, b"ETag"), _header(response, b"Last-Modified"), request.meta.get(keys.LASTMOD))
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


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


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


class CharsetMiddleware:
    """Fix pages whose HTTP charset is wrong: a body that is not valid UTF-8 though the header says so is read
    with the charset the page declares, else cp1252 (the usual culprit)."""

    def process_response(self, request: Request, response: Response) -> Response:
        content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1")
        if not isinstance(response, HtmlResponse) or not UTF8_HEADER.search(content_type):
            return response
        try:
            response.body.decode("utf-8")
        except UnicodeDecodeError:
            declared = html_body_declared_encoding(response.body)
            encoding = declared if declared and declared.lower().replace("-", "") != "utf8" else "cp1252"
            return response.replace(encoding=encoding, headers=_without_charset(response))
        return response


UTF8_HEADER = re.compile(r"charset\s*=\s*[\"']?utf-?8", re.IGNORECASE)


def _without_charset(response: Response) -> Headers:
    headers = response.headers.copy()
    headers[b"Content-Type"] = b"text/html"
    return headers


def _retry_after(response: Response) -> float | None:
    value = _header(response, b"Retry-After")
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:  # an HTTP date instead of seconds
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (moment - datetime.now(UTC)).total_seconds())


class CountingRedirectMiddleware(RedirectMiddleware):
    """Scrapy's redirect handling, counting the chains it abandons (loops, more than REDIRECT_MAX_TIMES)."""

    def _redirect(self, redirected: Request, request: Request, reason: Any) -> Request:
        try:
            return super()._redirect(redirected, request, reason)
        except IgnoreRequest:
            self.crawler.stats.inc_value(keys.REDIRECTS_ABANDONED)
            raise
