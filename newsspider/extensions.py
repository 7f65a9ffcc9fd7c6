"""Extensions: the one-line run summary and the run's verdict (did it fail?)."""

from __future__ import annotations

import logging

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.statscollectors import StatsCollector
from twisted.python.failure import Failure

from newsspider import keys
from newsspider.options import option_bool, option_float

logger = logging.getLogger(__name__)


class RunSummary:
    """Log one line at the end of a run (new, updated, unchanged, duplicates, non-articles, failed), and mark
    the run failed when nothing could be fetched or more than NEWSSPIDER_MAX_FAILED_SHARE of requests failed."""

    def __init__(self, crawler: Crawler, max_failed_share: float) -> None:
        self.crawler = crawler
        self.max_failed_share = max_failed_share
        # logged once the engine stopped: after Scrapy's own closing lines, the summary is the run's last line
        crawler.signals.connect(self.engine_stopped, signal=signals.engine_stopped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunSummary:
        if not option_bool(crawler.settings, "NEWSSPIDER_SUMMARY"):
            raise NotConfigured
        return cls(crawler, option_float(crawler.settings, "NEWSSPIDER_MAX_FAILED_SHARE"))

    def engine_stopped(self) -> None:
        stats = self.crawler.stats
        assert stats is not None
        reason = str(stats.get_value("finish_reason", "unknown"))
        failed = failed_requests(stats)
        kinds = failures_by_kind(stats)
        if kinds:
            logger.info("newsspider failures: %s", " ".join(f"{kind}={count}" for kind, count in kinds.items()))
        pages = non_articles_by_kind(stats)
        if pages:
            logger.info("newsspider non-articles: %s", " ".join(f"{kind}={count}" for kind, count in pages.items()))
        if stats.get_value(keys.URL_LIST_URLS) is not None:  # a URL-list run: what its file held
            logger.info(
                "newsspider URL list: urls=%d duplicates=%d malformed=%d",
                stats.get_value(keys.URL_LIST_URLS, 0),
                stats.get_value(keys.URL_LIST_DUPLICATES, 0),
                stats.get_value(keys.URL_LIST_MALFORMED, 0),
            )
        logger.info(
            "newsspider summary: new=%d updated=%d unchanged=%d duplicates=%d non_articles=%d failed=%d "
            "(finish reason: %s)",
            stats.get_value(keys.WRITTEN_NEW, 0),
            stats.get_value(keys.WRITTEN_UPDATED, 0),
            stats.get_value(keys.DROPPED_UNCHANGED, 0)
            + stats.get_value(keys.NOT_MODIFIED, 0)
            + stats.get_value(keys.LASTMOD_UNCHANGED, 0),
            stats.get_value(keys.DROPPED_DUPLICATE, 0),
            sum(pages.values()),
            failed,
            reason,
        )
        verdict = self.verdict(stats, reason)
        if verdict:
            stats.set_value(keys.RUN_FAILED, verdict)
            logger.error("newsspider: the run failed: %s", verdict)

    def verdict(self, stats: StatsCollector, reason: str) -> str | None:
        """Why the run failed, or None."""
        requests = stats.get_value("downloader/request_count", 0)
        responses = stats.get_value("downloader/response_count", 0)
        if stats.get_value(keys.WRITE_ERRORS, 0) or reason == "write_error":
            return "articles could not be written"
        if requests and (not responses or responses == stats.get_value("downloader/response_status_count/404", 0)):
            return "nothing could be fetched"  # (no request at all is no failure: other workers had the work)
        start_pages = stats.get_value(keys.START_PAGES, 0)
        if start_pages and stats.get_value(keys.START_PAGES_FAILED, 0) == start_pages:
            return f"every start page failed ({start_pages})"
        pages_failed = stats.get_value(keys.PAGES_FAILED, 0)
        pages = pages_failed + stats.get_value(keys.PAGES_FETCHED, 0)  # pages, on one basis: robots and sitemaps aside
        if pages and pages_failed / pages > self.max_failed_share:
            return f"{pages_failed} of {pages} pages failed"
        return None


def non_articles_by_kind(stats: StatsCollector) -> dict[str, int]:
    """Pages that were not written as articles, by kind (listing, forum...; "thin" for items dropped by
    validation: no title or too short a body)."""
    kinds = {
        key.removeprefix(keys.NON_ARTICLE): int(value)
        for key, value in stats.get_stats().items()
        if key.startswith(keys.NON_ARTICLE) and value
    }
    if stats.get_value(keys.DROPPED_NON_ARTICLE):
        kinds["thin"] = int(stats.get_value(keys.DROPPED_NON_ARTICLE))
    return dict(sorted(kinds.items()))


def failed_requests(stats: StatsCollector) -> int:
    """Requests that ended in a network error or a server error (not 404s: guessed sitemap places; not
    requests skipped on purpose, which Scrapy counts as exceptions too)."""
    server_errors = sum(
        value for key, value in stats.get_stats().items() if key.startswith("downloader/response_status_count/5")
    )
    ignored = stats.get_value("downloader/exception_type_count/scrapy.exceptions.IgnoreRequest", 0)
    return int(stats.get_value("downloader/exception_count", 0) - ignored + server_errors)


# Exception type names (as in downloader/exception_type_count/...) -> the kind of failure they are.
EXCEPTION_KINDS = (
    ("PrivateAddress", "private_address"),
    ("DataLoss", "data_loss"),
    ("Timeout", "timeout"),
    ("TimedOut", "timeout"),
    ("Cancelled", "too_large"),
    ("DNSLookup", "dns"),
    ("ConnectionRefused", "refused"),
    ("CannotResolveHost", "dns"),
    ("ResponseNeverReceived", "reset"),
    ("ConnectionLost", "reset"),
    ("ResponseFailed", "reset"),
    ("DownloadFailed", "reset"),
    ("ConnectionDone", "reset"),
)
# Other stats that count a failure of one kind.
STAT_KINDS = {
    "offsite/filtered": "offsite",
    "robotstxt/forbidden": "robots",
    keys.PRIVATE_ADDRESS: "private_address",
    "retry/max_reached": "gave_up",
    keys.WRITE_ERRORS: "write",
    keys.REDIRECTS_ABANDONED: "redirects",
    keys.EXTRACT_TIMEOUT: "extract_timeout",
}


def failures_by_kind(stats: StatsCollector) -> dict[str, int]:
    """Counts of failed requests by kind: timeouts, resets, HTTP errors, limits, offsite, robots..."""
    kinds: dict[str, int] = {}
    for key, value in stats.get_stats().items():
        kind = _kind(key)
        if kind and value:
            kinds[kind] = kinds.get(kind, 0) + int(value)
    return dict(sorted(kinds.items()))


def _kind(key: str) -> str | None:
    if key.startswith("downloader/exception_type_count/"):
        name = key.rsplit(".", 1)[-1]
        return next((kind for marker, kind in EXCEPTION_KINDS if marker in name), None)
    if key.startswith("downloader/response_status_count/"):
        status = key.rsplit("/", 1)[-1]
        return "http_429" if status == "429" else "http_5xx" if status.startswith("5") else None
    return STAT_KINDS.get(key)


def failure_kind(failure: Failure) -> str:
    """The kind of one failed request, as failures_by_kind names them (http_404, timeout, reset...)."""
    if isinstance(failure.value, HttpError):
        status = failure.value.response.status
        return "http_5xx" if 500 <= status < 600 else f"http_{status}"
    name = type(failure.value).__name__
    return next((kind for marker, kind in EXCEPTION_KINDS if marker in name), name)
