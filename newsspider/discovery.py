"""Finding article URLs without crawling for them: robots.txt, sitemaps (index, gzip, Google News), feeds."""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from itertools import islice

from lxml import etree
from protego import Protego

from newsspider.processors import iso_datetime
from newsspider.text import iso_moment

# Where sites put their sitemaps when robots.txt does not say.
USUAL_SITEMAPS = ("/sitemap.xml", "/sitemap_index.xml", "/news-sitemap.xml", "/sitemap-news.xml")
# Not plain application/json: WordPress announces its REST API with it.
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json")
MAX_XML_BYTES = 50 * 1024 * 1024  # a sitemap may hold 50,000 URLs in at most 50 MB, the protocol's limit
MAX_ENTRIES = 50_000
SINCE = re.compile(r"^(?P<amount>\d+)\s*(?P<unit>[mhdw])$", re.IGNORECASE)
UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
XML_CHUNK = 256 * 1024  # sitemaps are gunzipped and parsed this many bytes at a time
# No DTD, no entities, no network: "billion laughs" and external entities cannot expand.
SAFE_XML_OPTIONS = {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False,
                    "remove_comments": True, "recover": True}
SAFE_XML = etree.XMLParser(**SAFE_XML_OPTIONS)


@dataclass(frozen=True)
class Entry:
    """One URL a sitemap or feed announces, with what it says of its dates and title."""

    url: str
    lastmod: str | None = None  # ISO 8601
    published: str | None = None  # ISO 8601
    title: str | None = None
    is_sitemap: bool = False  # a child sitemap of a sitemap index, not a page

    @property
    def date(self) -> str | None:
        """The most recent date the entry gives."""
        dates = [value for value in (self.lastmod, self.published) if value]
        return max(dates, key=iso_moment) if dates else None


def robots_sitemaps(robots_txt: str) -> list[str]:
    """The Sitemap: lines of a robots.txt."""
    return list(Protego.parse(robots_txt).sitemaps)


def parse_since(value: str, now: datetime | None = None) -> datetime:
    """"2d", "12h", "30m", "1w" before now, or an ISO date/datetime; raise ValueError otherwise."""
    now = now or datetime.now(UTC)
    relative = SINCE.match(value.strip())
    if relative:
        try:
            return now - timedelta(**{UNITS[relative["unit"].lower()]: int(relative["amount"])})
        except OverflowError as exc:  # 99999999999d: before the first year a date can hold
            raise ValueError(f"since={value!r}: too far back") from exc
    parsed = iso_datetime(value)
    if parsed is None:
        raise ValueError(f"since={value!r}: expected 2d, 12h, 1w or an ISO date")
    return iso_moment(parsed)


def is_older(entry_date: str | None, since: datetime | None) -> bool:
    """Whether a dated entry is older than the window; undated entries are never skipped."""
    if since is None or not entry_date:
        return False
    return iso_moment(entry_date) < since


def xml_chunks(body: bytes) -> Iterator[bytes]:
    """The XML of a sitemap or feed in pieces, gunzipped when it is gzip; ValueError once it grows past
    MAX_XML_BYTES (a gzip bomb, or not a sitemap)."""
    if body[:2] != b"\x1f\x8b":
        if len(body) > MAX_XML_BYTES:
            raise ValueError("sitemap larger than the limit")
        yield from (body[start:start + XML_CHUNK] for start in range(0, len(body), XML_CHUNK))
        return
    decompressor, size, pending = zlib.decompressobj(16 + zlib.MAX_WBITS), 0, body
    while not decompressor.eof:
        chunk = decompressor.decompress(pending, XML_CHUNK)
        pending = decompressor.unconsumed_tail
        if not chunk and not pending:
            return  # truncated: what arrived has been read
        size += len(chunk)
        if size > MAX_XML_BYTES:
            raise ValueError("gzip body larger than the sitemap limit")
        yield chunk


def xml_body(body: bytes) -> bytes:
    """The XML of a sitemap or feed, gunzipped when it is gzip, never more than MAX_XML_BYTES."""
    return b"".join(xml_chunks(body))


def sitemap_entries(body: bytes) -> Iterator[Entry]:
    """The pages of a sitemap, or the child sitemaps of an index, read as a stream: memory stays flat however
    many URLs a sitemap lists. Google News tags are kept; broken XML ends the entries quietly."""
    return islice(_sitemap_stream(body), MAX_ENTRIES)


def _sitemap_stream(body: bytes) -> Iterator[Entry]:
    parser = etree.XMLPullParser(events=("end",), **SAFE_XML_OPTIONS)
    try:
        for chunk in xml_chunks(body):
            parser.feed(chunk)
            yield from _completed_entries(parser)
        parser.close()  # its events are not read: in recovery, it closes an entry cut short
    except (etree.XMLSyntaxError, ValueError, zlib.error):
        return


def _completed_entries(parser: etree.XMLPullParser) -> Iterator[Entry]:
    """Entries whose closing tag the parser has read; each is dropped from the tree once read."""
    for _, element in parser.read_events():
        kind, parent = _local(element.tag), element.getparent()
        if kind not in ("url", "sitemap") or parent is None or parent.getparent() is not None:
            continue
        entry = _sitemap_entry(element, is_sitemap=kind == "sitemap")
        element.clear()
        while element.getprevious() is not None:
            del parent[0]
        if entry is not None:
            yield entry


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
    except (etree.XMLSyntaxError, ValueError, zlib.error):
        return None


def _sitemap_entry(node: etree._Element, is_sitemap: bool) -> Entry | None:
    url = _text(node, "loc")
    if not url:
        return None
    news = next(_descendants(node, "news"), None)
    published = _text(news, "publication_date") if news is not None else None
    title = _text(news, "title") if news is not None else None
    return Entry(url, iso_datetime(_text(node, "lastmod")), iso_datetime(published), title, is_sitemap)


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
