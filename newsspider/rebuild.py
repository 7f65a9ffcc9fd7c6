"""`scrapy rebuild-state`: a new state store rebuilt from the JSON Lines output, so that versions go on."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from itemadapter import ItemAdapter
from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from newsspider.commands.crawl import EXIT_BAD_ARGUMENTS, EXIT_FAILED, acquire_lock
from newsspider.options import option
from newsspider.pipelines.dedup import url_keys
from newsspider.state import ArticleStore, body_key, store_path


class Command(ScrapyCommand):
    """Record every article of NEWSSPIDER_OUTPUT_DIR/*.jsonl, oldest file first, in a new state store."""

    requires_project = True
    default_settings = {"LOG_ENABLED": False}  # noqa: RUF012 - the base class declares it this way

    def syntax(self) -> str:
        return ""

    def short_desc(self) -> str:
        return "Rebuild the state store from the JSON Lines output (after a damaged store was moved aside)"

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        output_dir = Path(option(self.settings, "NEWSSPIDER_OUTPUT_DIR"))
        path = store_path(self.settings)
        if args or path is None:
            raise UsageError("takes no arguments, and needs NEWSSPIDER_STATE (the SQLite store) on")
        if path.exists() and path.stat().st_size:
            print(f"scrapy rebuild-state: error: {path} exists; move it aside first", file=sys.stderr)
            self.exitcode = EXIT_BAD_ARGUMENTS
            return
        lock = acquire_lock(output_dir)
        if lock is None:
            print(f"scrapy rebuild-state: error: a crawl is running on {output_dir}/", file=sys.stderr)
            self.exitcode = EXIT_FAILED
            return
        try:
            path.unlink(missing_ok=True)
            articles, files = rebuild(ArticleStore(path), sorted(output_dir.glob("*.jsonl")))
        finally:
            os.close(lock)
        print(f"rebuilt {path}: {articles} articles, {files} output file(s)")


def rebuild(store: ArticleStore, files: list[Path]) -> tuple[int, int]:
    """Record the records of these files in order (a later version replaces an earlier one)."""
    ids: set[str] = set()
    try:
        for file in files:
            for record in _records(file):
                adapter = ItemAdapter(record)
                store.mark_written(record, url_keys(adapter), body_key(record["canonical_url"], record.get("body")))
                ids.add(record["id"])
    finally:
        store.close()
    return len(ids), len(files)


def _records(file: Path) -> list[dict[str, Any]]:
    """The article records of one output file; a line that is no article record is skipped, with a word."""
    records = []
    for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
        try:
            record = json.loads(line)
        except ValueError:
            record = None
        if isinstance(record, dict) and record.get("id") and record.get("canonical_url") and record.get("url"):
            records.append(record)
        else:
            print(f"scrapy rebuild-state: {file}:{number}: not an article record, skipped", file=sys.stderr)
    return records
