"""A page that takes long to read: extraction runs off the reactor thread, a page past
NEWSSPIDER_EXTRACT_TIMEOUT is abandoned, counted and logged with its URL, and the crawl goes on."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsspider.extraction import pool
from newsspider.sites import SiteProfile
from tests.servers.news_site import NewsSite
from tests.test_faults import failures
from tests.test_incremental import canonical_counts, crawl, outputs, records, serve

__all__ = ["serve"]  # the site fixture

ARTICLES = 6
# Paragraphs of the slow article: seconds to read, far past the time limit below.
SLOW_PARAGRAPHS = 25_000
TIMEOUT_SECONDS = 0.5


def test_a_page_past_the_extraction_time_limit_is_abandoned_and_the_crawl_goes_on(
    tmp_path: Path, serve: Callable[[int], NewsSite]
) -> None:
    site = serve(ARTICLES)
    slow = site.articles[2]
    slow.paragraphs.extend(f"Paragraph {number} of a page that never ends." for number in range(SLOW_PARAGRAPHS))
    result = crawl(site, tmp_path, "-s", f"NEWSSPIDER_EXTRACT_TIMEOUT={TIMEOUT_SECONDS}")
    assert result.returncode == 0, result.stderr[-3000:]
    assert f"Gave up reading {site.url(slow.path)}: past NEWSSPIDER_EXTRACT_TIMEOUT" in result.stderr
    assert failures(result.stderr) == {"extract_timeout": 1}
    others = [url for url in site.article_urls() if url != site.url(slow.path)]
    assert canonical_counts(records(outputs(tmp_path))) == Counter(others)


def test_a_page_read_past_the_limit_is_abandoned_even_when_the_alarm_is_lost(monkeypatch: pytest.MonkeyPatch) -> None:
    def slow_read(*args: object) -> None:
        time.sleep(0.3)

    # the alarm never fires, as when lxml's C code silences its exception
    monkeypatch.setattr(pool.signal, "setitimer", lambda *args: None)
    monkeypatch.setattr(pool, "read_page", slow_read)
    profile = SiteProfile(name="generic")
    with pytest.raises(TimeoutError):
        pool.read_page_bytes("https://example.com/a.html", b"<html></html>", "utf-8", profile, datetime.now(UTC), 0.1)
