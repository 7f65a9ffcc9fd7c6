"""Bounds on what extraction reads of a page, so that its time stays bounded however large the page is."""

from __future__ import annotations

import logging
from itertools import islice
from weakref import WeakSet

from lxml import etree, html

logger = logging.getLogger(__name__)

# The largest of the 1,290 pages of the five development corpora has 11,527 elements, and none has a text
# node over 34,000 characters: these bounds leave every real page whole, and cut a page of 200,000
# paragraphs (or one 50 MB text node) to what extracts in a few seconds (`make bench`: scaling).
MAX_ELEMENTS = 20_000
MAX_TEXT_CHARS = 100_000
UNBOUNDED_TEXT = frozenset({"script", "style"})  # JSON-LD may be long; style text is never read
STRUCTURED_DATA = "application/ld+json"
# Both in XPath, so that a page within the bounds (nearly every one) costs no Python loop over its elements.
COUNT_ELEMENTS = etree.XPath("count(//*)")
LONG_TEXTS = etree.XPath(f"//text()[string-length() > {MAX_TEXT_CHARS}]")
STRUCTURED_SCRIPTS = etree.XPath(
    f'//script[normalize-space(translate(@type, "LDJSON", "ldjson")) = "{STRUCTURED_DATA}"]'
)

_BOUNDED: WeakSet[html.HtmlElement] = WeakSet()  # trees already bounded (a response keeps its tree's root)


def bound_page(root: html.HtmlElement, url: str) -> None:
    """Cut the parsed page (in place) to its first MAX_ELEMENTS elements, keeping its JSON-LD, and every text
    to MAX_TEXT_CHARS. Done once per tree: the response's tree is read by several steps."""
    if root in _BOUNDED:
        return
    _BOUNDED.add(root)
    if COUNT_ELEMENTS(root) > MAX_ELEMENTS:
        logger.warning("Page %s has over %d elements: extracting its first %d", url, MAX_ELEMENTS, MAX_ELEMENTS)
        _cut_after(root, next(islice(root.iter(), MAX_ELEMENTS - 1, None)))
    for text in LONG_TEXTS(root):
        parent = text.getparent()
        if text.is_tail:
            parent.tail = parent.tail[:MAX_TEXT_CHARS]
        elif parent.tag not in UNBOUNDED_TEXT:
            parent.text = parent.text[:MAX_TEXT_CHARS]


def _cut_after(root: html.HtmlElement, cut: html.HtmlElement) -> None:
    """Remove everything after `cut` in document order; its JSON-LD goes to the end of what is kept."""
    structured = STRUCTURED_SCRIPTS(root)
    del cut[:]
    for node in (cut, *cut.iterancestors()):
        parent = node.getparent()
        if parent is not None:
            del parent[parent.index(node) + 1 :]  # one slice: removing 100,000 siblings one by one is slow
    head = root.find("head")
    (head if head is not None else root).extend(script for script in structured if not _within(script, root))


def _within(element: html.HtmlElement, root: html.HtmlElement) -> bool:
    return any(ancestor is root for ancestor in element.iterancestors())
