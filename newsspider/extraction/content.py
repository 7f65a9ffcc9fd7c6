"""Locating the main content block of a pruned page and rendering it as text blocks."""

from __future__ import annotations

import textwrap
from collections import defaultdict
from dataclasses import dataclass, field

from lxml import etree, html

from newsspider.extraction.blockcontext import Context, ContextStack
from newsspider.text import INVISIBLE, squash

# Containers that name themselves as the article body, most specific first. A match is used when it holds
# a fair share of the page's paragraph score; otherwise scoring decides.
BODY_SELECTORS = (
    '//*[@itemprop="articleBody"]',
    '//*[contains(concat(" ", normalize-space(@class), " "), " article-body ")]',
    '//*[contains(@class, "article__body") or contains(@class, "article-body__content")]',
    '//*[contains(concat(" ", normalize-space(@class), " "), " entry-content ")]',
    '//*[contains(@class, "story-body") or contains(@class, "post-content") or contains(@class, "post-body")]',
)
# Every element a body selector can match, found in one pass over the page; the selectors then test these few.
BODY_CANDIDATES = etree.XPath(
    '//*[@itemprop="articleBody"] | //*[@class][contains(@class, "article-body") or contains(@class, "article__body")'
    ' or contains(@class, "entry-content") or contains(@class, "story-body") or contains(@class, "post-content")'
    ' or contains(@class, "post-body")]'
)
BODY_TESTS = tuple(etree.XPath("boolean(self::" + selector.removeprefix("//") + ")") for selector in BODY_SELECTORS)
BLOCK_TAGS = frozenset(
    """
    address article aside blockquote body center dd details div dl dt fieldset figure footer form h1 h2
    h3 h4 h5 h6 header hr li main ol p pre section summary table tbody tfoot thead tr ul
""".split()
)
HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
TABLE_CELLS = frozenset({"td", "th"})
# A table row of data, written as one block with its cells separated: no nested table, and short (a layout
# table's row holds a whole page, paragraphs and all, and is no data row).
DATA_ROW = etree.XPath("not(.//table) and string-length(normalize-space()) < 400")
TEXT_LENGTH = etree.XPath("string-length(normalize-space())")
STORY_SHARE = 0.15  # of the page's best paragraph score that the headline's <article> must hold
PARAGRAPH_TAGS = ("p", "pre", "blockquote", "td")


@dataclass
class Block:
    """One rendered text block of the article and how much of it is link text."""

    text: str
    tag: str
    link_chars: int = 0
    links: list[tuple[str, str]] = field(default_factory=list)
    in_main: bool = True  # inside the main container
    context: Context | None = None  # where the block sits: its enclosing block element and ancestors
    in_scope: bool = True  # inside the story the main container belongs to (its <article>, or the page)
    pruned: bool = False  # inside boilerplate that pruning left in the tree for the scorer to judge

    @property
    def link_density(self) -> float:
        return self.link_chars / max(1, len(self.text))


def main_container(
    root: html.HtmlElement, title: str | None = None, hidden: frozenset[html.HtmlElement] = frozenset()
) -> list[html.HtmlElement]:
    """Return the element(s) holding the article text: the best-scored block and its strong siblings;
    `hidden` elements (boilerplate left in the tree) count as absent."""
    scores = _paragraph_scores(root, hidden)
    if not scores:
        return [root]
    story = _headline_story(root, scores, title, hidden) if title else None
    best = story if story is not None else max(scores, key=scores.__getitem__)
    named = _named_containers(root, scores, best, hidden)
    if named:
        return named
    threshold = max(10.0, scores[best] * 0.2)
    parent = best.getparent()
    if parent is None:
        return [best]
    # an <article> next to the best block is another story (a blog's next posts), not more of this one
    return [
        sibling
        for sibling in parent
        if sibling is best or (scores.get(sibling, 0.0) >= threshold and sibling.tag != "article")
    ]


def _headline_story(
    root: html.HtmlElement, scores: dict[html.HtmlElement, float], title: str, hidden: frozenset[html.HtmlElement]
) -> html.HtmlElement | None:
    """When the headline's <h1> sits in an <article> with paragraphs, the best block of that article:
    teasers of other stories around it may hold more text, but the headline says which story the page is."""
    wanted = squash(title)
    headlines = [h1 for h1 in root.iter("h1") if h1 not in hidden and squash(h1.text_content()) == wanted]
    if len(headlines) != 1:
        return None
    story = next(headlines[0].iterancestors("article"), None)
    inside = [node for node in scores if story is not None and contains(story, node)]
    if not inside:
        return None
    best_inside = max(inside, key=scores.__getitem__)
    # an <article> that only wraps the headline (the text follows outside it) is no story
    return best_inside if scores[best_inside] >= STORY_SHARE * max(scores.values()) else None


def text_length(element: html.HtmlElement) -> int:
    """Characters of an element's text, whitespace collapsed (computed in libxml2, not in Python)."""
    return int(TEXT_LENGTH(element))


def render_blocks(
    root: html.HtmlElement,
    main: list[html.HtmlElement] | None = None,
    scope: html.HtmlElement | None = None,
    pruned: list[html.HtmlElement] | None = None,
) -> list[Block]:
    """Render an element to text blocks, splitting at block-level tags and double line breaks; blocks
    inside the `main` elements are marked in_main (all of them when `main` is None), blocks inside
    `scope` in_scope (all of them when it is None), and blocks inside `pruned` elements pruned."""
    return _render(root, set(main) if main is not None else None, scope, set(pruned or ()))


def best_block(root: html.HtmlElement, skip: frozenset[html.HtmlElement] = frozenset()) -> html.HtmlElement | None:
    """The element whose paragraphs score highest, leaving out the paragraphs in `skip`."""
    scores = _paragraph_scores(root, skip)
    return max(scores, key=scores.__getitem__) if scores else None


def _paragraph_scores(
    root: html.HtmlElement, skip: frozenset[html.HtmlElement] = frozenset()
) -> dict[html.HtmlElement, float]:
    """Readability-style scores: each paragraph credits its parent in full and its grandparent by half."""
    scores: dict[html.HtmlElement, float] = defaultdict(float)
    for paragraph in root.iter(*PARAGRAPH_TAGS, "div"):
        if paragraph in skip:
            continue
        score = _paragraph_score(paragraph)
        parent = paragraph.getparent()
        if score and parent is not None:
            scores[parent] += score
            grandparent = parent.getparent()
            if grandparent is not None:
                scores[grandparent] += score / 2
    return scores


def _paragraph_score(paragraph: html.HtmlElement) -> float:
    """Commas and length make a paragraph; link text unmakes it. Short ones and wrappers score 0."""
    text = _own_text(paragraph) if paragraph.tag == "div" else paragraph.text_content()
    length = len(text.strip())
    if length < 25:
        return 0.0
    links = sum(len(a.text_content()) for a in paragraph.iter("a"))
    return (1 + text.count(",") + min(length / 100, 3)) * max(0.0, 1 - links / length)


def _named_containers(
    root: html.HtmlElement,
    scores: dict[html.HtmlElement, float],
    best: html.HtmlElement,
    hidden: frozenset[html.HtmlElement],
) -> list[html.HtmlElement]:
    """The self-declared body container that wraps the best block, or sits in it holding most of its
    score (the best block is then a wrapper that also holds chrome); with the other containers of the same
    kind when the CMS splits the body in several (around ads or embeds)."""
    candidates = [element for element in BODY_CANDIDATES(root) if element not in hidden]
    for selector in BODY_TESTS:
        found = [element for element in candidates if selector(element)]
        for candidate in found:
            holds_most = _score_within(candidate, scores) >= 0.6 * _score_within(best, scores)
            if contains(candidate, best) or (contains(best, candidate) and holds_most):
                return _body_parts(candidate, found, scores)
    return []


def _body_parts(
    chosen: html.HtmlElement, found: list[html.HtmlElement], scores: dict[html.HtmlElement, float]
) -> list[html.HtmlElement]:
    """The chosen container and its same-named, non-nested peers that hold real paragraphs."""
    floor = 0.1 * _score_within(chosen, scores)
    outermost = [el for el in found if not any(other is not el and contains(other, el) for other in found)]
    return [el for el in outermost if el is chosen or _score_within(el, scores) >= floor > 0]


def _score_within(element: html.HtmlElement, scores: dict[html.HtmlElement, float]) -> float:
    return sum(score for node, score in scores.items() if contains(element, node))


def contains(ancestor: html.HtmlElement, node: html.HtmlElement) -> bool:
    """Whether node is ancestor or lies inside it."""
    return node is ancestor or any(parent is ancestor for parent in node.iterancestors())


def _own_text(element: html.HtmlElement) -> str:
    """Text directly in an element and its inline children, not in nested blocks."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child.tag not in BLOCK_TAGS:
            parts.append(child.text_content())
        parts.append(child.tail or "")
    return "".join(parts)


def _render(
    root: html.HtmlElement,
    main: set[html.HtmlElement] | None,
    scope: html.HtmlElement | None,
    pruned: set[html.HtmlElement],
) -> list[Block]:
    """Walk without recursion (pages can nest thousands deep), flushing text at block boundaries."""
    writer = _BlockWriter(main_depth=1 if main is None else 0, scope_depth=1 if scope is None else 0)
    # what an element starts or ends: (main, scope, pruned) depth steps, looked up once per event
    main = main or set()
    marked = main | pruned | ({scope} if scope is not None else set())
    marks = {element: (int(element in main), int(element is scope), int(element in pruned)) for element in marked}
    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        mark = marks.get(element) if marks else None
        if event == "start":
            if mark:
                writer.flush()
                writer.step(mark, 1)
            writer.open(tag, element)
            writer.contexts.push(element, tag, tag in BLOCK_TAGS)
            writer.add(element.text)
        else:
            writer.close(tag, element)
            writer.contexts.pop()
            if mark:
                writer.flush()
                writer.step(mark, -1)
            if element is not root:
                writer.add(element.tail)
    writer.flush()
    return writer.blocks


class _BlockWriter:
    """Accumulates inline text into the current block; block-level tags and <br><br> start a new one."""

    def __init__(self, main_depth: int, scope_depth: int) -> None:
        self.main_depth, self.scope_depth, self.pruned_depth = main_depth, scope_depth, 0
        self.blocks: list[Block] = []
        self.parts: list[str] = []
        self.links: list[tuple[str, str]] = []
        self.link_chars = 0
        self.link_depth = 0
        self.tag = "p"
        self.after_break = False
        self.contexts = ContextStack()
        self.row: html.HtmlElement | None = None  # the data row being written as one block

    def step(self, mark: tuple[int, int, int], sign: int) -> None:
        """Enter (sign 1) or leave (-1) the main, scope and pruned elements that `mark` flags."""
        self.main_depth += sign * mark[0]
        self.scope_depth += sign * mark[1]
        self.pruned_depth += sign * mark[2]

    def open(self, tag: str, element: html.HtmlElement) -> None:
        if self.row is not None and tag in BLOCK_TAGS:  # a <p> or <div> in a cell of a data row
            self.parts.append(" ")
        elif tag == "tr" and DATA_ROW(element):
            self.flush()
            self.tag, self.row = tag, element
        elif tag in BLOCK_TAGS:
            self.flush()
            self.tag = tag
        elif tag == "br" and self.tag == "pre":
            self.parts.append("\n")
        elif tag == "br":
            if self.after_break:  # <br><br>: a paragraph break in pages without <p>
                self.flush()
            else:
                self.parts.append(" ")
                self.after_break = True
        elif tag in TABLE_CELLS and self.parts:
            self.parts.append(" | ")  # a table row is one block, its cells separated
        elif tag == "a":
            self.link_depth += 1
            self.links.append((element.get("href", ""), squash(element.text_content())))

    def close(self, tag: str, element: html.HtmlElement) -> None:
        if element is self.row:
            self.flush()
            self.row = None
        elif self.row is not None and tag in BLOCK_TAGS:
            self.parts.append(" ")
        elif tag in BLOCK_TAGS:
            self.flush()
        elif tag == "a":
            self.link_depth -= 1

    def add(self, text: str | None) -> None:
        if text:
            self.parts.append(text)
            self.after_break = self.after_break and text.isspace()
            if self.link_depth:
                self.link_chars += len(text.strip())

    def flush(self) -> None:
        joined = "".join(self.parts)
        text = code_lines(joined.translate(INVISIBLE)) if self.tag == "pre" else squash(joined)
        if text:  # links of an empty block (a link wrapping a block) belong to the next block with text
            self.blocks.append(
                Block(
                    text,
                    self.tag,
                    self.link_chars,
                    self.links,
                    self.main_depth > 0,
                    self.contexts.current,
                    self.scope_depth > 0,
                    self.pruned_depth > 0,
                )
            )
            self.links = []
        self.parts, self.link_chars, self.tag, self.after_break = [], 0, "p", False


def code_lines(text: str) -> str:
    """A code block as its lines, indentation kept: blank lines go, as a blank line separates paragraphs."""
    lines = [line.rstrip() for line in textwrap.dedent(text.expandtabs(4)).splitlines()]
    return "\n".join(line for line in lines if line)
