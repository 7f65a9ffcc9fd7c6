"""What every state store is: the StateStore protocol, the records it returns, and the errors it raises."""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urlsplit

from newsspider.text import squash

# What a state store raises when its disk is full or its file damaged (sqlite3; redis raises OSErrors).
STORE_ERRORS = (sqlite3.Error, OSError)


class StateStore(Protocol):
    """What the pipelines and middlewares need of a state store (SQLite in sqlite.py, Redis in redis.py)."""

    def find(self, article_id: str, url_keys: list[str], text_key: str | None) -> tuple[Known, str] | None: ...
    def claim(self, article_id: str, version: int, owner: str | None = None) -> bool: ...
    def mark_written(
        self, item: dict[str, Any], url_keys: list[str], text_key: str | None, run: str | None = None
    ) -> None: ...
    def validators(self, url_key: str) -> Validators | None: ...
    def save_validators(
        self, url_key: str, etag: str | None, last_modified: str | None, lastmod: str | None
    ) -> None: ...
    # the run history (newsspider/monitoring): one JSON record per run, the last `keep` kept
    def save_run(self, record: dict[str, Any], keep: int) -> None: ...
    def recent_runs(self, limit: int) -> list[dict[str, Any]]: ...  # newest first
    def find_run(self, run_id: str) -> dict[str, Any] | None: ...
    def close(self) -> None: ...


@dataclass(frozen=True)
class Known:
    """What the store knows of an article."""

    id: str
    version: int
    body_key: str | None
    modified_at: str | None
    source_key: str | None
    run: str | None = None  # the run that wrote it


@dataclass(frozen=True)
class Validators:
    """What a page answered when its article was last written: for a conditional request next time."""

    etag: str | None
    last_modified: str | None
    lastmod: str | None


def body_key(canonical_url: str, body: str | None) -> str | None:
    """Fingerprint of an article's text within its site; None for an empty body."""
    words = squash(body or "").casefold()
    if not words:
        return None
    site = (urlsplit(canonical_url).hostname or "").removeprefix("www.")
    return hashlib.sha1(f"{site}\n{words}".encode()).hexdigest()
