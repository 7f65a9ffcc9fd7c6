"""robots.txt as a discovery source: the sitemaps it names, else the usual sitemap places."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

from protego import Protego

from newsspider.discovery.sources import Entry

# Where sites put their sitemaps when robots.txt does not say.
USUAL_SITEMAPS = ("/sitemap.xml", "/sitemap_index.xml", "/news-sitemap.xml", "/sitemap-news.xml")


def robots_sitemaps(robots_txt: str) -> list[str]:
    """The Sitemap: lines of a robots.txt."""
    return list(Protego.parse(robots_txt).sitemaps)


def read(body: bytes, url: str) -> Iterator[Entry]:
    """The sitemaps of a robots.txt (an empty body: one that could not be fetched)."""
    part = urlsplit(url)
    root = f"{part.scheme}://{part.netloc}"
    sitemaps = robots_sitemaps(body.decode("utf-8", "replace")) or [root + path for path in USUAL_SITEMAPS]
    return (Entry(sitemap, reader="sitemap") for sitemap in sitemaps)
