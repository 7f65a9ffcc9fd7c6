"""Safe XML for sitemaps and feeds: gunzipped in bounded pieces, parsed without DTDs, entities or network."""

from __future__ import annotations

import zlib
from collections.abc import Iterator

from lxml import etree

MAX_XML_BYTES = 50 * 1024 * 1024  # a sitemap may hold 50,000 URLs in at most 50 MB, the protocol's limit
XML_CHUNK = 256 * 1024  # sitemaps are gunzipped and parsed this many bytes at a time
# No DTD, no entities, no network: "billion laughs" and external entities cannot expand.
SAFE_XML_OPTIONS = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "huge_tree": False,
    "remove_comments": True,
    "recover": True,
}
SAFE_XML = etree.XMLParser(**SAFE_XML_OPTIONS)
XML_ERRORS = (etree.XMLSyntaxError, ValueError, zlib.error)


def xml_chunks(body: bytes) -> Iterator[bytes]:
    """The XML of a sitemap or feed in pieces, gunzipped when it is gzip; ValueError once it grows past
    MAX_XML_BYTES (a gzip bomb, or not a sitemap)."""
    if body[:2] != b"\x1f\x8b":
        if len(body) > MAX_XML_BYTES:
            raise ValueError("sitemap larger than the limit")
        yield from (body[start : start + XML_CHUNK] for start in range(0, len(body), XML_CHUNK))
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


def xml_root(body: bytes) -> etree._Element | None:
    """The parsed document, or None when it is no XML."""
    try:
        return etree.fromstring(xml_body(body), SAFE_XML)
    except XML_ERRORS:
        return None


def local_name(tag: object) -> str:
    """A tag without its namespace ("" for comments and processing instructions)."""
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def children(node: etree._Element, name: str) -> Iterator[etree._Element]:
    return (child for child in node if local_name(child.tag) == name)


def descendants(node: etree._Element, name: str) -> Iterator[etree._Element]:
    return (child for child in node.iter() if local_name(child.tag) == name)


def child_text(node: etree._Element | None, name: str) -> str | None:
    """The stripped text of a node's first child of that name; None when empty or missing."""
    if node is None:
        return None
    found = next(children(node, name), None)
    text = (found.text or "").strip() if found is not None else ""
    return text or None
