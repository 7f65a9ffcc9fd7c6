"""A damaged, empty or missing state store stops the run before it touches anything, and `scrapy
rebuild-state` rebuilds it from the output so that the next run goes on where the last one stopped."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from tests.saved_pages import ROOT
from tests.test_crawl import crawl, written

DAMAGED_STORE = 4
PAGE = 4096  # SQLite's default page size


@pytest.fixture
def crawled(tmp_path: Path) -> Path:
    """An output directory after one crawl of the demo site."""
    result = crawl(tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "state.sqlite").stat().st_size > 2 * PAGE
    return tmp_path


def assert_refused(output_dir: Path, damage: str) -> None:
    store = output_dir / "state.sqlite"
    before = store.read_bytes() if store.exists() else None
    lines = len(written(output_dir))
    result = crawl(output_dir)
    assert result.returncode == DAMAGED_STORE, result.stderr
    errors = [line for line in result.stderr.splitlines() if "error:" in line]
    assert len(errors) == 1 and damage in errors[0] and "rebuild-state" in errors[0]
    assert "Traceback" not in result.stderr
    assert (store.read_bytes() if store.exists() else None) == before
    assert len(written(output_dir)) == lines


def test_a_store_with_damaged_pages_stops_the_run(crawled: Path) -> None:
    store = crawled / "state.sqlite"
    with store.open("r+b") as handle:  # pages 2 onwards, as `dd if=/dev/urandom seek=2 conv=notrunc` does
        handle.seek(PAGE)
        handle.write(random.Random(7).randbytes(store.stat().st_size - PAGE))
    assert_refused(crawled, "damaged")


def test_an_empty_store_beside_output_stops_the_run(crawled: Path) -> None:
    (crawled / "state.sqlite").write_bytes(b"")
    assert_refused(crawled, "empty")


def test_a_missing_store_beside_output_stops_the_run(crawled: Path) -> None:
    (crawled / "state.sqlite").unlink()
    assert_refused(crawled, "missing")


def test_a_rebuilt_store_goes_on_where_the_old_one_stopped(crawled: Path) -> None:
    os.replace(crawled / "state.sqlite", crawled / "state.sqlite.damaged")
    rebuilt = subprocess.run(
        [sys.executable, "-m", "scrapy", "rebuild-state", "-s", f"NEWSSPIDER_OUTPUT_DIR={crawled}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert f"{len(written(crawled))} articles, 1 output file(s)" in rebuilt.stdout
    again = crawl(crawled)
    assert again.returncode == 0, again.stderr
    assert "newsspider summary: new=0 updated=0 " in again.stderr
    assert len(written(crawled)) == 8
