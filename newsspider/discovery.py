"""Finding article URLs without crawling for them: robots.txt, sitemaps (index, gzip, Google News), feeds."""

from __future__ import annotations

import gzip
import json
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

from lxml import etree
from protego import Protego

from newsspider.processors import iso_datetime

# Where sites put their sitemaps when robots.txt does not say.
USUAL_SITEMAPS = ("/sitemap.xml", "/sitemap_index.xml", "/news-sitemap.xml", "/sitemap-news.xml")
# Not plain application/json: WordPress announces its REST API with it.
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json")
MAX_XML_BYTES = 50 * 1024 * 1024  # a sitemap may hold 50,000 URLs in at most 50 MB, the protocol's limit
MAX_ENTRIES = 50_000
SINCE = re.compile(r"^(?P<amount>\d+)\s*(?P<unit>[mhdw])$", re.IGNORECASE)
UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
# No DTD, no entities, no network: "billion laughs" and external entities cannot expand.
SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                           remove_comments=True, recover=True)


@dataclass(frozen=True)
class Entry:
    """One URL a sitemap or feed announces, with what it says of its dates and title."""

    url: str
    lastmod: str | None = None  # ISO 8601
    published: str | None = None  # ISO 8601
    title: str | None = None

    @property
    def date(self) -> str | None:
        """The most recent date the entry gives."""
        dates = [value for value in (self.lastmod, self.published) if value]
        return max(dates, key=_sort_key) if dates else None


def robots_sitemaps(robots_txt: str) -> list[str]:
    """The Sitemap: lines of a robots.txt."""
    return list(Protego.parse(robots_txt).sitemaps)


def parse_since(value: str, now: datetime | None = None) -> datetime:
    """"2d", "12h", "30m", "1w" before now, or an ISO date/datetime; raise ValueError otherwise."""
    now = now or datetime.now(UTC)
    relative = SINCE.match(value.strip())
    if relative:
        return now - timedelta(**{UNITS[relative["unit"].lower()]: int(relative["amount"])})
    parsed = iso_datetime(value)
    if parsed is None:
        raise ValueError(f"since={value!r}: expected 2d, 12h, 1w or an ISO date")
    return _sort_key(parsed)


def is_older(entry_date: str | None, since: datetime | None) -> bool:
    """Whether a dated entry is older than the window; undated entries are never skipped."""
    if since is None or not entry_date:
        return False
    return _sort_key(entry_date) < since


def is_newer(value: str, than: str) -> bool:
    """Whether one ISO date(time) is later than another, whatever their precision."""
    return _sort_key(value) > _sort_key(than)


def xml_body(body: bytes) -> bytes:
    """The XML of a sitemap or feed, gunzipped when it is gzip, never more than MAX_XML_BYTES."""
    if body[:2] == b"\x1f\x8b":
        decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
        data = decompressor.decompress(body, MAX_XML_BYTES + 1)
        if len(data) > MAX_XML_BYTES or decompressor.unconsumed_tail:
            raise ValueError("gzip body larger than the sitemap limit")  # a gzip bomb, or not a sitemap
        return data
    if len(body) > MAX_XML_BYTES:
        raise ValueError("sitemap larger than the limit")
    return body


def sitemap_entries(body: bytes) -> tuple[list[str], list[Entry]]:
    """(child sitemaps, URL entries) of a sitemap or sitemap index; Google News tags kept."""
    root = _xml_root(body)
    if root is None:
        return [], []
    if _local(root.tag) == "sitemapindex":
        children = (_text(node, "loc") for node in _children(root, "sitemap"))
        return [child for child in children if child][:MAX_ENTRIES], []
    entries = [_sitemap_entry(node) for node in _children(root, "url")]
    return [], [entry for entry in entries if entry is not None][:MAX_ENTRIES]


def feed_entries(body: bytes) -> list[Entry]:
    """Entries of an RSS 2.0, Atom or JSON Feed document."""
    stripped = body.lstrip()
    if stripped[:1] == b"{":
        return _json_feed(stripped)
    root = _xml_root(body)
    if root is None:
        return []
    items = list(_descendants(root, "item")) or list(_descendants(root, "entry"))
    entries = [_feed_entry(item) for item in items[:MAX_ENTRIES]]
    return [entry for entry in entries if entry is not None]


def _xml_root(body: bytes) -> etree._Element | None:
    try:
        return etree.fromstring(xml_body(body), SAFE_XML)
    except (etree.XMLSyntaxError, ValueError, gzip.BadGzipFile, zlib.error):
        return None


def _sitemap_entry(node: etree._Element) -> Entry | None:
    url = _text(node, "loc")
    if not url:
        return None
    news = next(_descendants(node, "news"), None)
    published = _text(news, "publication_date") if news is not None else None
    title = _text(news, "title") if news is not None else None
    return Entry(url, iso_datetime(_text(node, "lastmod")), iso_datetime(published), title)


def _feed_entry(item: etree._Element) -> Entry | None:
    url = _text(item, "link") or next(
        (link.get("href") for link in _children(item, "link") if link.get("rel", "alternate") == "alternate"), None)
    if not url:
        return None
    published = _rfc822(_text(item, "pubDate")) or iso_datetime(_text(item, "published"))
    updated = iso_datetime(_text(item, "updated"))
    return Entry(url.strip(), updated, published, _text(item, "title"))


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
            entries.append(Entry(url, iso_datetime(item.get("date_modified")),
                                 iso_datetime(item.get("date_published")), item.get("title")))
    return entries


def _rfc822(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return parsedate_to_datetime(value).replace(microsecond=0).isoformat()
    except (TypeError, ValueError, IndexError):
        return iso_datetime(value)


def _sort_key(value: str) -> datetime:
    """An ISO date or datetime as an aware datetime (midnight, UTC, when the page gave no more)."""
    moment = datetime.fromisoformat(value if "T" in value else value + "T00:00:00")
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _children(node: etree._Element, name: str) -> Iterator[etree._Element]:
    return (child for child in node if _local(child.tag) == name)


def _descendants(node: etree._Element, name: str) -> Iterator[etree._Element]:
    return (child for child in node.iter() if _local(child.tag) == name)


def _text(node: etree._Element | None, name: str) -> str | None:
    if node is None:
        return None
    found = next(_children(node, name), None)
    text = (found.text or "").strip() if found is not None else ""
    return text or None
