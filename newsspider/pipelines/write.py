"""The writer pipeline: each article into every output sink, then recorded in the state store.

Writing is append, flush (and fsync), then record: a crash never leaves an article recorded as written that
is not in the output. A line a killed run wrote but did not record is recorded by the next run, unless
another worker of a distributed round wrote that article version since: then the line is left out.
"""

from __future__ import annotations

import logging
from enum import Enum
from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from newsspider import keys
from newsspider.downloadermiddlewares.capture import exchange_of
from newsspider.pipelines.dedup import url_keys
from newsspider.pipelines.sinks import Leftover, Sink, build_sinks
from newsspider.pipelines.stop import stop_run
from newsspider.signals import article_written
from newsspider.state import STORE_ERRORS, StateStore, body_key, run_id, store_for

logger = logging.getLogger(__name__)


class Fate(Enum):
    """What recovering a killed run's file does with one of its records."""

    RECORD = "record"  # keep it and record it as written
    KEEP = "keep"  # keep it; the store already knows a later version of its article
    LEAVE_OUT = "leave out"  # another run wrote this version of the article: a second copy


class WritePipeline:
    """Write each article through the sinks of NEWSSPIDER_SINKS, then record it as written."""

    def __init__(self, crawler: Crawler, sinks: list[Sink], store: StateStore | None) -> None:
        self.crawler = crawler
        self.sinks = sinks
        self.store = store
        self.run = run_id(crawler)
        self.unrecorded = False  # a record of this run's files is not in the state store

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WritePipeline:
        return cls(crawler, build_sinks(crawler), store_for(crawler))

    def open_spider(self) -> None:
        for sink in self.sinks:
            for leftover in sink.leftovers():
                self._recover(leftover)

    def _recover(self, leftover: Leftover) -> None:
        """Record the records a killed or failed run wrote but may not have recorded, then finish its file.
        A record whose version another run recorded since is left out: a surviving worker took over the
        killed worker's request and wrote it again. A file whose records cannot all be recorded (the disk
        still full) waits for the next run."""
        fates = [self._fate(record) for record in leftover.records]
        recorded = (record for record, fate in zip(leftover.records, fates, strict=True) if fate is Fate.RECORD)
        if all(self._record(record, record, recovered=True) for record in recorded):
            left_out = {position for position, fate in enumerate(fates) if fate is Fate.LEAVE_OUT}
            if left_out:
                self.crawler.stats.inc_value(keys.DROPPED_DUPLICATE, len(left_out))
                logger.info("Left out %d articles of an interrupted run that another run wrote", len(left_out))
            leftover.finish(left_out)

    def _fate(self, record: dict[str, Any]) -> Fate:
        """What recovery does with a killed run's record, from what the store knows of its article."""
        try:
            found = self.store.find(record["id"], [], None) if self.store is not None else None
        except STORE_ERRORS:  # recording it fails the same way, and stops the run
            return Fate.RECORD
        known, version = found[0] if found else None, record.get("version") or 1
        if known is None or known.version < version:
            return Fate.RECORD
        if known.version > version:  # a later version is recorded: keep the line, do not record it over
            return Fate.KEEP
        return Fate.RECORD if known.run in (None, record.get("run_id")) else Fate.LEAVE_OUT

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        record = adapter.asdict()
        exchange = exchange_of(item)
        try:
            for sink in self.sinks:
                sink.write(record, exchange)
        except OSError as exc:  # disk full, read-only, quota: stop in one line, mark nothing as written
            stop_run(self.crawler, f"cannot write article {adapter.get('id')}: {exc}")
            raise DropItem(f"not written: {exc}", log_level="DEBUG") from exc
        adapter.update(record)  # the fields a sink added: where the WARC file holds the page
        stats = self.crawler.stats
        stats.inc_value(keys.WRITTEN)
        stats.inc_value(keys.WRITTEN_NEW if adapter.get("version", 1) == 1 else keys.WRITTEN_UPDATED)
        self._record(item, record)
        return item

    def close_spider(self) -> None:
        for sink in self.sinks:
            sink.close(finish=not self.unrecorded)

    def _record(self, item: Any, record: dict[str, Any], recovered: bool = False) -> bool:
        """Record the article (its record: as written) in the state store (recovered: written by a killed
        run), then tell the components that wait for it. A store that cannot record it stops the run, and the
        files stay unfinished so that the next run records their records (else they would be written again)."""
        adapter = ItemAdapter(record)
        if self.store is not None:
            try:
                self.store.mark_written(
                    record,
                    url_keys(adapter),
                    body_key(record["canonical_url"], record.get("body")),
                    run=None if recovered else self.run,
                )
            except STORE_ERRORS as exc:
                self.unrecorded = True
                self.crawler.stats.inc_value(keys.STORE_FAILURES)
                stop_run(self.crawler, f"the state store could not record article {adapter.get('id')}: {exc}")
                return False
        self.crawler.signals.send_catch_log(signal=article_written, item=item, recovered=recovered)
        return True
