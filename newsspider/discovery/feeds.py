"""Feeds as a discovery source: RSS 2.0, Atom and JSON Feed, given as arguments or announced by pages."""

from __future__ import annotations

import json
from collections.abc import Iterator
from email.utils import parsedate_to_datetime

from lxml import etree

from newsspider.discovery.sources import MAX_ENTRIES, Entry
from newsspider.discovery.xml import child_text, children, descendants, xml_root
from newsspider.processors import iso_datetime

# Not plain application/json: WordPress announces its REST API with it.
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json")
# The feeds a home or section page announces.
FEED_LINKS = "//link[@rel='alternate'][{}]/@href".format(" or ".join(f"@type='{kind}'" for kind in FEED_TYPES))


def feed_entries(body: bytes) -> list[Entry]:
    """Entries of an RSS 2.0, Atom or JSON Feed document."""
    stripped = body.lstrip()
    if stripped[:1] == b"{":
        return _json_feed(stripped)
    root = xml_root(body)
    if root is None:
        return []
    items = list(descendants(root, "item")) or list(descendants(root, "entry"))
    entries = [_feed_entry(item) for item in items[:MAX_ENTRIES]]
    return [entry for entry in entries if entry is not None]


def read(body: bytes, url: str) -> Iterator[Entry]:
    """The entries of a fetched feed."""
    return iter(feed_entries(body))


def _feed_entry(item: etree._Element) -> Entry | None:
    url = child_text(item, "link") or next(
        (link.get("href") for link in children(item, "link") if link.get("rel", "alternate") == "alternate"), None
    )
    if not url:
        return None
    published = _rfc822(child_text(item, "pubDate")) or iso_datetime(child_text(item, "published"))
    updated = iso_datetime(child_text(item, "updated"))
    return Entry(url.strip(), updated, published, child_text(item, "title"))


def _json_feed(body: bytes) -> list[Entry]:
    try:
        document = json.loads(body)
    except ValueError:
        return []
    items = document.get("items") if isinstance(document, dict) else None
    entries = []
    for item in items[:MAX_ENTRIES] if isinstance(items, list) else []:
        url = isinstance(item, dict) and (item.get("url") or item.get("external_url"))
        if isinstance(url, str) and url:
            entries.append(
                Entry(
                    url,
                    iso_datetime(item.get("date_modified")),
                    iso_datetime(item.get("date_published")),
                    item.get("title"),
                )
            )
    return entries


def _rfc822(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return parsedate_to_datetime(value).replace(microsecond=0).isoformat()
    except (TypeError, ValueError, IndexError):
        return iso_datetime(value)
