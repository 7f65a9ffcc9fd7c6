"""The spidermon monitors of a run, run when the spider closes (SPIDERMON_SPIDER_CLOSE_MONITORS):

- each site's fields and body lengths against the site's own median over its last runs;
- the run as a whole: its share of failed pages, its finish reason, its write errors.

A failed monitor is logged with its reason, counted as newsspider/monitors/failed, and handed to the actions
of NEWSSPIDER_MONITOR_ACTIONS (spidermon's own: e-mail, Slack, a webhook...; none by default).
"""

from __future__ import annotations

import logging
import warnings
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import ScrapyDeprecationWarning
from scrapy.settings import BaseSettings
from spidermon import Monitor, MonitorSuite, monitors
from spidermon.core.actions import Action

from newsspider import keys
from newsspider.monitoring.compare import Thresholds, run_drops
from newsspider.monitoring.history import history_of
from newsspider.options import option, option_float, option_int

logger = logging.getLogger(__name__)
# unittest leaves the frames of a module holding __unittest out of a failure's report: spidermon then logs
# a failed monitor as its message, not as a traceback that reads like a crash
__unittest = True
# spidermon writes its log lines through Spider.log(), which Scrapy deprecated: one warning a run, not ours
warnings.filterwarnings("ignore", r"Spider\.log\(\) is deprecated", ScrapyDeprecationWarning)


def thresholds(settings: BaseSettings) -> Thresholds:
    """The NEWSSPIDER_MONITOR_* settings."""
    return Thresholds(
        window=option_int(settings, "NEWSSPIDER_MONITOR_RUNS"),
        min_articles=option_int(settings, "NEWSSPIDER_MONITOR_MIN_ARTICLES"),
        min_runs=option_int(settings, "NEWSSPIDER_MONITOR_MIN_RUNS"),
        max_coverage_drop=option_float(settings, "NEWSSPIDER_MONITOR_MAX_DROP"),
        max_words_drop=option_float(settings, "NEWSSPIDER_MONITOR_MAX_WORDS_DROP"),
    )


@monitors.name("Site health")
class SiteHealthMonitor(Monitor):
    """Each site extracts as well as it did over its last runs."""

    @monitors.name("No site lost a field")
    def test_no_site_lost_a_field(self) -> None:
        crawler = self.data.crawler
        history = history_of(crawler)
        if history is None or history.record is None:
            self.skipTest("NEWSSPIDER_HISTORY_RUNS is off")
            return
        drops = run_drops(history.record, history.past, thresholds(crawler.settings))
        for drop in drops:
            logger.warning("newsspider monitor: %s", drop.message())
            crawler.stats.inc_value(keys.MONITOR_DROPS)
        if drops:
            self.fail("; ".join(drop.message() for drop in drops))


@monitors.name("Run")
class RunMonitor(Monitor):
    """The run as a whole went as a run should."""

    @monitors.name("Failed pages within NEWSSPIDER_MAX_FAILED_SHARE")
    def test_failed_share(self) -> None:
        stats = self.data.stats
        failed = stats.get(keys.PAGES_FAILED, 0)
        pages = failed + stats.get(keys.PAGES_FETCHED, 0)
        limit = option_float(self.data.crawler.settings, "NEWSSPIDER_MAX_FAILED_SHARE")
        if pages and failed / pages > limit:
            self.fail(f"{failed} of {pages} pages failed ({failed / pages:.0%}, more than {limit:.0%})")

    @monitors.name("The run finished")
    def test_finish_reason(self) -> None:
        reason = self.data.stats.get("finish_reason")
        if reason != "finished":
            self.fail(f"the run ended with finish reason {reason!r}")

    @monitors.name("Items dropped as no article within NEWSSPIDER_MONITOR_MAX_DROPPED_SHARE")
    def test_items_dropped(self) -> None:
        stats = self.data.stats
        dropped = stats.get(keys.DROPPED_NON_ARTICLE, 0)  # pages taken for articles, then without title or body
        items = dropped + stats.get(keys.WRITTEN, 0) + stats.get(keys.DROPPED_DUPLICATE, 0)
        items += stats.get(keys.DROPPED_UNCHANGED, 0)
        limit = option_float(self.data.crawler.settings, "NEWSSPIDER_MONITOR_MAX_DROPPED_SHARE")
        if items and dropped / items > limit:
            self.fail(f"{dropped} of {items} items were dropped as no article ({dropped / items:.0%})")

    @monitors.name("Every article was written")
    def test_no_write_errors(self) -> None:
        errors = self.data.stats.get(keys.WRITE_ERRORS, 0)
        if errors:
            self.fail(f"{errors} articles could not be written")


class CountFailedMonitors(Action):
    """Count the failed monitors in the stats, where the run summary and the crawl's exit status read them."""

    def run_action(self) -> None:
        failed = self.result.monitors_failed_results
        self.data.crawler.stats.set_value(keys.MONITORS_FAILED, len(failed))
        for result in failed:
            logger.warning("newsspider: monitor failed: %s: %s", result.item.name, result.reason)


class NewsspiderMonitors(MonitorSuite):
    """The monitors of a newsspider run, with the failure actions of NEWSSPIDER_MONITOR_ACTIONS."""

    monitors = [SiteHealthMonitor, RunMonitor]  # noqa: RUF012 - spidermon declares it this way
    monitors_failed_actions = [CountFailedMonitors]  # noqa: RUF012

    def __init__(self, crawler: Crawler | None = None, **kwargs: Any) -> None:
        actions = list(option(crawler.settings, "NEWSSPIDER_MONITOR_ACTIONS")) if crawler else []
        super().__init__(crawler=crawler, monitors_failed_actions=actions, **kwargs)
