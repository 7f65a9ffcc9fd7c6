"""Tests of the dataset exports, and the article records they are built from."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any


def article(number: int, version: int = 1, **changes: Any) -> dict[str, Any]:
    """A complete, schema-valid record of article `number` at `version`, with any field changed."""
    canonical = f"https://news.example.com/world/2026/11/{1 + number % 28:02d}/story-{number}.html"
    record: dict[str, Any] = {
        "id": hashlib.sha1(canonical.encode()).hexdigest(),
        "version": version,
        "url": canonical + "?utm_source=feed",
        "canonical_url": canonical,
        "site_name": "The Example News",
        "title": f"Story {number}, version {version}",
        "description": None if number % 2 else f"What happened in story {number}.",
        "byline": "By Jane Doe and John Roe",
        "authors": ["Jane Doe", "John Roe"],
        "published_at": "2026-11-02T09:30:00+01:00",
        "modified_at": f"2026-11-{2 + version:02d}T10:00:00+01:00",
        "section": "World",
        "tags": ["world", f"tag-{number % 5}"],
        "language": "en",
        "body": f"Paragraph one of story {number}, version {version}.\n\nParagraph two, with ünïcödé and “quotes”.",
        "caption": "A harbour at dawn.",
        "images": [
            {
                "url": f"https://news.example.com/images/{number}.jpg",
                "caption": "A harbour at dawn.",
                "credit": "Photo: Ann Lee",
                "alt": None,
                "width": 1200,
                "height": 800,
                "lead": True,
            },
            {
                "url": f"https://news.example.com/images/{number}-b.jpg",
                "caption": None,
                "credit": None,
                "alt": "A map",
                "width": None,
                "height": None,
                "lead": False,
            },
        ],
        "related_links": [{"url": f"https://news.example.com/world/story-{number + 1}.html", "text": None}],
        "word_count": 14,
        "page_type": "NewsArticle",
        "paywalled": number % 3 == 0,
        "fetched_at": f"2026-11-{2 + version:02d}T12:00:00+00:00",
        "http_status": 200,
        "response_url": canonical,
        "source": "sitemap",
        "run_id": f"run-{version}",
        "extractor_version": "0.1.0+body.8ab2fea0.pagekind.1fdf9183",
        "warc_file": None,
        "warc_record_id": None,
        "warc_offset": None,
    }
    record.update(changes)
    return record


def write_jsonl(path: Path, records: Iterable[dict[str, Any]]) -> Path:
    """Write records as the JSON Lines sink does: compact, UTF-8, one per line."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n" for record in records)
    path.write_text("".join(lines), encoding="utf-8")
    return path
