"""Shared pieces of the benchmarks: result rows, the final table, timing helpers and the page corpora."""

from __future__ import annotations

import gzip
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the repo root, where the benchmarks run from
CORPORA = ROOT.parent / "shared" / "bench"  # read at run time, never copied into the repo


@dataclass(frozen=True)
class Row:
    """One line of the final table; `passed` is None for a figure that has no target (shown for context)."""

    figure: str
    measured: str
    target: str
    passed: bool | None


@dataclass(frozen=True)
class Page:
    """One page of a corpus: which corpus, its URL and its HTML bytes."""

    corpus: str
    url: str
    html: bytes


def say(text: str) -> None:
    """Print a progress or detail line at once (the run is long: show where it is)."""
    print(text, flush=True)


def ratio_row(
    figure: str, value: float, minimum: float | None = None, maximum: float | None = None, unit: str = "x"
) -> Row:
    """A row for a ratio checked against a lower and/or an upper bound (neither: a figure for context)."""
    measured = f"{value * 100:.1f}%" if unit == "%" else f"{value:.2f}x"
    bounds: list[str] = []
    if minimum is not None:
        bounds.append(f">= {minimum * 100:.0f}%" if unit == "%" else f">= {minimum:.2f}x")
    if maximum is not None:
        bounds.append(f"<= {maximum * 100:.0f}%" if unit == "%" else f"<= {maximum:.2f}x")
    if not bounds:
        return Row(figure, measured, "-", None)
    passed = (minimum is None or value >= minimum) and (maximum is None or value <= maximum)
    return Row(figure, measured, " and ".join(bounds), passed)


def print_table(rows: list[Row]) -> None:
    """Print the final table: figure, measured, target, pass/fail."""
    header = Row("figure", "measured", "target", None)
    widths = [max(len(getattr(row, name)) for row in [header, *rows]) for name in ("figure", "measured", "target")]
    lines = [_table_line(header, widths, "result"), "  ".join("-" * width for width in [*widths, 6])]
    lines += [_table_line(row, widths, _verdict(row.passed)) for row in rows]
    say("\n" + "\n".join(lines))


def _table_line(row: Row, widths: list[int], verdict: str) -> str:
    """One aligned line of the table."""
    cells = (row.figure.ljust(widths[0]), row.measured.rjust(widths[1]), row.target.ljust(widths[2]), verdict)
    return "  ".join(cells).rstrip()


def _verdict(passed: bool | None) -> str:
    """PASS, FAIL, or info for a figure without a target."""
    return "info" if passed is None else "PASS" if passed else "FAIL"


def load_corpora(root: Path = CORPORA) -> list[Page]:
    """Both development corpora (aeb-dev, traf-dev), loaded as ../shared/bench/score.py loads them."""
    if not root.is_dir():
        sys.exit(f"benchmarks: no page corpora at {root} (run from the repo root, next to ../shared)")
    return list(_aeb_pages(root / "aeb-dev")) + list(_traf_pages(root / "traf-dev"))


def _aeb_pages(folder: Path) -> Iterator[Page]:
    """aeb-dev: ground-truth.json maps a key to its URL; the page is html/<key>.html.gz."""
    truth = json.loads((folder / "ground-truth.json").read_text())
    for key, entry in sorted(truth.items()):
        yield Page("aeb-dev", entry["url"], gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes()))


def _traf_pages(folder: Path) -> Iterator[Page]:
    """traf-dev: annotations.json maps a URL to its gzipped page file under html/."""
    annotations = json.loads((folder / "annotations.json").read_text())
    for url, entry in sorted(annotations.items()):
        yield Page("traf-dev", url, gzip.decompress((folder / "html" / entry["file"]).read_bytes()))
