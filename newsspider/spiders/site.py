"""The `site` spider: crawl news sites (the bundled demo by default), follow links in scope, extract articles."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response, TextResponse
from scrapy.linkextractors import LinkExtractor

from newsspider.extraction.article import build_article
from newsspider.items import Article
from newsspider.sites import ProfileError, SiteProfile, load_profile
from newsspider.spiders.pages import is_article_page, url_may_be_article
from newsspider.urls import canonical_form, without_tracking

DEMO_PROFILE = "demo"
CRAWLABLE_SCHEMES = frozenset({"http", "https"})
# file:// pages (the demo site) go through their own download slot, without delay (settings.DOWNLOAD_SLOTS).
LOCAL_FILE_META = {"download_slot": "local-files", "autothrottle_dont_adjust_delay": True}


class SpiderArgumentError(ValueError):
    """A spider argument that makes the run pointless: reported in one line, before anything starts."""


class SiteSpider(scrapy.Spider):
    """Crawl from start URLs or a profile, stay within their domains, and extract every article page."""

    name = "site"

    def __init__(self, start_urls: str | None = None, profile: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.profile, self.start_urls = resolve_arguments(start_urls, profile)
        self.scope = Scope(self.start_urls, self.profile.domains)
        self.allowed_domains = self.scope.domains or None
        self.link_extractor = LinkExtractor(unique=True, canonicalize=False)

    @classmethod
    def check_arguments(cls, start_urls: str | None = None, profile: str | None = None, **_: str) -> None:
        """Raise SpiderArgumentError for arguments the spider cannot run with (called by `scrapy crawl`)."""
        resolve_arguments(start_urls, profile)

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.start_urls:
            yield self.request(url)

    def parse(self, response: Response, **kwargs: Any) -> Iterable[scrapy.Request | Article]:
        """Follow links in scope; extract the page when it is an article."""
        if not isinstance(response, TextResponse):
            return
        yield from self.follow_links(response)
        canonical = self.canonical_elsewhere(response)
        if canonical is not None:
            yield self.request(canonical)  # the article is extracted from its canonical page, not this variant
        elif self.is_article(response):
            item = build_article(response, self.profile, datetime.now(UTC))
            if item is not None:
                yield item

    def canonical_elsewhere(self, response: TextResponse) -> str | None:
        """The in-scope canonical URL of a page that declares itself a copy (AMP, print, tracking variant)."""
        declared = response.xpath('//link[@rel="canonical"]/@href').get()
        if not declared:
            return None
        url = without_tracking(response.urljoin(declared.strip()))
        same = canonical_form(url) == canonical_form(response.url) and url == without_tracking(response.url)
        return url if not same and self.scope.allows(url) else None

    def follow_links(self, response: TextResponse) -> Iterable[scrapy.Request]:
        """Requests for the page's links that stay in scope, without tracking parameters."""
        for link in self.link_extractor.extract_links(response):
            url = without_tracking(link.url)
            if self.scope.allows(url):
                yield self.request(url)

    def request(self, url: str) -> scrapy.Request:
        """A request for a page; local files skip the politeness delay meant for web servers. Variants
        (AMP, print, mobile) come after the pages they copy, so that the canonical page is the one extracted."""
        meta = LOCAL_FILE_META if url.startswith("file:") else {}
        priority = -1 if canonical_form(url) != url else 0
        return scrapy.Request(url, callback=self.parse, meta=meta, priority=priority)

    def is_article(self, response: TextResponse) -> bool:
        """The profile's article-URL pattern when it has one, else the page's own signals."""
        by_profile = self.profile.is_article_url(response.url)
        if by_profile is not None:
            return by_profile and url_may_be_article(response.url)
        return is_article_page(response)


class Scope:
    """Which URLs a crawl may follow: the start URLs' hosts (and the profile's domains), never another scheme."""

    def __init__(self, start_urls: list[str], extra_domains: Iterable[str] = ()) -> None:
        parts = [urlsplit(url) for url in start_urls]
        self.schemes = {part.scheme for part in parts}
        self.domains = sorted({(part.hostname or "").removeprefix("www.") for part in parts if part.hostname}
                              | set(extra_domains))
        self.file_roots = [part.path.rsplit("/", 1)[0] + "/" for part in parts if part.scheme == "file"]

    def allows(self, url: str) -> bool:
        """Whether the crawl may request this URL."""
        part = urlsplit(url)
        if part.scheme not in self.schemes:
            return False
        if part.scheme == "file":
            return any(part.path.startswith(root) for root in self.file_roots)
        host = part.hostname or ""
        return any(host == domain or host.endswith("." + domain) for domain in self.domains)


def resolve_arguments(start_urls: str | None, profile_name: str | None) -> tuple[SiteProfile, list[str]]:
    """Check the spider arguments; raise SpiderArgumentError with a one-line reason when they are wrong."""
    try:
        profile = load_profile(profile_name or DEMO_PROFILE) if profile_name or not start_urls else None
    except ProfileError as exc:
        raise SpiderArgumentError(str(exc)) from exc
    urls = [url.strip() for url in (start_urls or "").split(",") if url.strip()]
    if not urls and profile is not None:
        urls = [_profile_url(url) for url in profile.start_urls]
    if not urls:
        raise SpiderArgumentError("no start URLs: give -a start_urls=URL[,URL...] or a profile with start_urls")
    for url in urls:
        _check_url(url)
    return profile or SiteProfile(name="generic"), urls


def _check_url(url: str) -> None:
    part = urlsplit(url)
    if (part.scheme in CRAWLABLE_SCHEMES and part.hostname and "." in part.hostname.strip(".")) or \
            part.hostname in ("localhost", "127.0.0.1"):
        return
    if part.scheme == "file" and Path(part.path).exists():
        return
    raise SpiderArgumentError(f"malformed or unreachable start URL {url!r} (expected http(s)://host/...)")


def _profile_url(url: str) -> str:
    """Profiles may name a file of the repository (the demo site) by a path relative to it."""
    if "://" in url:
        return url
    return (Path(__file__).resolve().parents[2] / url).as_uri()
