"""Progress of long runs: a bar on a terminal, log lines otherwise."""

from __future__ import annotations

import io
import logging
import sys

import pytest
from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from newsspider import progress
from newsspider.monitoring.progress import CrawlProgress
from newsspider.progress import Progress, format_seconds
from newsspider.signals import article_written, page_failed


def test_without_a_terminal_progress_is_logged_with_the_rate_and_time_left(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(progress, "LOG_EVERY_SECONDS", 0.0)
    caplog.set_level(logging.INFO, logger="newsspider.progress")
    counter = Progress("Re-extracted", "pages", 10, terminal=False)
    counter.advance(4)
    [line] = [record.getMessage() for record in caplog.records]
    assert line.startswith("Re-extracted 4 of 10 pages (")
    assert " pages/s, " in line and line.endswith(" left)")


def test_on_a_terminal_a_bar_counts_the_pages(capsys: pytest.CaptureFixture[str]) -> None:
    counter = Progress("Re-extracted", "pages", 3, terminal=True)
    for _ in range(3):
        counter.advance()
    counter.close()
    shown = capsys.readouterr().err
    assert "Re-extracted" in shown and "3/3" in shown


@pytest.mark.parametrize(("seconds", "shown"), [(12.4, "12s"), (200, "3m20s"), (3720, "1h02m"), (float("inf"), "?")])
def test_time_left_is_written_for_people(seconds: float, shown: str) -> None:
    assert format_seconds(seconds) == shown


class Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def test_a_crawl_on_a_terminal_shows_pages_articles_and_failures(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    crawler = get_crawler(settings_dict={})
    line = CrawlProgress.from_crawler(crawler)
    send = crawler.signals.send_catch_log
    for _ in range(3):
        send(signal=signals.response_received)
    send(signal=article_written, item={}, recovered=False)
    send(signal=article_written, item={}, recovered=True)  # a killed run's: not this run's
    send(signal=page_failed, url="https://example.com/gone", kind="timeout")
    line.spider_closed()
    shown = terminal.getvalue()
    assert "Crawled" in shown and "3 pages" in shown
    assert "articles=1" in shown and "failed=1" in shown


def test_off_a_terminal_the_crawl_shows_no_bar(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    with pytest.raises(NotConfigured):
        CrawlProgress.from_crawler(get_crawler(settings_dict={}))
