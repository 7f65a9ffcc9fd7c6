"""Bounds on what extraction reads of a page, so that its time stays bounded however large the page is."""

from __future__ import annotations

import logging
from itertools import islice

from lxml import html

logger = logging.getLogger(__name__)

# The largest of the 1,290 pages of the five development corpora has 11,527 elements, and none has a text
# node over 34,000 characters: these bounds leave every real page whole, and cut a page of 200,000
# paragraphs (or one 50 MB text node) to what extracts in a few seconds.
MAX_ELEMENTS = 30_000
MAX_TEXT_CHARS = 100_000
UNBOUNDED_TEXT = frozenset({"script", "style"})  # JSON-LD may be long; style text is never read
STRUCTURED_DATA = "application/ld+json"


def bound_page(root: html.HtmlElement, url: str) -> None:
    """Cut the parsed page (in place) to its first MAX_ELEMENTS elements, keeping its JSON-LD, and every text
    to MAX_TEXT_CHARS. Idempotent: the response's tree is read by several steps."""
    cut = next(islice(root.iter(), MAX_ELEMENTS - 1, None), None)
    if cut is not None and _has_following(cut):
        logger.warning("Page %s has over %d elements: extracting its first %d", url, MAX_ELEMENTS, MAX_ELEMENTS)
        _cut_after(root, cut)
    for element in root.iter():
        if element.text and len(element.text) > MAX_TEXT_CHARS and element.tag not in UNBOUNDED_TEXT:
            element.text = element.text[:MAX_TEXT_CHARS]
        if element.tail and len(element.tail) > MAX_TEXT_CHARS:
            element.tail = element.tail[:MAX_TEXT_CHARS]


def _has_following(element: html.HtmlElement) -> bool:
    """Whether any element comes after this one in document order."""
    return len(element) > 0 or any(node.getnext() is not None for node in (element, *element.iterancestors()))


def _cut_after(root: html.HtmlElement, cut: html.HtmlElement) -> None:
    """Remove everything after `cut` in document order; its JSON-LD goes to the end of what is kept."""
    removed = list(cut)
    for node in (cut, *cut.iterancestors()):
        removed.extend(node.itersiblings())
    structured = [script for element in removed for script in element.iter("script")
                  if script.get("type", "").strip().lower() == STRUCTURED_DATA]
    for element in removed:
        parent = element.getparent()
        if parent is not None:
            parent.remove(element)
    keeper = root.find("head") if root.find("head") is not None else root
    keeper.extend(structured)
