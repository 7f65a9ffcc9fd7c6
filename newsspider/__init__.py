"""newsspider: a Scrapy project that extracts news articles into deduplicated JSON Lines."""

from __future__ import annotations

from typing import Any

__all__ = ["extract_article"]


def extract_article(html: bytes | str, url: str, profile: str | None = None) -> dict[str, Any] | None:
    """Return the item dict of one page, through the same code the spider uses (None if it is no HTML)."""
    from newsspider.extraction.article import article_from_html

    return article_from_html(html, url, profile)
