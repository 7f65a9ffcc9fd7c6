"""Provenance: the fields a crawl (or a re-extraction) adds to each article to say where and when it came from."""

from __future__ import annotations

from typing import Any

from scrapy.http import Response

from newsspider import keys
from newsspider.items import Article


def stamp(article: Article, requested: str, answered: str, status: int, source: str | None, run: str) -> Article:
    """Add what is known of the fetch: the URL requested and the one that answered, the HTTP status, how the
    URL was found (items.SOURCES), and the run that wrote the record."""
    article["url"] = requested
    article["response_url"] = answered
    article["http_status"] = status
    article["source"] = source
    article["run_id"] = run
    return article


def requested_url(meta: dict[str, Any], url: str) -> str:
    """The URL the crawl asked for, before the redirects that led to `url` (Scrapy keeps them in the meta)."""
    redirects: list[str] = meta.get("redirect_urls") or [url]
    return redirects[0]


def stamp_fetch(article: Article, response: Response, run: str) -> Article:
    """stamp() for a page the crawl fetched."""
    requested = requested_url(response.meta, response.url)
    return stamp(article, requested, response.url, response.status, response.meta.get(keys.SOURCE), run)
