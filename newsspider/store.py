"""The embedded dedup store: SQLite, kept under the output directory, shared by successive runs."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,          -- sha1 of the canonical URL
    canonical_url TEXT NOT NULL,
    body_key TEXT,                -- sha1 of site + normalised body: same text under another URL
    modified_at TEXT,
    written_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_body_key ON articles (body_key);
CREATE TABLE IF NOT EXISTS urls (
    url_key TEXT PRIMARY KEY,     -- canonical form of a URL the article was reached under
    article_id TEXT NOT NULL
);
"""


def body_key(canonical_url: str, body: str | None) -> str | None:
    """Fingerprint of an article's text within its site; None for an empty body."""
    words = " ".join((body or "").split()).casefold()
    if not words:
        return None
    site = (urlsplit(canonical_url).hostname or "").removeprefix("www.")
    return hashlib.sha1(f"{site}\n{words}".encode()).hexdigest()


class ArticleStore:
    """Which articles were written: by id, by every URL they were reached under, and by body text."""

    def __init__(self, path: Path | str) -> None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.connection = sqlite3.connect(str(path), isolation_level=None)  # autocommit: each mark is durable
        self.connection.execute("PRAGMA journal_mode=WAL")
        self.connection.execute("PRAGMA synchronous=FULL")
        self.connection.executescript(SCHEMA)

    def find(self, article_id: str, url_keys: list[str], text_key: str | None) -> str | None:
        """The id of an already written article with this id, one of these URLs, or this body."""
        row = self.connection.execute("SELECT id FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None and url_keys:
            marks = ",".join("?" * len(url_keys))
            row = self.connection.execute(f"SELECT article_id FROM urls WHERE url_key IN ({marks})",
                                          url_keys).fetchone()
        if row is None and text_key:
            row = self.connection.execute("SELECT id FROM articles WHERE body_key = ?", (text_key,)).fetchone()
        return row[0] if row else None

    def mark_written(self, item: dict[str, Any], url_keys: list[str], text_key: str | None) -> None:
        """Record an article as written (one transaction)."""
        with self.connection:
            self.connection.execute("BEGIN")
            self.connection.execute(
                "INSERT OR REPLACE INTO articles (id, canonical_url, body_key, modified_at, written_at)"
                " VALUES (?, ?, ?, ?, datetime('now'))",
                (item["id"], item["canonical_url"], text_key, item.get("modified_at")))
            self.connection.executemany("INSERT OR REPLACE INTO urls (url_key, article_id) VALUES (?, ?)",
                                        [(key, item["id"]) for key in url_keys])

    def close(self) -> None:
        """Close the database."""
        self.connection.close()
