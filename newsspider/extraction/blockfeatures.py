"""Features of rendered text blocks for the learned body scorer: shape, density, position and structure,
nothing tied to one language or one site."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from newsspider.extraction.blockcontext import ANCESTOR_TAGS, NAME_GROUP_NAMES
from newsspider.extraction.content import HEADINGS, Block
from newsspider.text import squash

WORD = re.compile(r"\w+", re.UNICODE)
SENTENCE_PUNCTUATION = re.compile(r"[.,;:!?。，、؛،]")
LETTER = re.compile(r"[^\W\d_]")
DIGIT = re.compile(r"\d")
SENTENCE_END = frozenset('.!?。"”»)…')
# Tags grouped by what they hold: one feature each.
TAG_GROUPS = {
    "p": frozenset({"p"}),
    "heading": HEADINGS,
    "li": frozenset({"li", "dt", "dd"}),
    "table": frozenset({"td", "th", "tr", "table", "tbody", "thead", "tfoot"}),
    "quote": frozenset({"blockquote", "pre"}),
}
WINDOW = 3  # blocks on each side whose mean shape describes a block's neighbourhood
HEADING_REACH = 3  # blocks below a heading that it still introduces
ARTICLE_BIT = 1 << ANCESTOR_TAGS.index("article")
OWN = ("length", "words", "link_density", "punctuation", "sentence_end", "digits", "capitals")
POSITION = (
    "pruned",
    "in_main",
    "in_scope",
    "other_story",
    "heading_link_density",
    "engine",
    "engine_quality",
    "repeats",
    "duplicate",
    "structured",
    "structured_known",
    "index",
    "text_before",
    "after_headline",
    "headline_distance",
    "before_engine",
    "after_engine",
    "inside_engine",
    "page_share",
    "depth",
    "engine_depth",
)
NEIGHBOURS = (
    "prev_engine",
    "next_engine",
    "prev_link_density",
    "next_link_density",
    "prev_length",
    "next_length",
    "window_length",
    "window_link_density",
    "window_engine",
)
FEATURES = (
    *OWN,
    *(f"tag_{name}" for name in TAG_GROUPS),
    *(f"name_{name}" for name in NAME_GROUP_NAMES),
    *(f"inside_{tag}" for tag in ANCESTOR_TAGS),
    *POSITION,
    *NEIGHBOURS,
)


@dataclass(frozen=True)
class PageEvidence:
    """What the page says besides its blocks: which blocks the rule engine kept, and how it rated them."""

    engine: frozenset[int]  # indexes of the blocks the engine's rules kept
    quality: Sequence[int]  # the engine's reading of each block: 1 text, 0 neutral, -1 a teaser or chrome
    headline: str | None
    structured_words: frozenset[str] | None  # words of JSON-LD articleBody, when the page has one


def block_features(blocks: Sequence[Block], evidence: PageEvidence) -> np.ndarray:
    """One row of FEATURES per block."""
    if not blocks:
        return np.zeros((0, len(FEATURES)))
    own = np.array([_own_features(block) for block in blocks])
    position = _position_features(blocks, evidence)
    neighbours = _neighbour_features(own[:, 0], own[:, 2], position[:, POSITION.index("engine")])
    return np.hstack([own, _structure_features(blocks), position, neighbours])


def _own_features(block: Block) -> list[float]:
    text = block.text  # counted by regular expressions: a loop over characters costs more than the rest
    words = max(1, len(WORD.findall(text)))
    letters = len(LETTER.findall(text))
    return [
        math.log1p(len(text)),
        math.log1p(words),
        block.link_density,
        len(SENTENCE_PUNCTUATION.findall(text)) / words,
        float(text[-1] in SENTENCE_END),
        len(DIGIT.findall(text)) / len(text),
        _capitals(text) / max(1, letters),
    ]


def _capitals(text: str) -> int:
    """Upper-case letters: the characters that lower-casing changes."""
    lower = text.lower()
    if len(lower) != len(text):  # a few letters lower-case to two characters
        return sum(char.isupper() for char in text)
    return int(
        (
            np.frombuffer(text.encode("utf-32-le"), np.uint32) != np.frombuffer(lower.encode("utf-32-le"), np.uint32)
        ).sum()
    )


def _structure_features(blocks: Sequence[Block]) -> np.ndarray:
    """Tag group of each block, and the class/id groups and tags of its ancestors."""
    tags = [block.tag for block in blocks]
    groups = np.array([[tag in group for group in TAG_GROUPS.values()] for tag in tags], dtype=float)
    names = np.array([block.context.names if block.context else 0 for block in blocks], dtype=np.int64)
    ancestors = np.array([block.context.tags if block.context else 0 for block in blocks], dtype=np.int64)
    return np.hstack([groups, _bits(names, len(NAME_GROUP_NAMES)), _bits(ancestors, len(ANCESTOR_TAGS))])


def _bits(values: np.ndarray, width: int) -> np.ndarray:
    """The low `width` bits of each value, one column each."""
    return ((values[:, None] >> np.arange(width)) & 1).astype(float)


def _position_features(blocks: Sequence[Block], evidence: PageEvidence) -> np.ndarray:
    """Where a block is relative to the page, the headline and the engine's choice; how often its shape
    and its text recur (comment threads and teaser grids repeat one item)."""
    count = len(blocks)
    index = np.arange(count, dtype=float)
    lengths = np.array([len(block.text) for block in blocks], dtype=float)
    before = np.concatenate([[0.0], np.cumsum(lengths)[:-1]])
    total = max(1.0, float(lengths.sum()))
    signature_of = [block.context.signature if block.context else "" for block in blocks]
    signatures, texts = Counter(signature_of), Counter(block.text for block in blocks)
    headline = _headline_index(blocks, evidence.headline)
    engine = np.zeros(count)
    engine[sorted(evidence.engine)] = 1.0
    first, last = (min(evidence.engine), max(evidence.engine)) if evidence.engine else (count, -1)
    depths = np.array([block.context.depth if block.context else 0 for block in blocks], dtype=float)
    engine_depth = float(np.median(depths[engine > 0])) if evidence.engine else 0.0
    before_engine = np.where(index < first, np.log1p(np.maximum(0.0, before[min(first, count - 1)] - before)), 0.0)
    end_of_engine = before[last] + lengths[last] if last >= 0 else 0.0
    after_engine = np.where((index > last) & (last >= 0), np.log1p(np.maximum(0.0, before - end_of_engine)), 0.0)
    columns = [
        [block.pruned for block in blocks],
        [block.in_main for block in blocks],
        [block.in_scope for block in blocks],
        [in_other_story(block) for block in blocks],
        _heading_link_density(blocks),
        engine,
        evidence.quality,
        np.log1p([signatures[signature] for signature in signature_of]),
        [texts[block.text] > 1 for block in blocks],
        [_structured_share(block.text, evidence.structured_words) for block in blocks],
        np.full(count, float(evidence.structured_words is not None)),
        index / count,
        before / total,
        np.full(count, 0.5) if headline is None else (index > headline),
        np.zeros(count) if headline is None else np.log1p(np.abs(index - headline)),
        before_engine,
        after_engine,
        (first <= index) & (index <= last),
        lengths / total,
        np.log1p(depths),
        depths - engine_depth if evidence.engine else np.zeros(count),
    ]
    return np.column_stack([np.asarray(column, dtype=float) for column in columns])


def in_other_story(block: Block) -> bool:
    """Inside another <article> than the story's: a teaser card, a blog's next post, or a section the CMS
    wrapped as an article of its own."""
    return not block.in_scope and block.context is not None and bool(block.context.tags & ARTICLE_BIT)


def _heading_link_density(blocks: Sequence[Block]) -> list[float]:
    """Link density of the heading just above each block (a teaser card's heading is a link); -1 when
    no heading is within HEADING_REACH blocks above."""
    densities, last_heading = [], -HEADING_REACH - 1
    for index, block in enumerate(blocks):
        reach = index - last_heading <= HEADING_REACH
        densities.append(blocks[last_heading].link_density if reach and last_heading >= 0 else -1.0)
        if block.tag in HEADINGS:
            last_heading = index
    return densities


def _headline_index(blocks: Sequence[Block], headline: str | None) -> int | None:
    """The block of the headline: the <h1> that repeats it, else the first <h1>."""
    wanted = squash(headline or "").casefold()
    h1s = [index for index, block in enumerate(blocks) if block.tag == "h1"]
    for index in h1s:
        if blocks[index].text.casefold() == wanted:
            return index
    return h1s[0] if h1s else None


def _structured_share(text: str, structured_words: frozenset[str] | None) -> float:
    """Share of a block's words that JSON-LD articleBody also has; -1 when the page has none."""
    if structured_words is None:
        return -1.0
    words = WORD.findall(text.casefold())
    return sum(word in structured_words for word in words) / max(1, len(words))


def _neighbour_features(length: np.ndarray, link_density: np.ndarray, engine: np.ndarray) -> np.ndarray:
    """The previous and next block's shape, and the mean shape of the blocks around."""

    def shifted(values: np.ndarray, step: int) -> np.ndarray:
        out = np.zeros_like(values)
        if step > 0:
            out[step:] = values[:-step]
        else:
            out[:step] = values[-step:]
        return out

    def window(values: np.ndarray) -> np.ndarray:
        padded = np.concatenate([[0.0], np.cumsum(values)])
        index = np.arange(len(values))
        low, high = np.maximum(0, index - WINDOW), np.minimum(len(values), index + WINDOW + 1)
        return (padded[high] - padded[low]) / (high - low)

    if len(length) == 1:
        zero = np.zeros(1)
        return np.column_stack([zero] * 6 + [length, link_density, engine])
    return np.column_stack(
        [
            shifted(engine, 1),
            shifted(engine, -1),
            shifted(link_density, 1),
            shifted(link_density, -1),
            shifted(length, 1),
            shifted(length, -1),
            window(length),
            window(link_density),
            window(engine),
        ]
    )
