"""Sitemaps as a discovery source: indexes, gzip and Google News, read as a stream."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice

from lxml import etree

from newsspider.discovery.sources import MAX_ENTRIES, Entry
from newsspider.discovery.xml import SAFE_XML_OPTIONS, XML_ERRORS, child_text, descendants, local_name, xml_chunks
from newsspider.processors import iso_datetime


def sitemap_entries(body: bytes) -> Iterator[Entry]:
    """The pages of a sitemap, or the child sitemaps of an index, read as a stream: memory stays flat however
    many URLs a sitemap lists. Google News tags are kept; broken XML ends the entries quietly."""
    return islice(_sitemap_stream(body), MAX_ENTRIES)


def read(body: bytes, url: str) -> Iterator[Entry]:
    """The entries of a fetched sitemap."""
    return sitemap_entries(body)


def _sitemap_stream(body: bytes) -> Iterator[Entry]:
    parser = etree.XMLPullParser(events=("end",), **SAFE_XML_OPTIONS)
    try:
        for chunk in xml_chunks(body):
            parser.feed(chunk)
            yield from _completed_entries(parser)
        parser.close()  # its events are not read: in recovery, it closes an entry cut short
    except XML_ERRORS:
        return


def _completed_entries(parser: etree.XMLPullParser) -> Iterator[Entry]:
    """Entries whose closing tag the parser has read; each is dropped from the tree once read."""
    for _, element in parser.read_events():
        kind, parent = local_name(element.tag), element.getparent()
        if kind not in ("url", "sitemap") or parent is None or parent.getparent() is not None:
            continue
        entry = _sitemap_entry(element, is_sitemap=kind == "sitemap")
        element.clear()
        while element.getprevious() is not None:
            del parent[0]
        if entry is not None:
            yield entry


def _sitemap_entry(node: etree._Element, is_sitemap: bool) -> Entry | None:
    url = child_text(node, "loc")
    if not url:
        return None
    news = next(descendants(node, "news"), None)
    published = child_text(news, "publication_date") if news is not None else None
    title = child_text(news, "title") if news is not None else None
    return Entry(
        url,
        iso_datetime(child_text(node, "lastmod")),
        iso_datetime(published),
        title,
        "sitemap" if is_sitemap else None,
    )
