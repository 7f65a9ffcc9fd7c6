"""A download-only spider, the ceiling of the crawl benchmark: it follows what the `site` spider follows
(start pages, robots.txt sitemaps, sitemap indexes, gzipped sitemaps and the links of every HTML page) with
the same Scrapy machinery, but extracts nothing and writes nothing.

Run it with `scrapy runspider benchmarks/download_spider.py -a start_urls=URL` outside the project directory,
so that plain Scrapy settings apply (the project's middlewares and pipelines stay out of the ceiling).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response, TextResponse
from scrapy.linkextractors import LinkExtractor
from scrapy.settings import BaseSettings
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots

GZIP_MAGIC = b"\x1f\x8b"
SETTINGS = {"COOKIES_ENABLED": False, "TELNETCONSOLE_ENABLED": False}


class DownloadOnlySpider(scrapy.Spider):
    """Fetch every page the site spider would reach; parse sitemaps and links, nothing else."""

    name = "download_only"

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        """No cookies and no telnet console, as in the project's settings."""
        super().update_settings(settings)
        settings.setdict(SETTINGS, priority="spider")

    def __init__(self, start_urls: str = "", **kwargs: Any) -> None:
        """Comma-separated start URLs; the crawl stays on their hosts."""
        super().__init__(**kwargs)
        self.start_urls = [url.strip() for url in start_urls.split(",") if url.strip()]
        self.allowed_domains = sorted({urlsplit(url).hostname or "" for url in self.start_urls})
        self.link_extractor = LinkExtractor(unique=True, canonicalize=False)

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """The start pages and the robots.txt of their sites."""
        for url in self.start_urls:
            parts = urlsplit(url)
            yield scrapy.Request(url)
            yield scrapy.Request(f"{parts.scheme}://{parts.netloc}/robots.txt", callback=self.parse_robots)

    def parse(self, response: Response, **kwargs: Any) -> Iterable[scrapy.Request]:
        """Follow the links of an HTML page."""
        if isinstance(response, TextResponse):
            yield from (scrapy.Request(link.url) for link in self.link_extractor.extract_links(response))

    def parse_robots(self, response: Response) -> Iterable[scrapy.Request]:
        """The sitemaps robots.txt names."""
        for url in sitemap_urls_from_robots(response.body, base_url=response.url):
            yield scrapy.Request(url, callback=self.parse_sitemap, priority=1)

    def parse_sitemap(self, response: Response) -> Iterable[scrapy.Request]:
        """Child sitemaps of an index, or the pages a sitemap lists."""
        body = response.body
        sitemap = Sitemap(gunzip(body) if body.startswith(GZIP_MAGIC) else body)
        for entry in sitemap:
            if sitemap.type == "sitemapindex":
                yield scrapy.Request(entry["loc"], callback=self.parse_sitemap, priority=1)
            else:
                yield scrapy.Request(entry["loc"])
