"""The run summary: its one-line count of the run, failures by kind, and the run's verdict."""

from __future__ import annotations

import logging

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.statscollectors import StatsCollector
from scrapy.utils.test import get_crawler

from newsspider.extensions import RunSummary, failed_requests, failures_by_kind, non_articles_by_kind

EXCEPTIONS = "downloader/exception_type_count/"
FAILURES = {
    "downloader/exception_count": 6,
    EXCEPTIONS + "twisted.internet.error.TimeoutError": 2,
    EXCEPTIONS + "twisted.internet.error.TCPTimedOutError": 1,
    EXCEPTIONS + "twisted.internet.error.DNSLookupError": 1,
    EXCEPTIONS + "scrapy.exceptions.IgnoreRequest": 2,
    "downloader/response_status_count/503": 2,
    "downloader/response_status_count/500": 1,
    "downloader/response_status_count/429": 4,
    "downloader/response_status_count/404": 9,
    "robotstxt/forbidden": 3,
}


def stopped_run(stats: dict[str, int], caplog: pytest.LogCaptureFixture, **settings: float) -> StatsCollector:
    """Stats of a run after RunSummary saw the engine stop."""
    crawler = get_crawler(settings_dict=settings)
    summary = RunSummary.from_crawler(crawler)
    assert crawler.stats is not None
    crawler.stats.set_stats({"finish_reason": "finished", **stats})
    with caplog.at_level(logging.INFO, logger="newsspider.extensions"):
        summary.engine_stopped()
    return crawler.stats


def collected(stats: dict[str, int]) -> StatsCollector:
    collector = StatsCollector(get_crawler())
    collector.set_stats(dict(stats))
    return collector


def test_the_summary_can_be_switched_off() -> None:
    with pytest.raises(NotConfigured):
        RunSummary.from_crawler(get_crawler(settings_dict={"NEWSSPIDER_SUMMARY": False}))


def test_a_healthy_run_logs_its_counts_and_does_not_fail(caplog: pytest.LogCaptureFixture) -> None:
    stats = {
        "downloader/request_count": 12,
        "downloader/response_count": 12,
        "newsspider/pages/fetched": 10,
        "newsspider/written/new": 5,
        "newsspider/written/updated": 2,
        "newsspider/dropped/unchanged": 1,
        "newsspider/not_modified": 2,
        "newsspider/dropped/duplicate": 1,
        "newsspider/non_article/listing": 3,
        "downloader/exception_count": 2,
        EXCEPTIONS + "twisted.internet.error.TimeoutError": 2,
        "downloader/response_status_count/503": 1,
    }
    result = stopped_run(stats, caplog)
    assert caplog.messages == [
        "newsspider failures: http_5xx=1 timeout=2",
        "newsspider non-articles: listing=3",
        "newsspider summary: new=5 updated=2 unchanged=3 duplicates=1 non_articles=3 failed=3"
        " (finish reason: finished)",
    ]
    assert result.get_value("newsspider/run_failed") is None


@pytest.mark.parametrize(
    ("stats", "verdict"),
    [
        (
            {"downloader/request_count": 4, "downloader/response_count": 4, "downloader/response_status_count/404": 4},
            "nothing could be fetched",
        ),
        (
            {"downloader/response_count": 10, "newsspider/pages/fetched": 4, "newsspider/pages/failed": 6},
            "6 of 10 pages failed",
        ),
        ({"newsspider/pages/start": 2, "newsspider/pages/start_failed": 2}, "every start page failed (2)"),
        ({"newsspider/write_errors": 1}, "articles could not be written"),
    ],
)
def test_a_failed_run_says_why(stats: dict[str, int], verdict: str, caplog: pytest.LogCaptureFixture) -> None:
    result = stopped_run(stats, caplog)
    assert result.get_value("newsspider/run_failed") == verdict
    assert caplog.records[-1].levelno == logging.ERROR
    assert verdict in caplog.messages[-1]


def test_the_failed_share_is_read_from_the_settings(caplog: pytest.LogCaptureFixture) -> None:
    stats = {"downloader/response_count": 10, "newsspider/pages/fetched": 7, "newsspider/pages/failed": 3}
    assert stopped_run(stats, caplog).get_value("newsspider/run_failed") is None
    strict = stopped_run(stats, caplog, NEWSSPIDER_MAX_FAILED_SHARE=0.2)
    assert strict.get_value("newsspider/run_failed") == "3 of 10 pages failed"


def test_failures_are_counted_by_kind() -> None:
    assert failures_by_kind(collected(FAILURES)) == {"dns": 1, "http_429": 4, "http_5xx": 3, "robots": 3, "timeout": 3}


def test_failed_requests_leave_out_404s_and_ignored_requests() -> None:
    assert failed_requests(collected(FAILURES)) == 7  # 4 network errors and 3 server errors


def test_non_articles_are_counted_by_kind_with_thin_items() -> None:
    stats = collected(
        {
            "newsspider/non_article/listing": 4,
            "newsspider/non_article/forum": 1,
            "newsspider/non_article/gallery": 0,
            "newsspider/dropped/non_article": 2,
        }
    )
    assert non_articles_by_kind(stats) == {"forum": 1, "listing": 4, "thin": 2}
