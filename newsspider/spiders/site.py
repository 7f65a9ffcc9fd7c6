"""The `site` spider: discover and crawl news sites (the bundled demo by default) and extract their articles.

Discovery: start pages and their links, robots.txt sitemaps (indexes, gzip, Google News), and feeds (given
with -a feeds= or announced by <link rel="alternate">), read by newsspider.discovery. Extraction happens in
newsspider.extraction; this module only routes requests and responses.

With -a urls=FILE (a URL list) there is no discovery: each listed URL is fetched and extracted as an article,
without the page classifier, and nothing is followed from it.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable
from typing import Any

import scrapy
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.linkextractors import LinkExtractor
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from newsspider import keys
from newsspider.discovery import SOURCES
from newsspider.discovery.feeds import FEED_LINKS
from newsspider.discovery.sources import Entry, is_older
from newsspider.downloadermiddlewares.capture import attach_exchange
from newsspider.extensions import failure_kind
from newsspider.extraction.pagekind import PageKind
from newsspider.extraction.pool import ExtractionPool, PageReading
from newsspider.items import Article
from newsspider.options import option_int
from newsspider.provenance import stamp_fetch
from newsspider.signals import page_failed, page_not_article
from newsspider.spiders.arguments import ARGUMENTS, UrlList, check_arguments, parse_arguments
from newsspider.spiders.recent import RecentLinks
from newsspider.state import run_id
from newsspider.urls import address_key, is_site_root, is_variant, safe_url, variant_origin

logger = logging.getLogger(__name__)

# file:// pages (the demo site) go through their own download slot, without delay (settings.DOWNLOAD_SLOTS).
LOCAL_FILE_META = {"download_slot": "local-files", "autothrottle_dont_adjust_delay": True}
GONE_STATUSES = frozenset({404, 410})
URL_LIST_SOURCE = "url_list"  # items.SOURCES: the page was named by the URL list (-a urls=)
GIVEN_ARTICLE_KIND = PageKind("article", 1.0, "article: named by the URL list")
MAX_BAD_LINES_LOGGED = 20  # malformed lines warned about one by one; the rest in one line


class SiteSpider(scrapy.Spider):
    """Crawl from start URLs or a profile, stay within their domains, and extract every article page."""

    name = "site"
    extraction: ExtractionPool  # set by from_crawler

    def __init__(self, **kwargs: Any) -> None:
        arguments = parse_arguments({name: kwargs.pop(name, None) for name in ARGUMENTS})
        super().__init__(**kwargs)
        self.profile, self.start_urls, self.scope = arguments.profile, arguments.start_urls, arguments.scope
        self.feeds, self.since = arguments.feeds, arguments.since
        self.url_list = arguments.url_list  # its URLs are start_urls too: the address policy and Redis read those
        self.allowed_domains = self.scope.domains or None
        self.link_extractor = LinkExtractor(unique=True, canonicalize=False)
        self.recent_links = RecentLinks()

    @classmethod
    def check_arguments(cls, **given: str) -> None:
        """Raise SpiderArgumentError for arguments the spider cannot run with (called by `scrapy crawl`)."""
        check_arguments(given)

    async def start(self) -> AsyncIterator[scrapy.Request]:
        if self.url_list is not None:
            for request in self.listed_requests(self.url_list):
                yield request
            return
        for url in self.start_urls:
            self.crawler.stats.inc_value(keys.START_PAGES)
            request = self.request(url, source="start_url")
            request.meta[keys.START_PAGE] = True
            yield request
        for url in self.feeds:
            yield self.source_request(url, "feed")
        for root in self.scope.web_roots:
            yield self.source_request(f"{root}/robots.txt", "robots")

    def listed_requests(self, listed: UrlList) -> Iterable[scrapy.Request]:
        """Requests for the URLs of a URL list, and nothing else: no robots.txt sitemaps, no feeds."""
        self.report_url_list(listed)
        for url in listed.urls:
            yield self.request(url, URL_LIST_SOURCE)

    def report_url_list(self, listed: UrlList) -> None:
        """Count what the URL list held, and warn of each malformed line (they never stop the run)."""
        stats = self.crawler.stats
        stats.set_value(keys.URL_LIST_URLS, listed.read)  # set even when 0: the stats say it was a URL list
        stats.set_value(keys.URL_LIST_DUPLICATES, listed.duplicates)
        stats.set_value(keys.URL_LIST_MALFORMED, len(listed.malformed))
        for bad in listed.malformed[:MAX_BAD_LINES_LOGGED]:
            logger.warning("Skipping line %d of the URL list: %s", bad.number, bad.reason)
        unshown = len(listed.malformed) - MAX_BAD_LINES_LOGGED
        if unshown > 0:
            logger.warning("Skipping %d more malformed lines of the URL list", unshown)
        if not listed.urls:
            logger.warning("The URL list names no URL to fetch")

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> SiteSpider:
        spider: SiteSpider = super().from_crawler(crawler, *args, **kwargs)
        spider.extraction = ExtractionPool.from_crawler(crawler)
        return spider

    async def parse(self, response: Response, **kwargs: Any) -> AsyncIterator[scrapy.Request | Article]:
        """Follow links in scope; extract the page when it is an article."""
        self.crawler.stats.inc_value(keys.PAGES_FETCHED)
        if response.status == 304:
            self.crawler.stats.inc_value(keys.NOT_MODIFIED)  # unchanged since its article was written
            return
        if not isinstance(response, TextResponse):
            return
        if not response.meta.get(keys.GIVEN_ARTICLE):  # a URL list's page: nothing is discovered from it
            for request in self.follow_links(response):
                yield request
        canonical = None if response.meta.get(keys.COPY_ONLY) else self.canonical_elsewhere(response)
        if canonical is not None:
            yield self.origin_request(canonical, response)  # the article comes from its canonical page
            return
        reading = await self.read_page(response)
        if reading is None:
            return
        if reading.kind.is_article:
            if reading.article is not None:
                yield attach_exchange(stamp_fetch(reading.article, response, run_id(self.crawler)), response)
            return
        self.crawler.stats.inc_value(keys.NON_ARTICLE + reading.kind.kind)  # counted by kind in the run summary
        self.crawler.signals.send_catch_log(signal=page_not_article, url=response.url, kind=reading.kind.kind)
        logger.debug("Not an article: %s (%s)", response.url, reading.kind.reason)
        for request in self.feed_requests(response):
            yield request

    async def read_page(self, response: TextResponse) -> PageReading | None:
        """The page's kind and article, read off the reactor thread; None when that took too long."""
        # a URL list's page is an article by the user's word: the classifier is not asked
        known = GIVEN_ARTICLE_KIND if response.meta.get(keys.GIVEN_ARTICLE) else None
        try:
            return await self.extraction.read(response, self.profile, known)
        except TimeoutError:
            self.crawler.stats.inc_value(keys.EXTRACT_TIMEOUT)
            logger.error(
                "Gave up reading %s: past NEWSSPIDER_EXTRACT_TIMEOUT (%s s)", response.url, self.extraction.timeout
            )
            return None

    def parse_source(self, response: Response, reader: str) -> Iterable[scrapy.Request]:
        """Requests for what a robots.txt, sitemap or feed names: documents of a source, or article pages."""
        yield from self.entry_requests(SOURCES[reader].read(response.body, response.url), response.url, reader)

    def source_missing(self, failure: Failure) -> Iterable[scrapy.Request]:
        """A source document that could not be fetched: read as empty (robots.txt: the usual sitemaps)."""
        request = failure.request  # type: ignore[attr-defined]  # set by Scrapy on errbacks
        reader = request.cb_kwargs["reader"]
        yield from self.entry_requests(SOURCES[reader].read(b"", request.url), request.url, reader)

    def entry_requests(self, entries: Iterable[Entry], base: str, reader: str) -> Iterable[scrapy.Request]:
        """Requests for the in-scope entries of a source: its other documents, and the pages inside the date
        window (a sitemap entry with a publication date comes from a Google News sitemap)."""
        for entry in entries:
            if entry.reader is not None:
                if self.in_scope(entry.url):
                    yield self.source_request(entry.url, entry.reader)
                continue
            url = safe_url(base, entry.url)
            if is_older(entry.date, self.since):
                self.crawler.stats.inc_value(keys.OLDER_THAN_SINCE)
            elif url is not None and self.in_scope(url):
                source = "news_sitemap" if reader == "sitemap" and entry.published else reader
                yield self.request(url, source, lastmod=entry.lastmod)  # a publication date says nothing of changes

    def follow_links(self, response: TextResponse) -> Iterable[scrapy.Request]:
        """Requests for the page's links that stay in scope, without tracking parameters; at most
        NEWSSPIDER_MAX_LINKS_PER_PAGE of them, in page order."""
        depth = response.meta.get("depth", 0)
        links = self.link_extractor.extract_links(response)
        cap = option_int(self.settings, "NEWSSPIDER_MAX_LINKS_PER_PAGE")
        if cap and len(links) > cap:  # 0 (or unset): no cap
            self.crawler.stats.inc_value(keys.LINKS_CAPPED)
            logger.warning(
                "Following %d of the %d links of %s (NEWSSPIDER_MAX_LINKS_PER_PAGE)", cap, len(links), response.url
            )
            links = links[:cap]
        for link in links:
            url = safe_url(link.url)
            if url is not None and not self.recent_links.followed(url, depth) and self.in_scope(url):
                yield self.request(url, "link")

    def feed_requests(self, response: TextResponse) -> Iterable[scrapy.Request]:
        """Feeds a home or section page announces with <link rel="alternate">."""
        for href in response.xpath(FEED_LINKS).getall():
            url = safe_url(response.url, href.strip())
            if url is not None and self.in_scope(url):
                yield self.source_request(url, "feed")

    def canonical_elsewhere(self, response: TextResponse) -> str | None:
        """The in-scope page a copy (AMP, print, tracking variant) stands for: its declared canonical URL,
        else its own URL without the variant marker (/amp/, .amp.html, ?print=1). Not the home page (a CMS
        mistake), not a page that only differs by scheme or www., not one that redirected here."""
        declared = response.xpath('//link[@rel="canonical"]/@href').get()
        candidates = [safe_url(response.url, declared.strip())] if declared else []
        candidates.append(variant_origin(response.url))
        came_from = {address_key(url) for url in [response.url, *response.meta.get("redirect_urls", [])]}
        for url in candidates:
            if url and address_key(url) not in came_from and not is_site_root(url) and self.in_scope(url):
                return url
        return None

    def origin_request(self, url: str, copy: Response) -> scrapy.Request:
        """A request for the canonical page of a copy; should it fail, the copy is extracted instead."""
        request = self.request(url, copy.meta.get(keys.SOURCE))
        request.meta[keys.COPY_OF] = copy.url
        return request.replace(errback=self.origin_failed)

    def origin_failed(self, failure: Failure) -> Iterable[scrapy.Request]:
        """The canonical page of a copy could not be fetched (404, network): the copy is the article."""
        meta = failure.request.meta  # type: ignore[attr-defined]  # set by Scrapy on errbacks
        self.crawler.stats.inc_value(keys.EXTRACTED_FROM_COPY)
        request = self.request(meta[keys.COPY_OF], meta.get(keys.SOURCE))
        request.meta[keys.COPY_ONLY] = True
        yield request.replace(dont_filter=True)  # fetched once already, as the copy

    def in_scope(self, url: str) -> bool:
        """Whether the crawl may request a URL; counts the ones it may not."""
        if self.scope.allows(url):
            return True
        self.crawler.stats.inc_value(keys.OFFSITE)
        return False

    def request(self, url: str, source: str | None, lastmod: str | None = None) -> scrapy.Request:
        """A request for a page found by `source` (items.SOURCES). Variants (AMP, print, mobile) come after the
        pages they copy, so that the canonical page is the one extracted; local files skip the politeness delay
        meant for web servers. A URL list's pages are articles (its canonical-page handovers inherit that
        with the source)."""
        meta: dict[str, Any] = {keys.PAGE: True, keys.LASTMOD: lastmod, keys.SOURCE: source}
        if source == URL_LIST_SOURCE:
            meta[keys.GIVEN_ARTICLE] = True
        if url.startswith("file:"):
            meta.update(LOCAL_FILE_META)
        priority = -1 if is_variant(url) else 0
        return scrapy.Request(url, callback=self.parse, errback=self.page_failed, meta=meta, priority=priority)

    def page_failed(self, failure: Failure) -> None:
        """A page that could not be fetched (network error, HTTP error after retries): counted for the
        run's verdict, which counts pages, not robots.txt or sitemaps."""
        request = failure.request  # type: ignore[attr-defined]  # set by Scrapy on errbacks
        if failure.check(IgnoreRequest) and not failure.check(HttpError):  # HttpError is an IgnoreRequest too
            return  # skipped on purpose (out of scope, robots.txt, a private address): no failure
        if request.meta.get(keys.START_PAGE):
            self.crawler.stats.inc_value(keys.START_PAGES_FAILED)
        gone = isinstance(failure.value, HttpError) and failure.value.response.status in GONE_STATUSES
        if not gone:  # a dead link is the site's, not the crawl's failure; a dead start page still is
            self.crawler.stats.inc_value(keys.PAGES_FAILED)
            self.crawler.signals.send_catch_log(signal=page_failed, url=request.url, kind=failure_kind(failure))
        logger.log(
            logging.INFO if gone else logging.WARNING, "Could not fetch %s: %s", request.url, failure.getErrorMessage()
        )

    def source_request(self, url: str, reader: str) -> scrapy.Request:
        """A request for a document of a discovery source, read by that source."""
        source = SOURCES[reader]
        return scrapy.Request(
            url,
            callback=self.parse_source,
            cb_kwargs={"reader": reader},
            meta=dict(source.meta),
            priority=source.priority,
            errback=self.source_missing if source.read_when_missing else None,
        )
