"""Item pipelines: validate, deduplicate against the embedded store, write JSON Lines. No extraction here."""

from __future__ import annotations

import json
import logging
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.statscollectors import StatsCollector

from newsspider.signals import article_written
from newsspider.store import ArticleStore, body_key
from newsspider.urls import canonical_form

logger = logging.getLogger(__name__)


class ValidatePipeline:
    """Drop pages that are no article: no title, or a body under NEWSSPIDER_MIN_BODY_CHARS."""

    def __init__(self, stats: StatsCollector, min_body_chars: int) -> None:
        self.stats = stats
        self.min_body_chars = min_body_chars

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePipeline:
        return cls(crawler.stats, crawler.settings.getint("NEWSSPIDER_MIN_BODY_CHARS", 250))

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        reason = None
        if not adapter.get("title"):
            reason = "no title"
        elif len(adapter.get("body") or "") < self.min_body_chars:
            reason = f"body under {self.min_body_chars} characters"
        if reason:
            self.stats.inc_value("newsspider/dropped/non_article")
            raise DropItem(f"non-article ({reason})", log_level="INFO")
        return item


class DeduplicatePipeline:
    """One record per article across URLs, variants, identical bodies and runs (SQLite store)."""

    def __init__(self, crawler: Crawler, store: ArticleStore) -> None:
        self.stats = crawler.stats
        self.store = store
        crawler.signals.connect(self.article_written, signal=article_written)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DeduplicatePipeline:
        path = state_path(crawler)
        if path is None:
            raise NotConfigured("NEWSSPIDER_STATE is off")
        return cls(crawler, ArticleStore(path))

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        known = self.store.find(adapter["id"], _url_keys(adapter), body_key(adapter["canonical_url"],
                                                                             adapter.get("body")))
        if known is not None:
            self.stats.inc_value("newsspider/dropped/duplicate")
            raise DropItem(f"duplicate of article {known}", log_level="DEBUG")
        return item

    def article_written(self, item: Any) -> None:
        """Record the article once its line is in the output."""
        adapter = ItemAdapter(item)
        self.store.mark_written(adapter.asdict(), _url_keys(adapter),
                                body_key(adapter["canonical_url"], adapter.get("body")))

    def close_spider(self) -> None:
        self.store.close()


class JsonLinesWriterPipeline:
    """Append each article as one UTF-8 JSON line to this run's file, flushed before it is marked seen."""

    def __init__(self, crawler: Crawler, output_dir: Path, fsync: bool) -> None:
        self.crawler = crawler
        self.output_dir = output_dir
        self.fsync = fsync
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        self.path = output_dir / f"{crawler.spider.name if crawler.spider else 'run'}-{stamp}.jsonl"
        self.fd: int | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> JsonLinesWriterPipeline:
        settings = crawler.settings
        return cls(crawler, Path(settings.get("NEWSSPIDER_OUTPUT_DIR", "output")),
                   settings.getbool("NEWSSPIDER_FSYNC", True))

    def process_item(self, item: Any) -> Any:
        line = json.dumps(ItemAdapter(item).asdict(), ensure_ascii=False, separators=(",", ":")) + "\n"
        self._write(line.encode("utf-8"))
        self.crawler.stats.inc_value("newsspider/written")
        self.crawler.signals.send_catch_log(signal=article_written, item=item)
        return item

    def close_spider(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            logger.info("Wrote %d articles to %s", self.crawler.stats.get_value("newsspider/written", 0),
                        self.path)

    def _create_file(self) -> int:
        """Create this run's file; never append to another run's (two runs in the same second)."""
        self.output_dir.mkdir(parents=True, exist_ok=True)
        stem, number = self.path.stem, 1
        while True:
            try:
                return os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND, 0o644)
            except FileExistsError:
                number += 1
                self.path = self.path.with_name(f"{stem}-{number}.jsonl")

    def _write(self, data: bytes) -> None:
        """One append per line: a crash leaves whole lines only (a line lost, never a half line)."""
        if self.fd is None:  # opened on the first article: a run that writes nothing leaves no file
            self.fd = self._create_file()
        view = memoryview(data)
        while view:
            view = view[os.write(self.fd, view):]
        if self.fsync:
            os.fsync(self.fd)


def state_path(crawler: Crawler) -> Path | None:
    """NEWSSPIDER_STATE, defaulting to state.sqlite in the output directory; None when set to ''."""
    settings = crawler.settings
    value = settings.get("NEWSSPIDER_STATE")
    if value == "":
        return None
    return Path(value) if value else Path(settings.get("NEWSSPIDER_OUTPUT_DIR", "output")) / "state.sqlite"


def _url_keys(adapter: ItemAdapter) -> list[str]:
    return sorted({canonical_form(adapter["url"]), adapter["canonical_url"]})
