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

from scrapy.exceptions import IgnoreRequest
from scrapy.resolver import CachingThreadedResolver
from twisted.internet.defer import Deferred

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
