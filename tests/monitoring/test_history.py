"""The run history extension and the spidermon monitors in this process, on a crawler of Scrapy's test
helpers: the signals of a run go in, its record comes out of the state store, the monitors judge it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.utils.test import get_crawler
from spidermon.contrib.scrapy.extensions import Spidermon

from newsspider import keys
from newsspider.monitoring.health import RunRecord
from newsspider.monitoring.history import RunHistory, history_of
from newsspider.signals import article_written, page_failed, page_not_article
from newsspider.state import open_store

MONITORS = ("newsspider.monitoring.monitors.NewsspiderMonitors",)


class NamedSpider(Spider):
    name = "site"


def article(number: int, authors: list[str]) -> dict[str, Any]:
    return {
        "canonical_url": f"https://news.example.com/2026/11/{number}.html",
        "url": f"https://news.example.com/2026/11/{number}.html",
        "title": f"Story {number}",
        "byline": f"By {authors[0]}" if authors else None,
        "authors": authors,
        "published_at": "2026-11-30T08:00:00+00:00",
        "body": "A paragraph of the story. " * 40,
        "word_count": 200,
        "images": [],
        "caption": None,
        "related_links": [],
    }


def run_once(output: Path, authors: list[str], **settings: Any) -> Crawler:
    """One run's signals through the extension and spidermon, as a crawl sends them."""
    crawler = get_crawler(
        NamedSpider,
        settings_dict={
            "NEWSSPIDER_OUTPUT_DIR": str(output),
            "SPIDERMON_ENABLED": True,
            "SPIDERMON_SPIDER_CLOSE_MONITORS": MONITORS,
            "NEWSSPIDER_MONITOR_MIN_ARTICLES": 3,
            **settings,
        },
    )
    crawler.spider = crawler._create_spider()
    history = RunHistory.from_crawler(crawler)
    monitoring = Spidermon.from_crawler(crawler)  # held: signals keep only weak references to receivers
    crawler.stats.set_value("finish_reason", "finished")
    send = crawler.signals.send_catch_log
    history.spider_opened()  # not the signal: Scrapy's own extensions of this crawler would want a reactor
    for number in range(4):
        send(signal=article_written, item=article(number, authors), recovered=False)
    send(signal=article_written, item=article(99, []), recovered=True)  # a killed run's: not this run's
    send(signal=page_not_article, url="https://news.example.com/section/world/", kind="listing")
    send(signal=page_failed, url="https://news.example.com/gone.html", kind="http_5xx")
    send(signal=signals.spider_closed, spider=crawler.spider, reason="finished")
    assert monitoring.spider_closed_suites
    return crawler


def test_each_run_is_kept_in_the_store_with_its_sites_health(tmp_path: Path) -> None:
    crawler = run_once(tmp_path, ["Ada Byron"])
    history = history_of(crawler)
    assert history is not None and history.record is not None
    store = open_store(crawler.settings)
    assert store is not None
    try:
        [stored] = [RunRecord.from_json(data) for data in store.recent_runs(10)]
    finally:
        store.close()
    assert stored.run_id == history.record.run_id
    [site] = stored.sites
    assert (site.site, site.articles, site.coverage["authors"]) == ("example.com", 4, 1.0)
    assert (site.non_articles, site.failures) == ({"listing": 1}, {"http_5xx": 1})
    assert [sample["title"] for sample in site.samples] == ["Story 0", "Story 1", "Story 2", "Story 3"]
    assert len(list(tmp_path.glob("site-*.report.html"))) == 1


def test_the_monitors_fail_when_a_site_loses_its_authors(tmp_path: Path) -> None:
    for _ in range(2):
        assert not run_once(tmp_path, ["Ada Byron"]).stats.get_value(keys.MONITORS_FAILED)
    crawler = run_once(tmp_path, [])
    assert crawler.stats.get_value(keys.MONITORS_FAILED) == 1
    assert crawler.stats.get_value(keys.MONITOR_DROPS) == 1


def test_the_history_keeps_the_last_runs_only(tmp_path: Path) -> None:
    for _ in range(3):
        crawler = run_once(tmp_path, ["Ada Byron"], NEWSSPIDER_HISTORY_RUNS=2, NEWSSPIDER_REPORT=False)
    store = open_store(crawler.settings)
    assert store is not None
    try:
        assert len(store.recent_runs(10)) == 2
    finally:
        store.close()
    assert list(tmp_path.glob("*.report.html")) == []
