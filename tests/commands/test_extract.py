"""`scrapy extract` and `extract_article` on saved pages."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from newsspider import extract_article
from tests.saved_pages import PAGES, ROOT, fixture_cases, page_html

CASES = dict(fixture_cases())


def run_extract(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scrapy", "extract", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_extract_one_page_with_its_url() -> None:
    case = CASES["nato-wordpress"]
    result = run_extract(str(PAGES / "nato-wordpress.html"), "--url", case["url"])
    assert result.returncode == 0, result.stderr
    (line,) = result.stdout.splitlines()
    item = json.loads(line)
    assert item["title"] == case["expect"]["title"]
    assert item["url"] == case["url"]


def test_extract_a_directory_gives_one_line_per_page() -> None:
    result = run_extract(str(PAGES))
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == len(list(PAGES.glob("*.html")))


def test_one_unreadable_file_or_link_loop_does_not_stop_the_batch(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    shutil.copy(PAGES / "nato-wordpress.html", tmp_path / "sub" / "good.html")
    (tmp_path / "broken.html").symlink_to(tmp_path / "missing.html")
    (tmp_path / "sub" / "loop").symlink_to(tmp_path)
    result = run_extract(str(tmp_path))
    assert result.returncode == 1
    (line,) = result.stdout.splitlines()
    assert json.loads(line)["title"] == CASES["nato-wordpress"]["expect"]["title"]
    (error,) = result.stderr.splitlines()
    assert "broken.html" in error and "Traceback" not in result.stderr


def test_extract_article_accepts_str_and_bytes() -> None:
    case = CASES["graph-jsonld"]
    html = page_html("graph-jsonld")
    from_bytes = extract_article(html, case["url"])
    from_text = extract_article(html.decode("utf-8"), case["url"])
    assert from_bytes is not None and from_text is not None
    assert from_bytes["body"] == from_text["body"]
    assert from_bytes["title"] == case["expect"]["title"]


def test_extract_article_takes_a_page_without_its_url() -> None:
    paragraphs = "".join(
        f"<p>Paragraph {number} of a story saved without the address it came from.</p>" for number in range(1, 8)
    )
    page = f'<html><body><h1>A saved story</h1>{paragraphs}<a href="/2024/01/01/next-story">next</a></body></html>'
    item = extract_article(page, "")
    assert item is not None
    assert (item["title"], item["url"], item["canonical_url"], item["id"]) == ("A saved story", None, None, None)
    declared = page.replace(
        "<body>", '<head><link rel="canonical" href="https://news.example.com/a/saved"></head><body>'
    )
    item = extract_article(declared, "")
    assert item is not None and item["canonical_url"] == "https://news.example.com/a/saved" and item["id"]


def test_extract_article_returns_none_for_no_document() -> None:
    assert extract_article(b"", "https://example.com/a") is None
