"""Saved pages for the tests: fixture cases, their HTML, responses built from HTML, the output schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from scrapy.http import HtmlResponse

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
PAGES = FIXTURES / "pages"
DEMO_SITE = ROOT / "newsspider" / "sites" / "demo-site"
DEMO_EXPECTED = FIXTURES / "demo-site.expected.json"
SCHEMA = json.loads((ROOT / "newsspider" / "article.schema.json").read_text(encoding="utf-8"))


def fixture_cases() -> list[tuple[str, dict[str, Any]]]:
    """(name, expectation) for each fixtures/pages/NAME.json."""
    return [(path.stem, json.loads(path.read_text(encoding="utf-8"))) for path in sorted(PAGES.glob("*.json"))]


def page_html(name: str) -> bytes:
    return (PAGES / f"{name}.html").read_bytes()


def html_response(body: str | bytes, url: str = "https://news.example.com/2024/03/02/a-story.html") -> HtmlResponse:
    """A response around an HTML snippet or page, as the downloader would build it."""
    data = body.encode("utf-8") if isinstance(body, str) else body
    return HtmlResponse(url=url, body=data, encoding="utf-8" if isinstance(body, str) else None)
