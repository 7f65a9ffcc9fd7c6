"""The run history: each run's health per site, tallied as the run goes and kept in the state store when it
ends (the last NEWSSPIDER_HISTORY_RUNS runs), for the monitors and the report."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from newsspider import keys
from newsspider.extensions import non_articles_by_kind
from newsspider.monitoring.health import HealthTally, RunRecord
from newsspider.options import option, option_bool, option_int
from newsspider.signals import article_written, page_failed, page_not_article
from newsspider.state import STORE_ERRORS, StateStore, run_id, store_for

logger = logging.getLogger(__name__)
_HISTORIES: WeakKeyDictionary[Crawler, RunHistory] = WeakKeyDictionary()


class RunHistory:
    """Tally the run's articles, non-articles and failures per site; store the run's record at its end."""

    def __init__(self, crawler: Crawler, keep: int) -> None:
        self.crawler = crawler
        self.keep = keep
        self.tally = HealthTally()
        self.started_at = datetime.now(UTC)
        self.store: StateStore | None = None
        self.record: RunRecord | None = None  # once the run ended
        self.past: list[RunRecord] = []  # the runs before this one, newest first
        _HISTORIES[crawler] = self
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(self.article_written, signal=article_written)
        crawler.signals.connect(self.tally.add_non_article, signal=page_not_article)
        crawler.signals.connect(self.tally.add_failure, signal=page_failed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunHistory:
        keep = option_int(crawler.settings, "NEWSSPIDER_HISTORY_RUNS")
        if keep <= 0:
            raise NotConfigured
        return cls(crawler, keep)

    def spider_opened(self) -> None:
        # opened here, before the pipelines open it: the store closes on spider_closed after this extension's
        # handler has run
        self.store = store_for(self.crawler)

    def article_written(self, item: Any, recovered: bool = False) -> None:
        if not recovered:  # a killed run's article belongs to that run
            self.tally.add_article(ItemAdapter(item).asdict())

    def spider_closed(self, reason: str) -> None:
        self.record = self.run_record(reason)
        if self.store is None:
            return
        try:
            self.past = [RunRecord.from_json(data) for data in self.store.recent_runs(self.keep)]
            self.store.save_run(self.record.to_json(), self.keep)
        except STORE_ERRORS as exc:
            self.crawler.stats.inc_value(keys.STORE_FAILURES)
            logger.error("Could not keep the run's history in the state store: %s", exc)
        if option_bool(self.crawler.settings, "NEWSSPIDER_REPORT"):
            self.write_report()

    def write_report(self) -> None:
        """The run's HTML report, beside its output; a report that cannot be written costs a log line only."""
        from newsspider.monitoring.monitors import thresholds  # spidermon is imported only for a report
        from newsspider.monitoring.report import write_report

        assert self.record is not None
        output_dir = Path(option(self.crawler.settings, "NEWSSPIDER_OUTPUT_DIR"))
        try:
            path = write_report(output_dir, self.record, self.past, thresholds(self.crawler.settings))
        except OSError as exc:
            logger.error("Could not write the run's report: %s", exc)
            return
        logger.info("Wrote the run's report to %s", path)

    def run_record(self, reason: str) -> RunRecord:
        stats = self.crawler.stats
        summary = {
            "new": stats.get_value(keys.WRITTEN_NEW, 0),
            "updated": stats.get_value(keys.WRITTEN_UPDATED, 0),
            "unchanged": stats.get_value(keys.DROPPED_UNCHANGED, 0) + stats.get_value(keys.NOT_MODIFIED, 0),
            "duplicates": stats.get_value(keys.DROPPED_DUPLICATE, 0),
            "non_articles": sum(non_articles_by_kind(stats).values()),
            "pages_fetched": stats.get_value(keys.PAGES_FETCHED, 0),
            "pages_failed": stats.get_value(keys.PAGES_FAILED, 0),
        }
        spider = self.crawler.spider
        return RunRecord(
            run_id=run_id(self.crawler),
            spider=type(spider).name if spider else "run",  # the class's: `-a name=` never names output
            started_at=self.started_at.replace(microsecond=0).isoformat(),
            finished_at=datetime.now(UTC).replace(microsecond=0).isoformat(),
            finish_reason=reason,
            summary={name: int(value) for name, value in summary.items()},
            sites=self.tally.sites(),
        )


def history_of(crawler: Crawler) -> RunHistory | None:
    """The run history extension of a crawler, if it is on."""
    return _HISTORIES.get(crawler)
