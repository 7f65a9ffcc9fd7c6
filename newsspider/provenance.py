"""Provenance: the fields a crawl adds to each article to say where and when it came from."""

from __future__ import annotations

from scrapy.http import Response

from newsspider import keys
from newsspider.items import Article


def stamp_fetch(article: Article, response: Response, run: str) -> Article:
    """Add what the crawl knows of the fetch: the URL requested and the one that answered, the status, how the
    URL was found, and the run."""
    article["url"] = response.meta.get("redirect_urls", [response.url])[0]
    article["response_url"] = response.url
    article["http_status"] = response.status
    article["source"] = response.meta.get(keys.SOURCE)
    article["run_id"] = run
    return article
