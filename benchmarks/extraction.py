"""Extraction speed: newsspider.extract_article against trafilatura and against bare lxml parsing (the ceiling)."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

import lxml.html

from benchmarks.common import Page, Row, load_corpora, ratio_row, say

Extractor = Callable[[bytes, str], Any]
TARGET_VS_TRAFILATURA = 1.5
CLASSIFICATION_SHARE = 0.10  # of extraction's time per page, at most
WARM_UP_PAGES = 5


def newsspider_extractor() -> Extractor:
    """newsspider.extract_article, as the spider and score.py call it."""
    from newsspider import extract_article

    def run(html: bytes, url: str) -> Any:
        """Extract one page."""
        return extract_article(html, url)

    return run


def trafilatura_extractor() -> Extractor:
    """trafilatura.bare_extraction with metadata: the reference to beat."""
    import trafilatura

    def run(html: bytes, url: str) -> Any:
        """Extract one page."""
        return trafilatura.bare_extraction(html, url=url, with_metadata=True)

    return run


def lxml_parser() -> Extractor:
    """Parsing alone with lxml.html.fromstring: what any lxml-based extractor pays at least."""

    def run(html: bytes, url: str) -> Any:
        """Parse one page."""
        return lxml.html.fromstring(html)

    return run


def extractors() -> dict[str, Extractor]:
    """The contenders, by name."""
    return {"newsspider": newsspider_extractor(), "trafilatura": trafilatura_extractor(), "lxml": lxml_parser()}


def time_call(run: Extractor, page: Page) -> tuple[float, bool]:
    """Seconds one call took, and whether it raised (a crash still counts its time, as in score.py)."""
    start = time.perf_counter()
    try:
        run(page.html, page.url)
    except Exception:
        return time.perf_counter() - start, False
    return time.perf_counter() - start, True


def measure(pages: list[Page], rounds: int) -> tuple[dict[tuple[str, str], float], dict[str, int]]:
    """Seconds per (extractor, corpus) over `rounds` passes, contenders interleaved page by page in a rotating
    order so that they share the machine's noise; and the number of errors per extractor."""
    contenders = extractors()
    names = list(contenders)
    for page in pages[:WARM_UP_PAGES]:  # imports and caches are not timed
        for run in contenders.values():
            time_call(run, page)
    seconds: dict[tuple[str, str], float] = defaultdict(float)
    errors: dict[str, int] = defaultdict(int)
    for round_number in range(rounds):
        for index, page in enumerate(pages):
            shift = (index + round_number) % len(names)
            for name in names[shift:] + names[:shift]:
                spent, ok = time_call(contenders[name], page)
                seconds[name, page.corpus] += spent
                errors[name] += not ok
        say(f"  extraction round {round_number + 1}/{rounds} done")
    return seconds, errors


def classification_share(pages: list[Page]) -> float:
    """What classifying a page costs next to extracting it. The spider parses the page and reads its
    metadata once for both, so the classification is timed on a parsed tree: its features and trees."""
    from newsspider.extraction.pagekind import classify_root
    from newsspider.extraction.structured import read_metadata

    newsspider = newsspider_extractor()
    classifying = extracting = 0.0
    for page in pages:
        root = lxml.html.fromstring(page.html)
        metadata = read_metadata(root, page.url)
        start = time.perf_counter()
        classify_root(root, page.url, metadata)
        classifying += time.perf_counter() - start
        extracting += time_call(newsspider, page)[0]
    say(
        f"  classification {classifying / len(pages) * 1000:.1f} ms/page, "
        f"extraction {extracting / len(pages) * 1000:.1f} ms/page"
    )
    return classifying / extracting


def rate(
    seconds: dict[tuple[str, str], float], counts: dict[str, int], name: str, corpus: str | None, rounds: int
) -> float:
    """Pages per second of one extractor on one corpus (None: all corpora)."""
    corpora = [corpus] if corpus else list(counts)
    pages = sum(counts[each] for each in corpora) * rounds
    return pages / sum(seconds[name, each] for each in corpora)


def run(quick: bool) -> list[Row]:
    """Run the extraction benchmark; print per-corpus rates and return the table rows."""
    pages = load_corpora()
    rounds = 1 if quick else 3
    counts: dict[str, int] = defaultdict(int)
    for page in pages:
        counts[page.corpus] += 1
    say(f"extraction: {len(pages)} pages ({dict(counts)}), {rounds} round(s), contenders interleaved per page")
    seconds, errors = measure(pages, rounds)
    for corpus in [*counts, None]:
        figures = " ".join(
            f"{name}={rate(seconds, counts, name, corpus, rounds):.1f}"
            for name in ("newsspider", "trafilatura", "lxml")
        )
        say(f"  {corpus or 'all':<9} pages/s: {figures}")
    say(f"  errors: {dict(errors)}")
    ours, trafilatura, ceiling = (
        rate(seconds, counts, name, None, rounds) for name in ("newsspider", "trafilatura", "lxml")
    )
    return [
        ratio_row("extraction pages/s, newsspider / trafilatura", ours / trafilatura, minimum=TARGET_VS_TRAFILATURA),
        ratio_row(
            "page classification time / extraction time",
            classification_share(pages),
            unit="%",
            maximum=CLASSIFICATION_SHARE,
        ),
        ratio_row("extraction pages/s, newsspider / lxml parse only (ceiling)", ours / ceiling, unit="%"),
    ]
