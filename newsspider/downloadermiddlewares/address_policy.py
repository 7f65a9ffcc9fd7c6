"""Private IP literals and localhost, dropped from a crawl that started on public sites."""

from __future__ import annotations

from urllib.parse import urlsplit

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest

from newsspider import keys
from newsspider.network import AddressPolicy, is_private_host


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
