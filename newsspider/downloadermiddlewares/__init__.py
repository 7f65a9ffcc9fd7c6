"""Downloader middlewares, one per module: conditional requests, Retry-After, charsets, redirects, the
address policy and the crawl's scope. Distributed mode's round-progress middleware is in distributed.py."""

from __future__ import annotations

from scrapy.http import Response


def header_text(response: Response, name: bytes) -> str | None:
    """A response header as text (HTTP headers are latin-1), or None when absent."""
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
