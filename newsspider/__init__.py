"""newsspider: a Scrapy project that extracts news articles into deduplicated JSON Lines."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from datetime import datetime

    from newsspider.extraction.pagekind import PageKind

__all__ = ["classify_page", "extract_article", "is_article"]


def extract_article(
    html: bytes | str, url: str, profile: str | None = None, fetched_at: datetime | None = None
) -> dict[str, Any] | None:
    """Return the item dict of one page, through the same code the spider uses (None if it is no HTML).

    `fetched_at` is when the page was downloaded (now when not given): the item's fetched_at, and the moment
    a relative date ("2 hours ago") is counted back from."""
    from newsspider.extraction.article import article_from_html

    return article_from_html(html, url, profile, fetched_at)


def classify_page(html: bytes | str, url: str) -> PageKind:
    """The kind of one page (article, listing, forum, product, documentation, other), the confidence in
    it, and the evidence that decided (a named tuple): what the spider decides on."""
    from newsspider.extraction.pagekind import classify_page as classify

    return classify(html, url)


def is_article(html: bytes | str, url: str) -> bool:
    """Whether a page is an article: the spider writes only those."""
    return classify_page(html, url).is_article
