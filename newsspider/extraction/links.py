"""Related links: links of promo boxes and inline "See also" promos that point to other articles."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from newsspider.text import squash
from newsspider.urls import FETCHABLE_PREFIXES, canonical_form, url_is_not_article, without_tracking

MAX_RELATED = 50
# Paths of pages that are not articles besides listings (url_is_not_article): the home page, the site's
# service pages by their first word, topic pages, files.
NON_ARTICLE_PATH = re.compile(
    r"^/?$|^/(page|newsletter|subscribe|about|contact|privacy|terms|help)(/|$)|/(topic|topics)(/|$)"
    r"|\.(jpe?g|png|gif|pdf|xml)$",
    re.IGNORECASE,
)


def related_links(
    pairs: Iterable[tuple[str, str]], page_url: str, canonical_url: str | None, urljoin: Callable[[str], str | None]
) -> list[dict[str, str | None]]:
    """Absolute, de-tracked, deduplicated links to other articles of the same site."""
    own = {canonical_form(url) for url in (page_url, canonical_url) if url}  # a saved page may have no URL
    site = _site(page_url)
    seen: set[str] = set()
    links: list[dict[str, str | None]] = []
    for href, text in pairs:
        url = _absolute(href, urljoin)
        if url is None or _site(url) != site or NON_ARTICLE_PATH.search(urlsplit(url).path) or url_is_not_article(url):
            continue
        key = canonical_form(url)
        if key in own or key in seen:
            continue
        seen.add(key)
        links.append({"url": url, "text": squash(text) or None})
    return links[:MAX_RELATED]


def _absolute(href: str, urljoin: Callable[[str], str | None]) -> str | None:
    href = href.strip()
    if not href or href.startswith(("#", "javascript:", "mailto:", "tel:", "data:")):
        return None
    url = urljoin(href)
    if not url or not url.startswith(FETCHABLE_PREFIXES):
        return None
    try:
        return without_tracking(url)
    except ValueError:
        return None


def _site(url: str) -> str:
    parts = urlsplit(url)
    host = parts.hostname or ""
    return parts.scheme.replace("https", "http") + "://" + host.removeprefix("www.")
