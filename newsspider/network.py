"""Where a crawl may connect: public addresses only, when it started from public sites.

A public start URL must not lead the crawler to loopback, private or link-local addresses (a link, a
redirect, a sitemap, or a DNS answer that changes between two lookups: "DNS rebinding"). The check sits in
the resolver Twisted connects with, so the address checked is the address connected to; IP literals, which
never reach a resolver, are checked by AddressPolicyMiddleware. A crawl started on a private or loopback
address (the tests, an intranet) may stay there.
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Iterable
from urllib.parse import urlsplit

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.resolver import CachingThreadedResolver
from twisted.internet.defer import Deferred

from newsspider import keys

logger = logging.getLogger(__name__)


class AddressPolicy:
    """Whether private addresses may be fetched in this process (set from the start URLs when the spider opens)."""

    block_private = False

    @classmethod
    def set_from_start_urls(cls, urls: Iterable[str]) -> None:
        """Block private addresses unless a start URL itself is on one."""
        hosts = [urlsplit(url).hostname for url in urls if urlsplit(url).scheme in ("http", "https")]
        cls.block_private = bool(hosts) and all(host and not is_private_host(host) for host in hosts)


def is_private_address(address: str) -> bool:
    """Loopback, private, link-local, reserved or unspecified."""
    try:
        ip = ipaddress.ip_address(address.split("%")[0])
    except ValueError:
        return False
    return not ip.is_global or ip.is_multicast


def is_private_host(host: str) -> bool:
    """A host that is a private IP literal, or a name that always means this machine."""
    return host.lower() in ("localhost", "localhost.localdomain") or is_private_address(host.strip("[]"))


class PrivateAddressError(IgnoreRequest):
    """A name that resolved to a private address in a public crawl: dropped, not retried."""


class PublicOnlyResolver(CachingThreadedResolver):
    """Scrapy's caching resolver, refusing private answers while AddressPolicy blocks them."""

    def getHostByName(self, name: str, timeout: Iterable[int] = ()) -> Deferred[str]:
        return super().getHostByName(name, tuple(timeout)).addCallback(self._check, name)

    @staticmethod
    def _check(address: str, name: str) -> str:
        if AddressPolicy.block_private and is_private_address(address):
            logger.warning("Refusing %s: it resolves to the private address %s", name, address)
            raise PrivateAddressError(f"{name} resolves to a private address")
        return address


class AddressPolicyMiddleware:
    """Set AddressPolicy from the spider's start URLs when it opens, and drop requests to private IP
    literals (and localhost) while it blocks them. The policy is the process's: Scrapy builds the resolver
    once per process, not per crawler."""

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)

    def spider_opened(self, spider: Spider) -> None:
        AddressPolicy.set_from_start_urls(getattr(spider, "start_urls", ()))

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> AddressPolicyMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        host = urlsplit(request.url).hostname or ""
        if AddressPolicy.block_private and host and is_private_host(host):
            self.stats.inc_value(keys.PRIVATE_ADDRESS)
            raise IgnoreRequest(f"private address {host} reached from a public crawl")


class ScopeMiddleware:
    """Drop every request outside the spider's scope, however it was made (a link, a redirect, a meta
    refresh, a sitemap or feed entry, a canonical link): one check decides for all of them."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ScopeMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        scope = getattr(self.crawler.spider, "scope", None)
        if scope is not None and not scope.allows(request.url):
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value(keys.OFFSITE)
            raise IgnoreRequest(f"outside the crawl's scope: {request.url}")
