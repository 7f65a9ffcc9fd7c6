"""The embedded state store backend: SQLite under the output directory, shared by successive (cron) runs.

It knows which articles were written (and in which version), under which URLs, with which body, and the
HTTP validators and sitemap lastmod of their pages, so that a later run asks only for what may have changed.
Every lookup goes through a primary key or an index: the store stays fast at millions of URLs.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsspider.options import option
from newsspider.state.base import Known, Validators
from newsspider.urls import without_tracking

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,          -- sha1 of the canonical URL
    canonical_url TEXT NOT NULL,
    body_key TEXT,                -- sha1 of site + normalised body: same text under another URL
    modified_at TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    source_key TEXT,              -- the URL (less tracking) the written version was extracted from
    written_at TEXT NOT NULL,
    run TEXT                      -- the run that wrote it (NULL: recovered from a killed run's file)
);
CREATE INDEX IF NOT EXISTS articles_body_key ON articles (body_key);
CREATE TABLE IF NOT EXISTS runs (
    run_id TEXT PRIMARY KEY,
    finished_at TEXT NOT NULL,    -- ISO 8601, UTC: the order of the history
    record TEXT NOT NULL          -- the run's RunRecord as JSON (newsspider/monitoring/health.py)
);
CREATE TABLE IF NOT EXISTS urls (
    url_key TEXT PRIMARY KEY,     -- canonical form of a URL a page was fetched under
    article_id TEXT,              -- the article written from it, if any
    etag TEXT,
    last_modified TEXT,
    lastmod TEXT                  -- the sitemap's lastmod when the page was last fetched
);
"""
# Columns added after the first release: added to older stores on open.
LATER_COLUMNS = {
    "articles": {"version": "INTEGER NOT NULL DEFAULT 1", "source_key": "TEXT", "run": "TEXT"},
    "urls": {"etag": "TEXT", "last_modified": "TEXT", "lastmod": "TEXT"},
}


def store_path(settings: BaseSettings) -> Path | None:
    """Where the SQLite store lives (NEWSSPIDER_STATE, else under the output directory); None when off."""
    value = option(settings, "NEWSSPIDER_STATE")
    if value == "":
        return None
    return Path(value) if value else Path(option(settings, "NEWSSPIDER_OUTPUT_DIR")) / "state.sqlite"


def store_damage(path: Path, output_dir: Path) -> str | None:
    """Why the store cannot be trusted, or None: damaged pages, or an empty or missing store beside output
    files (the history of the written articles would be lost, and every article written again)."""
    has_output = any(output_dir.glob("*.jsonl"))
    if not path.exists() or path.stat().st_size == 0:
        return f"{'missing' if not path.exists() else 'empty'} while {output_dir}/ holds output" if has_output else None
    try:
        with closing(sqlite3.connect(str(path), timeout=30)) as connection:  # quick_check only reads
            verdict = connection.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        return f"damaged ({exc})"
    return None if verdict == "ok" else f"damaged ({verdict})"


class ArticleStore:
    """Articles written, by id, by every URL they were reached under, and by body text; page validators."""

    def __init__(self, path: Path | str) -> None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.connection = sqlite3.connect(str(path), isolation_level=None, timeout=30)  # autocommit
        self.connection.execute("PRAGMA journal_mode=WAL")
        # NORMAL in WAL mode survives any crash of the process; a power cut may undo the last commits, which
        # only makes the next run write those articles again (their lines were fsynced before they were marked)
        self.connection.execute("PRAGMA synchronous=NORMAL")
        self.connection.executescript(SCHEMA)
        self._add_later_columns()

    def find(self, article_id: str, url_keys: list[str], text_key: str | None) -> tuple[Known, str] | None:
        """The known article with this id, else reached under one of these URLs, else with this body; with
        how it matched ("id", "url" or "body")."""
        row = self._article("id = ?", article_id)
        if row is not None:
            return row, "id"
        for url_key in url_keys:
            found = self.connection.execute("SELECT article_id FROM urls WHERE url_key = ?", (url_key,)).fetchone()
            if found and found[0] and (row := self._article("id = ?", found[0])) is not None:
                return row, "url"
        if text_key and (row := self._article("body_key = ?", text_key)) is not None:
            return row, "body"
        return None

    def claim(self, article_id: str, version: int, owner: str | None = None) -> bool:
        """Reserve writing an article: always granted, one process holds the output directory's lock."""
        return True

    def mark_written(
        self, item: dict[str, Any], url_keys: list[str], text_key: str | None, run: str | None = None
    ) -> None:
        """Record an article as written, in its version and by which run, and link the URLs it was reached
        under."""
        with self.connection:
            self.connection.execute("BEGIN")
            self.connection.execute(
                "INSERT OR REPLACE INTO articles (id, canonical_url, body_key, modified_at, version, source_key,"
                " written_at, run) VALUES (?, ?, ?, ?, ?, ?, datetime('now'), ?)",
                (
                    item["id"],
                    item["canonical_url"],
                    text_key,
                    item.get("modified_at"),
                    item.get("version") or 1,
                    without_tracking(item["url"]),
                    run,
                ),
            )
            for url_key in url_keys:
                self.connection.execute(
                    "INSERT INTO urls (url_key, article_id) VALUES (?, ?)"
                    " ON CONFLICT (url_key) DO UPDATE SET article_id = excluded.article_id",
                    (url_key, item["id"]),
                )

    def validators(self, url_key: str) -> Validators | None:
        """The validators of a page whose article was written; None for any other page."""
        row = self.connection.execute(
            "SELECT etag, last_modified, lastmod FROM urls WHERE url_key = ? AND article_id IS NOT NULL", (url_key,)
        ).fetchone()
        return Validators(*row) if row else None

    def save_validators(self, url_key: str, etag: str | None, last_modified: str | None, lastmod: str | None) -> None:
        """Remember what a page answered; used only once its article is recorded as written."""
        self.connection.execute(
            "INSERT INTO urls (url_key, etag, last_modified, lastmod) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (url_key) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,"
            " lastmod = COALESCE(excluded.lastmod, urls.lastmod)",
            (url_key, etag, last_modified, lastmod),
        )

    def save_run(self, record: dict[str, Any], keep: int) -> None:
        """Keep a run's record, and only the last `keep` runs."""
        with self.connection:
            self.connection.execute("BEGIN")
            self.connection.execute(
                "INSERT OR REPLACE INTO runs (run_id, finished_at, record) VALUES (?, ?, ?)",
                (record["run_id"], record["finished_at"], json.dumps(record, ensure_ascii=False)),
            )
            self.connection.execute(
                "DELETE FROM runs WHERE run_id NOT IN (SELECT run_id FROM runs ORDER BY finished_at DESC LIMIT ?)",
                (keep,),
            )

    def recent_runs(self, limit: int) -> list[dict[str, Any]]:
        """The records of the last `limit` runs, newest first."""
        rows = self.connection.execute("SELECT record FROM runs ORDER BY finished_at DESC LIMIT ?", (limit,))
        return [json.loads(row[0]) for row in rows]

    def find_run(self, run_id: str) -> dict[str, Any] | None:
        row = self.connection.execute("SELECT record FROM runs WHERE run_id = ?", (run_id,)).fetchone()
        return json.loads(row[0]) if row else None

    def close(self) -> None:
        """Close the database."""
        self.connection.close()

    def _article(self, where: str, value: str) -> Known | None:
        row = self.connection.execute(
            f"SELECT id, version, body_key, modified_at, source_key, run FROM articles WHERE {where} LIMIT 1", (value,)
        ).fetchone()
        return Known(*row) if row else None

    def _add_later_columns(self) -> None:
        for table, columns in LATER_COLUMNS.items():
            present = {row[1] for row in self.connection.execute(f"PRAGMA table_info({table})")}
            for name, declaration in columns.items():
                if name not in present:
                    self.connection.execute(f"ALTER TABLE {table} ADD COLUMN {name} {declaration}")
