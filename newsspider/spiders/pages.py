"""Telling article pages from section, tag, author, search and other pages: URL shape, then page signals."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from scrapy.http import TextResponse

# URL paths that are never articles.
NON_ARTICLE_PATH = re.compile(
    r"^/?$|/(tag|tags|topic|topics|category|categories|author|authors|search|page|feed|rss|archive|archives|"
    r"newsletter|subscribe|login|account|about|about-us|contact|privacy|terms|help|video|videos|gallery)(/|$|\.)"
    r"|/index\.(html?|php)$|/page/\d+|[?&](page|s|q)=",
    re.IGNORECASE,
)
# URL paths that usually are articles: a date, a long slug, or an id.
ARTICLE_PATH = re.compile(
    r"/(19|20)\d{2}/\d{1,2}/|/(19|20)\d{2}-\d{2}-\d{2}|[a-z0-9]+(-[a-z0-9]+){3,}|\d{5,}|/(article|story|news)/",
    re.IGNORECASE,
)
ARTICLE_OG_TYPES = frozenset({"article", "news", "blog", "newsarticle"})
ARTICLE_LD_TYPES = re.compile(r'"@type"\s*:\s*\[?\s*"(News|Reportage|Analysis|Opinion|Background)?Article"'
                              r'|"@type"\s*:\s*\[?\s*"(BlogPosting|LiveBlogPosting)"')
MIN_PARAGRAPHS = 4
# Top-level <article> elements with a linked heading: the cards of a listing (comments have no such heading).
TEASER_CARDS = "//article[not(ancestor::article)][.//*[self::h2 or self::h3 or self::h4]//a]"


def url_may_be_article(url: str) -> bool:
    """False for URLs whose shape says listing/utility page; True otherwise (the page decides)."""
    parts = urlsplit(url)
    return not NON_ARTICLE_PATH.search(f"{parts.path}?{parts.query}" if parts.query else parts.path)


def is_article_page(response: TextResponse) -> bool:
    """Whether a page is one article: its own declarations first, then its shape."""
    if not url_may_be_article(response.url):
        return False
    if len(response.xpath(TEASER_CARDS)) > 3:
        return False  # a list of teaser cards
    og_type = (response.xpath('//meta[@property="og:type"]/@content').get() or "").strip().lower()
    if og_type in ARTICLE_OG_TYPES or _declares_article(response):
        return True
    if og_type:
        return False  # website, profile, video.other ...
    return _has_article_shape(response)


def _declares_article(response: TextResponse) -> bool:
    scripts = response.xpath('//script[@type="application/ld+json"]/text()').getall()
    if any(ARTICLE_LD_TYPES.search(script) for script in scripts):
        return True
    return bool(response.xpath('//*[@itemtype][contains(@itemtype, "Article") or contains(@itemtype, "Posting")]'))


def _has_article_shape(response: TextResponse) -> bool:
    """An <h1> and several real paragraphs, on a page whose URL looks like an article's."""
    if not response.xpath("//h1") or not ARTICLE_PATH.search(urlsplit(response.url).path):
        return False
    paragraphs = response.xpath("//p[string-length(normalize-space()) > 120]")
    return len(paragraphs) >= MIN_PARAGRAPHS
