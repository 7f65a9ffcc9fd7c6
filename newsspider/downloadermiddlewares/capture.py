"""Keeping a page's HTTP exchange as it crossed the wire, for the WARC file (NEWSSPIDER_WARC).

The middleware sits next to the downloader, before decompression and charset decoding, so that what it keeps
is what the server sent. The spider hands the exchange of an article page on with its item, and the WARC sink
writes it: only pages written as articles reach the WARC file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Headers, Response

from newsspider import keys
from newsspider.options import option_bool
from newsspider.provenance import requested_url

# Scrapy has removed the chunked framing from the body it hands on; a header that still announced it would
# make a WARC reader take the body apart a second time.
FRAMING_HEADERS = frozenset({b"transfer-encoding"})
EXCHANGE_ATTRIBUTE = "_newsspider_exchange"  # on an Article item: scrapy.Item takes only _-prefixed attributes


@dataclass(frozen=True)
class Exchange:
    """A request and its response as the downloader sent and received them."""

    method: str
    request_url: str
    request_headers: list[tuple[str, str]]
    request_body: bytes
    url: str
    status: int
    protocol: str
    headers: list[tuple[str, str]]
    body: bytes
    ip_address: str | None
    first_url: str  # the URL the crawl asked for, before redirects
    source: str | None  # how the crawl found it (items.SOURCES)


def header_pairs(headers: Headers, dropped: frozenset[bytes] = frozenset()) -> list[tuple[str, str]]:
    """Scrapy's headers as (name, value) text pairs, one per value, in their order (HTTP headers are latin-1)."""
    pairs: list[tuple[str, str]] = []
    for name, values in headers.items():
        if name.lower() not in dropped:
            pairs.extend((name.decode("latin-1"), value.decode("latin-1")) for value in values)
    return pairs


def exchange_of_response(request: Request, response: Response) -> Exchange:
    """The exchange of a response straight from the downloader."""
    return Exchange(
        method=request.method,
        request_url=request.url,
        request_headers=header_pairs(request.headers),
        request_body=request.body,
        url=response.url,
        status=response.status,
        protocol=response.protocol or "HTTP/1.1",
        headers=header_pairs(response.headers, FRAMING_HEADERS),
        body=response.body,
        ip_address=str(response.ip_address) if response.ip_address else None,
        first_url=requested_url(request.meta, request.url),
        source=request.meta.get(keys.SOURCE),
    )


class CaptureMiddleware:
    """Keep each page response's exchange in its meta (keys.RAW_RESPONSE) when NEWSSPIDER_WARC is on."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CaptureMiddleware:
        if not option_bool(crawler.settings, "NEWSSPIDER_WARC"):
            raise NotConfigured  # without a message: Scrapy would warn of it in every crawl, and off is the default
        return cls()

    def process_response(self, request: Request, response: Response) -> Response:
        if request.meta.get(keys.PAGE):  # not robots.txt, sitemaps or feeds: they are no articles
            request.meta[keys.RAW_RESPONSE] = exchange_of_response(request, response)
        return response


def attach_exchange(item: Any, response: Response) -> Any:
    """Hand a page's exchange on with its article item, for the WARC sink (no-op when nothing was kept)."""
    exchange = response.meta.pop(keys.RAW_RESPONSE, None)
    if exchange is not None:
        setattr(item, EXCHANGE_ATTRIBUTE, exchange)
    return item


def exchange_of(item: Any) -> Exchange | None:
    """The exchange an article item carries, if any."""
    return getattr(item, EXCHANGE_ATTRIBUTE, None)
