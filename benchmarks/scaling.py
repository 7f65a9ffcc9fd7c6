"""Extraction time against page size: paragraphs from 1,000 to 200,000 with the fitted exponent, and hostile
pages (deep nesting, one huge text node, a huge JSON-LD array), each within its time budget."""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable

from benchmarks.common import Row, ratio_row, say

PARAGRAPHS = (1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 200_000)
QUICK_PARAGRAPHS = (1_000, 4_000, 16_000, 200_000)
# Below the page bound (newsspider.extraction.pagesize.MAX_ELEMENTS) the time must grow linearly; above it
# the page is cut, and the time stops growing.
FIT_BELOW = 20_000
MAX_EXPONENT = 1.15
BUDGET_SECONDS = 10.0  # per page, for the largest pages of each shape
URL = "https://bench.example/news/2024/03/02/a-very-large-page.html"


def paragraphs_page(count: int) -> bytes:
    """An article of `count` short paragraphs."""
    body = "".join(f"<p>Paragraph {number} of the page says a few short words.</p>" for number in range(count))
    return (
        f"<html><head><title>A very large page</title></head><body><article><h1>A very large page</h1>"
        f"{body}</article></body></html>"
    ).encode()


def nested_page(depth: int) -> bytes:
    """`depth` nested <div>s, each with a little text."""
    return (
        f"<html><body><h1>A deep page</h1>{'<div>some words ' * depth}<p>the deepest text</p>"
        f"{'</div>' * depth}</body></html>"
    ).encode()


def text_node_page(megabytes: int) -> bytes:
    """One paragraph of `megabytes` MB of text."""
    return f"<html><body><h1>A long text</h1><p>{'words ' * (megabytes * 1024 * 1024 // 6)}</p></body></html>".encode()


def json_ld_page(items: int) -> bytes:
    """A short article whose JSON-LD lists `items` authors."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "A page of many authors",
        "author": [{"@type": "Person", "name": f"Author {number}"} for number in range(items)],
    }
    return (
        f'<html><head><script type="application/ld+json">{json.dumps(data)}</script></head><body>'
        "<h1>A page of many authors</h1><p>The body of this page is short.</p></body></html>"
    ).encode()


HOSTILE: dict[str, Callable[[], bytes]] = {
    "200,000 paragraphs": lambda: paragraphs_page(200_000),
    "100,000 nested <div>s": lambda: nested_page(100_000),
    "a 50 MB text node": lambda: text_node_page(50),
    "a 300,000-item JSON-LD array": lambda: json_ld_page(300_000),
}


def seconds_to_extract(page: bytes) -> float:
    """Wall time of one extract_article call."""
    from newsspider import extract_article

    start = time.perf_counter()
    extract_article(page, URL)
    return time.perf_counter() - start


def fitted_exponent(points: list[tuple[int, float]]) -> float:
    """The slope of log(time) against log(size): 1 is linear, 2 quadratic."""
    xs, ys = [math.log(size) for size, _ in points], [math.log(seconds) for _, seconds in points]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sum((x - mean_x) ** 2 for x in xs)


def run(quick: bool) -> list[Row]:
    """Time extraction over the sizes, then the hostile pages; return the table rows."""
    seconds_to_extract(paragraphs_page(100))  # warm up: models and imports
    say("scaling: extraction time against page size")
    points = []
    for count in QUICK_PARAGRAPHS if quick else PARAGRAPHS:
        points.append((count, seconds_to_extract(paragraphs_page(count))))
        say(f"  {count:>7,} paragraphs: {points[-1][1]:6.2f}s")
    linear = [point for point in points if point[0] < FIT_BELOW]
    rows = [
        ratio_row(
            f"extraction time vs paragraphs ({linear[0][0]:,}-{linear[-1][0]:,}): fitted exponent",
            fitted_exponent(linear),
            maximum=MAX_EXPONENT,
        )
    ]
    for name, build in HOSTILE.items():
        seconds = seconds_to_extract(build())
        say(f"  {name}: {seconds:.2f}s")
        rows.append(
            ratio_row(
                f"extraction of {name}, time / {BUDGET_SECONDS:.0f} s budget", seconds / BUDGET_SECONDS, maximum=1.0
            )
        )
    return rows
