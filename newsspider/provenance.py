"""Provenance: the fields a crawl (or a re-extraction) adds to each article to say where and when it came from."""

from __future__ import annotations

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


def stamp_fetch(article: Article, response: Response, run: str) -> Article:
    """stamp() for a page the crawl fetched."""
    requested = response.meta.get("redirect_urls", [response.url])[0]
    return stamp(article, requested, response.url, response.status, response.meta.get(keys.SOURCE), run)
