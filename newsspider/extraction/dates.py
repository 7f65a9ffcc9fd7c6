"""Publication and modification dates: metadata first, then <time> markup, datelines and the URL."""

from __future__ import annotations

import re

from lxml import html

from newsspider.extraction.structured import Metadata

PUBLISHED_META = (
    "article:published_time", "og:published_time", "datepublished", "article.published", "publish-date",
    "publishdate", "pubdate", "parsely-pub-date", "sailthru.date", "dc.date.issued", "dcterms.created",
    "dc.date", "dcterms.date", "date", "citation_publication_date", "article:published", "cxenseparse:recs:publishtime",
)
MODIFIED_META = (
    "article:modified_time", "og:updated_time", "datemodified", "article.updated", "last-modified",
    "dcterms.modified", "dc.date.modified", "lastmod", "article:modified",
)
# <time>/date markup, most specific first.
PUBLISHED_SELECTORS = (
    '//*[@itemprop="datePublished"]/@content | //*[@itemprop="datePublished"]/@datetime',
    "//time[@pubdate]/@datetime",
    '//time[contains(@class, "publish") or contains(@class, "posted") or contains(@class, "entry-date")]/@datetime',
    "//article//time/@datetime",
    "//time/@datetime",
    '//*[contains(@class, "publish") or contains(@class, "dateline") or contains(@class, "post-date")'
    ' or contains(@class, "entry-date") or contains(@class, "article-date")][not(*[*])]',
)
MODIFIED_SELECTORS = (
    '//*[@itemprop="dateModified"]/@content | //*[@itemprop="dateModified"]/@datetime',
    '//time[contains(@class, "update") or contains(@class, "modified")]/@datetime',
)
URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:/|[-_]|$)")


def published_candidates(metadata: Metadata, root: html.HtmlElement, url: str) -> list[str | None]:
    """Where the publication date may be, most trusted first (computed lazily by the loader)."""
    return [
        _jsonld(metadata, "datePublished") or _jsonld(metadata, "dateCreated"),
        metadata.meta_first(*PUBLISHED_META),
        _first_markup(root, PUBLISHED_SELECTORS),
        url_date(url),
    ]


def modified_candidates(metadata: Metadata, root: html.HtmlElement) -> list[str | None]:
    """Where the modification date may be, most trusted first."""
    return [_jsonld(metadata, "dateModified"), metadata.meta_first(*MODIFIED_META),
            _first_markup(root, MODIFIED_SELECTORS)]


def url_date(url: str) -> str | None:
    """A /2024/03/02/ date in the article URL."""
    match = URL_DATE.search(url)
    return f"{match[1]}-{int(match[2]):02d}-{int(match[3]):02d}" if match else None


def _jsonld(metadata: Metadata, key: str) -> str | None:
    value = metadata.article.get(key)
    if isinstance(value, list):
        value = value[0] if value else None
    return value if isinstance(value, str) else None


def _first_markup(root: html.HtmlElement, selectors: tuple[str, ...]) -> str | None:
    for selector in selectors:
        for found in root.xpath(selector)[:3]:
            text = found if isinstance(found, str) else found.text_content()
            text = " ".join(str(text).split())
            if text and re.search(r"\d", text) and len(text) < 80:
                return text
    return None
