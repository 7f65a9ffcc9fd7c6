"""Readers' comments and forum replies, by their markup: one definition for every field that must not read
from them (their names are not the article's authors, their dates not its dates, their text not its body)."""

from __future__ import annotations

import re
from collections import defaultdict
from itertools import islice

from lxml import etree, html

from newsspider.extraction.content import text_length
from newsspider.text import squash

# An element of a comment section: a class that starts with "comment", or such an id. Page-level elements
# are not counted: they may carry a "comments-open" state for the whole page.
COMMENT_ELEMENT = (
    "[not(self::html or self::body or self::main or self::article)]"
    '[starts-with(@class, "comment") or contains(@class, " comment") or starts-with(@id, "comment")]'
)
NOT_IN_COMMENTS = f"[not(ancestor-or-self::*{COMMENT_ELEMENT})]"  # an element neither in nor of a comment
NOT_UNDER_COMMENTS = f"[not(ancestor::*{COMMENT_ELEMENT})]"  # an element inside no comment section
# Class or id words of a comment section, or of a comment widget's container.
COMMENT_NAMES = re.compile(r"comment|disqus|respond|replies|discussion", re.IGNORECASE)

# Comment threads by their shape, whatever their class names or language: a run of sibling items built
# alike (same tag and class), each opening with its author's name and a date (two short lines, one without
# digits, one with) before a block of text, and without a heading (teaser cards and live-blog entries have one).
# Candidates have a sibling to repeat them; a div without a class is any layout's wrapper, not an item.
THREAD_ITEMS = etree.XPath(
    "//*[*[2]]/*[self::li or self::article or self::section or self::div[normalize-space(@class)]]"
)
THREAD_PROSE_TAGS = ("p", "div", "blockquote")
THREAD_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
THREAD_MIN_ITEMS = 2
HEADER_LINES = 2  # the name and the date
THREAD_ITEM_MAX_CHARS = 2500  # a reader's comment, not a section of the story
LEAF_MAX_CHARS = 40  # a name or a date line: "Karel Novák", "12. 3. 2026 14:31", "2 hours ago"
PROSE_MIN_CHARS = 20
SENTENCE_END = re.compile(r"[.!?…:;]$")
DIGIT = re.compile(r"\d")
# A date line: two numbers ("12. 3. 2026", "Jan 23, 2025", "14:31"), or a number and then words ("2 hours
# ago"); a year alone ("1990") heads a timeline's entry, not a comment.
DATE_LINE = re.compile(r"\d\D+\d|^\d+\s+\w")


def comment_threads(root: html.HtmlElement) -> list[html.HtmlElement]:
    """The containers of the comment threads of a page, found by their shape, outermost only."""
    runs: dict[tuple[html.HtmlElement, str, str], list[html.HtmlElement]] = defaultdict(list)
    for item in THREAD_ITEMS(root):
        runs[item.getparent(), item.tag, item.get("class", "")].append(item)
    threads: list[html.HtmlElement] = []
    for (parent, *_), items in runs.items():  # in document order: an outer thread is met before its inner ones
        if parent in threads or len(items) < THREAD_MIN_ITEMS or not all(map(_is_signed_and_dated, items)):
            continue
        if not any(thread in parent.iterancestors() for thread in threads):
            threads.append(parent)
    return threads


def _is_signed_and_dated(item: html.HtmlElement) -> bool:
    """A name, a date and a text, and no heading: what a reader's comment is made of."""
    if text_length(item) > THREAD_ITEM_MAX_CHARS or next(item.iter(*THREAD_HEADINGS), None) is not None:
        return False
    header = _header_lines(item)
    if len(header) < HEADER_LINES or any(len(line) > LEAF_MAX_CHARS for line in header):
        return False
    dated = any(DATE_LINE.search(line) for line in header)
    signed = any(not DIGIT.search(line) and not SENTENCE_END.search(line) for line in header)
    return dated and signed and any(map(_is_prose, item.iterdescendants(*THREAD_PROSE_TAGS)))


def _header_lines(item: html.HtmlElement) -> list[str]:
    """The first texts of an item's innermost elements, where a comment has its author and date."""
    texts = (squash(leaf.text_content()) for leaf in item.iterdescendants(etree.Element) if len(leaf) == 0)
    return list(islice(filter(None, texts), HEADER_LINES))


def _is_prose(block: html.HtmlElement) -> bool:
    """A block of text, not a name or a date line: longer than one, or a sentence."""
    text = squash(block.text_content())
    return len(text) > LEAF_MAX_CHARS or (len(text) >= PROSE_MIN_CHARS and SENTENCE_END.search(text) is not None)
