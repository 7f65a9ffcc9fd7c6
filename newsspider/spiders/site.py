"""The `site` spider: discover and crawl news sites (the bundled demo by default) and extract their articles.

Discovery: start pages and their links, robots.txt sitemaps (indexes, gzip, Google News), and feeds (given
with -a feeds= or announced by <link rel="alternate">). Extraction happens in newsspider.extraction.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable
from datetime import datetime
from typing import Any

import scrapy
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.linkextractors import LinkExtractor
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from newsspider import keys
from newsspider.discovery import (
    FEED_TYPES,
    MAX_XML_BYTES,
    USUAL_SITEMAPS,
    Entry,
    feed_entries,
    is_older,
    parse_since,
    robots_sitemaps,
    sitemap_entries,
)
from newsspider.extraction.pool import ExtractionPool, PageReading
from newsspider.items import Article
from newsspider.network import AddressPolicy
from newsspider.options import option_int
from newsspider.spiders.arguments import (
    Scope,
    SpiderArgumentError,
    check_feed_url,
    resolve_arguments,
    url_list,
)
from newsspider.spiders.recent import RecentLinks
from newsspider.urls import address_key, is_site_root, is_variant, safe_url, variant_origin

logger = logging.getLogger(__name__)

ARGUMENTS = ("start_urls", "profile", "feeds", "since")
# Arguments Scrapy itself gives meaning to; names starting with "_" are a scheduler's (scrapyd's _job).
SCRAPY_ARGUMENTS = frozenset({"name", "allowed_domains"})
# file:// pages (the demo site) go through their own download slot, without delay (settings.DOWNLOAD_SLOTS).
LOCAL_FILE_META = {"download_slot": "local-files", "autothrottle_dont_adjust_delay": True}
GONE_STATUSES = frozenset({404, 410})
FEED_LINKS = "//link[@rel='alternate'][{}]/@href".format(" or ".join(f"@type='{kind}'" for kind in FEED_TYPES))


class SiteSpider(scrapy.Spider):
    """Crawl from start URLs or a profile, stay within their domains, and extract every article page."""

    name = "site"
    extraction: ExtractionPool  # set by from_crawler

    def __init__(self, start_urls: str | None = None, profile: str | None = None, feeds: str | None = None,
                 since: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.profile, self.start_urls = resolve_arguments(start_urls, profile)
        self.scope = Scope(self.start_urls, self.profile.domains)
        self.feeds, self.since = check_discovery_arguments(feeds, since, self.scope)
        AddressPolicy.set_from_start_urls(self.start_urls)
        self.allowed_domains = self.scope.domains or None
        self.link_extractor = LinkExtractor(unique=True, canonicalize=False)
        self.recent_links = RecentLinks()

    @classmethod
    def check_arguments(cls, start_urls: str | None = None, profile: str | None = None,
                        feeds: str | None = None, since: str | None = None, **others: str) -> None:
        """Raise SpiderArgumentError for arguments the spider cannot run with (called by `scrapy crawl`)."""
        unknown = sorted(name for name in others if name not in SCRAPY_ARGUMENTS and not name.startswith("_"))
        if unknown:
            raise SpiderArgumentError(f"unknown argument {unknown[0]!r} (known: {', '.join(ARGUMENTS)})")
        for name, value in (("start_urls", start_urls), ("profile", profile)):
            if value is not None and not value.strip():
                raise SpiderArgumentError(f"{name}= is empty")
        site_profile, urls = resolve_arguments(start_urls, profile)
        check_discovery_arguments(feeds, since, Scope(urls, site_profile.domains))

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.start_urls:
            self.crawler.stats.inc_value(keys.START_PAGES)
            request = self.request(url)
            request.meta[keys.START_PAGE] = True
            yield request
        for url in self.feeds:
            yield scrapy.Request(url, callback=self.parse_feed, meta={"download_maxsize": MAX_XML_BYTES})
        for root in self.scope.web_roots:
            yield scrapy.Request(f"{root}/robots.txt", callback=self.parse_robots, errback=self.without_robots,
                                 cb_kwargs={"root": root}, meta={"dont_obey_robotstxt": True})

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
        for request in self.follow_links(response):
            yield request
        canonical = None if response.meta.get(keys.COPY_ONLY) else self.canonical_elsewhere(response)
        if canonical is not None:
            yield self.origin_request(canonical, response.url)  # the article comes from its canonical page
            return
        reading = await self.read_page(response)
        if reading is None:
            return
        if reading.kind.is_article:
            if reading.article is not None:
                yield reading.article
            return
        self.crawler.stats.inc_value(keys.NON_ARTICLE + reading.kind.kind)  # counted by kind in the run summary
        logger.debug("Not an article: %s (%s)", response.url, reading.kind.reason)
        for request in self.feed_requests(response):
            yield request

    async def read_page(self, response: TextResponse) -> PageReading | None:
        """The page's kind and article, read off the reactor thread; None when that took too long."""
        try:
            return await self.extraction.read(response, self.profile)
        except TimeoutError:
            self.crawler.stats.inc_value(keys.EXTRACT_TIMEOUT)
            logger.error("Gave up reading %s: past NEWSSPIDER_EXTRACT_TIMEOUT (%s s)", response.url,
                         self.extraction.timeout)
            return None

    def parse_robots(self, response: Response, root: str) -> Iterable[scrapy.Request]:
        """Sitemaps named by robots.txt, else the usual places."""
        text = response.text if isinstance(response, TextResponse) else response.body.decode("utf-8", "replace")
        sitemaps = robots_sitemaps(text) or [root + path for path in USUAL_SITEMAPS]
        yield from (self.sitemap_request(url) for url in sitemaps if self.in_scope(url))

    def without_robots(self, failure: Failure) -> Iterable[scrapy.Request]:
        """No robots.txt: look for sitemaps in the usual places."""
        root = failure.request.cb_kwargs["root"]  # type: ignore[attr-defined]  # set by Scrapy on errbacks
        yield from (self.sitemap_request(root + path) for path in USUAL_SITEMAPS)

    def parse_sitemap(self, response: Response) -> Iterable[scrapy.Request]:
        """Child sitemaps of an index, or requests for the article URLs of a sitemap."""
        for entry in sitemap_entries(response.body):
            if not entry.is_sitemap:
                yield from self.entry_requests([entry])
            elif self.in_scope(entry.url):
                yield self.sitemap_request(entry.url)

    def parse_feed(self, response: Response) -> Iterable[scrapy.Request]:
        """Requests for the entries of an RSS, Atom or JSON feed."""
        yield from self.entry_requests(feed_entries(response.body), response.url)

    def entry_requests(self, entries: Iterable[Entry], base: str | None = None) -> Iterable[scrapy.Request]:
        """Requests for the in-scope entries of a sitemap or feed inside the date window."""
        for entry in entries:
            url = safe_url(base or entry.url, entry.url)
            if is_older(entry.date, self.since):
                self.crawler.stats.inc_value(keys.OLDER_THAN_SINCE)
            elif url is not None and self.in_scope(url):
                yield self.request(url, lastmod=entry.lastmod)  # a publication date says nothing of changes

    def follow_links(self, response: TextResponse) -> Iterable[scrapy.Request]:
        """Requests for the page's links that stay in scope, without tracking parameters; at most
        NEWSSPIDER_MAX_LINKS_PER_PAGE of them, in page order."""
        depth = response.meta.get("depth", 0)
        links = self.link_extractor.extract_links(response)
        cap = option_int(self.settings, "NEWSSPIDER_MAX_LINKS_PER_PAGE")
        if cap and len(links) > cap:  # 0 (or unset): no cap
            self.crawler.stats.inc_value(keys.LINKS_CAPPED)
            logger.warning("Following %d of the %d links of %s (NEWSSPIDER_MAX_LINKS_PER_PAGE)", cap, len(links),
                           response.url)
            links = links[:cap]
        for link in links:
            url = safe_url(link.url)
            if url is not None and not self.recent_links.followed(url, depth) and self.in_scope(url):
                yield self.request(url)

    def feed_requests(self, response: TextResponse) -> Iterable[scrapy.Request]:
        """Feeds a home or section page announces with <link rel="alternate">."""
        for href in response.xpath(FEED_LINKS).getall():
            url = safe_url(response.url, href.strip())
            if url is not None and self.in_scope(url):
                yield scrapy.Request(url, callback=self.parse_feed, meta={"download_maxsize": MAX_XML_BYTES})

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

    def origin_request(self, url: str, copy: str) -> scrapy.Request:
        """A request for the canonical page of a copy; should it fail, the copy is extracted instead."""
        request = self.request(url)
        request.meta[keys.COPY_OF] = copy
        return request.replace(errback=self.origin_failed)

    def origin_failed(self, failure: Failure) -> Iterable[scrapy.Request]:
        """The canonical page of a copy could not be fetched (404, network): the copy is the article."""
        copy = failure.request.meta[keys.COPY_OF]  # type: ignore[attr-defined]  # set by Scrapy on errbacks
        self.crawler.stats.inc_value(keys.EXTRACTED_FROM_COPY)
        request = self.request(copy)
        request.meta[keys.COPY_ONLY] = True
        yield request.replace(dont_filter=True)  # fetched once already, as the copy

    def in_scope(self, url: str) -> bool:
        """Whether the crawl may request a URL; counts the ones it may not."""
        if self.scope.allows(url):
            return True
        self.crawler.stats.inc_value(keys.OFFSITE)
        return False

    def request(self, url: str, lastmod: str | None = None) -> scrapy.Request:
        """A request for a page. Variants (AMP, print, mobile) come after the pages they copy, so that the
        canonical page is the one extracted; local files skip the politeness delay meant for web servers."""
        meta: dict[str, Any] = {keys.PAGE: True, keys.LASTMOD: lastmod}
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
        logger.log(logging.INFO if gone else logging.WARNING, "Could not fetch %s: %s", request.url,
                   failure.getErrorMessage())

    def sitemap_request(self, url: str) -> scrapy.Request:
        """A request for a sitemap: fetched every run, ahead of pages (it lists the newest articles); the
        protocol allows 50 MB, more than pages may weigh."""
        return scrapy.Request(url, callback=self.parse_sitemap, priority=1, meta={"download_maxsize": MAX_XML_BYTES})


def check_discovery_arguments(feeds: str | None, since: str | None,
                              scope: Scope) -> tuple[list[str], datetime | None]:
    """The feed URLs and the date window; raise SpiderArgumentError when they are wrong."""
    urls = url_list(feeds)
    for url in urls:
        check_feed_url(url, scope)
    try:
        return urls, parse_since(since) if since else None
    except ValueError as exc:
        raise SpiderArgumentError(str(exc)) from exc
