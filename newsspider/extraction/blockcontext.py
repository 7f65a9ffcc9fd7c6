"""Where a rendered text block sits: the class/id words and tags of its ancestors, gathered in one walk."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

from lxml import html

# Groups of class/id words that pages across the web use for the same kind of block, whatever their
# language. Each group is one bit of Context.names; a block inherits the bits of all its ancestors.
NAME_GROUPS: dict[str, frozenset[str]] = {
    "comment": frozenset("comment comments commentlist disqus reply replies respond discussion".split()),
    "share": frozenset("share shares sharing social sociable sharebar".split()),
    "related": frozenset("related recommended recommend recirc teaser teasers more popular trending".split()),
    "card": frozenset("card cards tile tiles grid item items list listing feed".split()),
    "chrome": frozenset("nav navbar navigation menu breadcrumb breadcrumbs header footer sidebar rail".split()),
    "ad": frozenset("ad ads advert advertisement sponsor sponsored banner promo promoted dfp gpt".split()),
    "caption": frozenset("caption figcaption credit credits figure photo image img media gallery".split()),
    "meta": frozenset("author authors byline bio meta date time timestamp dateline info".split()),
    "content": frozenset("article body content story post entry text main prose richtext".split()),
    "signup": frozenset("newsletter subscribe subscription signup paywall cookie consent login".split()),
    "tags": frozenset("tag tags topic topics keyword keywords category categories".split()),
    "widget": frozenset("widget widgets box module embed aside".split()),
}
NAME_GROUP_NAMES = tuple(NAME_GROUPS)
# Ancestor tags that say what a block is part of. Each is one bit of Context.tags.
ANCESTOR_TAGS = (
    "article",
    "main",
    "section",
    "aside",
    "header",
    "footer",
    "nav",
    "form",
    "li",
    "table",
    "blockquote",
    "figure",
    "a",
    "dl",
)
_TAG_BITS = {tag: 1 << index for index, tag in enumerate(ANCESTOR_TAGS)}


class Context(NamedTuple):
    """What the ancestors of a block say about it. `names` and `tags` are bit sets of NAME_GROUPS and
    ANCESTOR_TAGS over the block's ancestors (itself included). A tuple: one is made per element."""

    element: html.HtmlElement | None  # the innermost block-level element around the text
    depth: int = 0
    names: int = 0
    tags: int = 0
    signature: str = ""  # tag and class of the element and its parent: repeated items share it


# Each word of NAME_GROUPS with the bits of its groups.
WORD_BITS: dict[str, int] = {}
for _index, _group in enumerate(NAME_GROUPS.values()):
    for _word in _group:
        WORD_BITS[_word] = WORD_BITS.get(_word, 0) | 1 << _index
CAMEL_CASE = re.compile(r"(?<=[a-z])(?=[A-Z])")
NAME_SEPARATORS = str.maketrans("-_:", "   ")


@lru_cache(maxsize=20_000)
def name_bits(names: str) -> int:
    """The NAME_GROUPS bits of one element's class and id (cached: pages repeat their class names). Words
    split at spaces, -, _ and camelCase ("articleBody" -> article, body); words with digits or signs, and
    one-letter ones, say nothing ("css-1x2y3z")."""
    return words_bits(name_words(names))


def words_bits(words: Iterable[str]) -> int:
    """The NAME_GROUPS bits of class/id words already split."""
    bits = 0
    for word in words:
        bits |= WORD_BITS.get(word, 0)
    return bits


def name_words(names: str) -> list[str]:
    """The lower-case words of class and id values, split at spaces, -, _, : and camelCase."""
    if not names.islower():
        names = CAMEL_CASE.sub(" ", names)
    return names.translate(NAME_SEPARATORS).lower().split()


class ContextStack:
    """The contexts of the elements open during a render walk: pushed at start, popped at end."""

    def __init__(self) -> None:
        self._stack: list[Context] = [Context(None)]

    @property
    def current(self) -> Context:
        return self._stack[-1]

    def push(self, element: html.HtmlElement, tag: str, is_block: bool) -> None:
        outer = self._stack[-1]
        if not is_block and tag not in _TAG_BITS and not element.attrib:  # a bare <span>, <em>: nothing new
            self._stack.append(outer)
            return
        names = f"{element.get('class', '')} {element.get('id', '')}".strip()
        signature = (
            f"{tag}.{element.get('class', '')}<{outer.signature.split('<', 1)[0]}" if is_block else outer.signature
        )
        self._stack.append(
            Context(
                element if is_block else outer.element,
                outer.depth + 1,
                outer.names | (name_bits(names) if names else 0),
                outer.tags | _TAG_BITS.get(tag, 0),
                signature,
            )
        )

    def pop(self) -> None:
        self._stack.pop()
