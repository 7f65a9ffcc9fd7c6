"""Item pipelines: validate, keep state (dedup and versions) in the embedded store, write JSON Lines.

No extraction here. Writing is append, flush (and fsync), then mark seen: a crash never leaves an article
recorded as written that is not in the output.
"""

from __future__ import annotations

import json
import logging
import os
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.statscollectors import StatsCollector
from scrapy.utils.defer import deferred_from_coro
from twisted.python.failure import Failure

from newsspider.discovery import is_newer
from newsspider.signals import article_unchanged, article_written
from newsspider.state import STORE_ERRORS, Known, StateStore, body_key, store_for
from newsspider.stats import DROPPED_NON_ARTICLE, STORE_FAILURES
from newsspider.urls import canonical_form, without_tracking

logger = logging.getLogger(__name__)
PART_SUFFIX = ".part"  # a file still being written; renamed when its run ends


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
            self.stats.inc_value(DROPPED_NON_ARTICLE)
            raise DropItem(f"non-article ({reason})", log_level="INFO")
        return item


class DeduplicatePipeline:
    """One record per article across URLs, variants, identical bodies and runs; a changed article is written
    again with the same id and its version one higher (SQLite store)."""

    def __init__(self, crawler: Crawler, store: StateStore) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.store = store
        self.signals = crawler.signals
        self.run = uuid.uuid4().hex  # marks the articles this run writes: a second copy is a duplicate
        crawler.signals.connect(self.article_written, signal=article_written)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DeduplicatePipeline:
        store = store_for(crawler)
        if store is None:
            raise NotConfigured("NEWSSPIDER_STATE is off")
        return cls(crawler, store)

    def process_item(self, item: Any) -> Any:
        try:
            return self._deduplicate(item)
        except STORE_ERRORS as exc:  # a full disk, a damaged file: one line, and the run stops
            self._store_failed(f"the state store failed: {exc}")
            raise DropItem(f"not checked against the state store: {exc}", log_level="DEBUG") from exc

    def _deduplicate(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        found = self.store.find(adapter["id"], url_keys(adapter), body_key(adapter["canonical_url"],
                                                                             adapter.get("body")))
        if found is None:
            adapter["version"] = 1
        else:
            known, match = found
            if (match == "body" and known.id != adapter["id"]) or known.run == self.run:
                self._drop("duplicate", f"duplicate of article {known.id}")
            if not changed(known, adapter):
                self.signals.send_catch_log(signal=article_unchanged, item=item)
                self._drop("unchanged", f"unchanged article {known.id}")
            adapter["id"], adapter["version"] = known.id, known.version + 1
        if not self.store.claim(adapter["id"], adapter["version"]):  # another worker is writing it
            self._drop("duplicate", f"article {adapter['id']} written by another worker")
        return item

    def article_written(self, item: Any, recovered: bool = False) -> bool:
        """Record the article once its line is in the output (recovered: written by a killed run); whether
        the store took it (the writer keeps its file unfinished when it did not)."""
        adapter = ItemAdapter(item)
        try:
            self.store.mark_written(adapter.asdict(), url_keys(adapter),
                                    body_key(adapter["canonical_url"], adapter.get("body")),
                                    run=None if recovered else self.run)
        except STORE_ERRORS as exc:
            self._store_failed(f"the state store could not record article {adapter.get('id')}: {exc}")
            return False
        return True

    def _store_failed(self, message: str) -> None:
        self.stats.inc_value(STORE_FAILURES)
        stop_run(self.crawler, message)

    def _drop(self, kind: str, message: str) -> None:
        self.stats.inc_value(f"newsspider/dropped/{kind}")
        raise DropItem(message, log_level="DEBUG")


class JsonLinesWriterPipeline:
    """Append each article as one UTF-8 JSON line to this run's file, flushed before it is marked seen.

    The file is written as output/<spider>-<UTC time>.jsonl.part and renamed without the .part suffix when
    the run ends, so a reader only ever picks up complete files; the .part file of a killed run is
    recovered (whole lines kept) by the next run.
    """

    def __init__(self, crawler: Crawler, output_dir: Path, fsync: bool) -> None:
        self.crawler = crawler
        self.output_dir = output_dir
        self.fsync = fsync
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        # the spider class's name, never `-a name=`: output paths come from settings only
        spider_name = type(crawler.spider).name if crawler.spider else "run"
        self.path = output_dir / f"{spider_name}-{stamp}.jsonl"
        self.fd: int | None = None
        self.broken = False
        self.unrecorded = False  # a line of this run's file is not in the state store

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> JsonLinesWriterPipeline:
        settings = crawler.settings
        return cls(crawler, Path(settings.get("NEWSSPIDER_OUTPUT_DIR", "output")),
                   settings.getbool("NEWSSPIDER_FSYNC", True))

    def open_spider(self) -> None:
        # Lines a killed or failed run wrote but may not have recorded: record them, then give the file its
        # final name; a file whose lines cannot all be recorded (the disk still full) waits for the next run.
        for part in sorted(self.output_dir.glob(f"*.jsonl{PART_SUFFIX}")):
            if all(self._record(record, recovered=True) for record in whole_records(part)):
                finish_part_file(part)

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        line = json.dumps(adapter.asdict(), ensure_ascii=False, separators=(",", ":")) + "\n"
        try:
            self._write(line.encode("utf-8"))
        except OSError as exc:  # disk full, read-only, quota: stop in one line, mark nothing as written
            stop_run(self.crawler, f"cannot write {self._part_path}: {exc}")
            raise DropItem(f"not written: {exc}", log_level="DEBUG") from exc
        stats = self.crawler.stats
        stats.inc_value("newsspider/written")
        stats.inc_value("newsspider/written/new" if adapter.get("version", 1) == 1 else "newsspider/written/updated")
        self._record(item)
        return item

    def _record(self, item: Any, recovered: bool = False) -> bool:
        """Tell the state store the article is written; a store that cannot record it stops the run, and
        the file keeps its .part name so that the next run records its lines (else they would be written
        again)."""
        results = self.crawler.signals.send_catch_log(signal=article_written, item=item, recovered=recovered)
        if any(isinstance(result, Failure) or result is False for _, result in results):
            self.unrecorded = True
            stop_run(self.crawler, f"article {ItemAdapter(item).get('id')} written but not recorded")
            return False
        return True

    def close_spider(self) -> None:
        if self.fd is None:
            return
        os.close(self.fd)
        if self.unrecorded:
            logger.error("Left %s as it is: the next run records its lines, then renames it", self._part_path.name)
            return
        os.replace(self._part_path, self.path)
        logger.info("Wrote %d articles to %s", self.crawler.stats.get_value("newsspider/written", 0), self.path)

    @property
    def _part_path(self) -> Path:
        return self.path.with_name(self.path.name + PART_SUFFIX)

    def _create_file(self) -> int:
        """Create this run's file; never append to another run's (two runs in the same second)."""
        self.output_dir.mkdir(parents=True, exist_ok=True)
        stem, number = self.path.stem, 1
        while True:
            if not self.path.exists():
                try:
                    return os.open(self._part_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND, 0o644)
                except FileExistsError:
                    pass
            number += 1
            self.path = self.path.with_name(f"{stem}-{number}.jsonl")

    def _write(self, data: bytes) -> None:
        """One append per line: a failed write is cut back, and no line is written after it."""
        if self.broken:
            raise OSError(f"{self._part_path} failed earlier in this run")
        if self.fd is None:  # opened on the first article: a run that writes nothing leaves no file
            self.fd = self._create_file()
        start = os.lseek(self.fd, 0, os.SEEK_END)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(self.fd, view):]
            if self.fsync:
                os.fsync(self.fd)
        except OSError:
            self.broken = True
            os.ftruncate(self.fd, start)  # no half line left in the output
            raise


def stop_run(crawler: Crawler, reason: str) -> None:
    """Stop the run on an output or store failure: one error line, however many items fail after it."""
    crawler.stats.inc_value("newsspider/write_errors")
    if crawler.stats.get_value("newsspider/write_errors") == 1:
        logger.error("%s; stopping the run", reason)
        if crawler.crawling:
            deferred_from_coro(crawler.engine.close_spider_async(reason="write_error"))


def whole_records(part: Path) -> list[dict[str, Any]]:
    """The records of a killed run's file: its whole lines that parse (a cut last line is dropped)."""
    records = []
    for line in part.read_bytes().split(b"\n")[:-1]:
        try:
            records.append(json.loads(line))
        except ValueError:
            logger.warning("Skipping an unreadable line of %s", part.name)
    return records


def finish_part_file(part: Path) -> None:
    """Cut a killed run's file after its last whole line and give it its final name (or remove it)."""
    data = part.read_bytes()
    whole = data[: data.rfind(b"\n") + 1]
    if not whole:
        part.unlink()
        return
    if len(whole) != len(data):
        with part.open("r+b") as handle:
            handle.truncate(len(whole))
    final = part.with_name(part.name.removesuffix(PART_SUFFIX))
    os.replace(part, final)
    logger.info("Recovered %s from an interrupted run", final.name)


def changed(known: Known, adapter: ItemAdapter) -> bool:
    """Whether an article differs from the version written before: a later modified_at, or another body
    from the same page (a variant page, AMP or print, words the same article differently)."""
    modified = adapter.get("modified_at")
    if modified and known.modified_at and is_newer(modified, known.modified_at):
        return True
    same_page = known.source_key in (None, without_tracking(adapter["url"]))
    return same_page and body_key(adapter["canonical_url"], adapter.get("body")) != known.body_key


def url_keys(adapter: ItemAdapter) -> list[str]:
    """The keys of the URLs an article was reached under: the fetched one and the canonical one."""
    return sorted({canonical_form(adapter["url"]), adapter["canonical_url"]})
