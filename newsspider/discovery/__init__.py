"""Finding article URLs without crawling for them. A source is one module that reads a fetched document
into entries (sources.Entry), registered in SOURCES with how its documents are requested.

robots.txt names sitemaps, a sitemap index names sitemaps, sitemaps and feeds name article pages; an entry
whose `reader` names a source is fetched and read by that source.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from newsspider.discovery import feeds, robots, sitemaps
from newsspider.discovery.sources import Entry
from newsspider.discovery.xml import MAX_XML_BYTES


@dataclass(frozen=True)
class Source:
    """A registered source: how it reads a document, and how its documents are requested."""

    read: Callable[[bytes, str], Iterable[Entry]]  # (body, URL) -> entries
    meta: Mapping[str, Any] = field(default_factory=dict)  # request meta for its documents
    priority: int = 0  # of its requests against the pages' 0
    read_when_missing: bool = False  # a document that cannot be fetched is read as empty


SOURCES: Mapping[str, Source] = MappingProxyType(
    {
        # robots.txt is fetched whatever it says of itself; a missing one means the usual sitemap places
        "robots": Source(robots.read, {"dont_obey_robotstxt": True}, read_when_missing=True),
        # fetched every run, ahead of pages (they list the newest articles); 50 MB allowed, more than a page
        "sitemap": Source(sitemaps.read, {"download_maxsize": MAX_XML_BYTES}, priority=1),
        "feed": Source(feeds.read, {"download_maxsize": MAX_XML_BYTES}),
    }
)
