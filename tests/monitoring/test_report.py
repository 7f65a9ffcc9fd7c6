"""The HTML run report: self-contained, escaped, the drops marked, the plots inline; `scrapy report`."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from newsspider.monitoring.compare import Thresholds
from newsspider.monitoring.health import HEALTH_FIELDS, WORD_BINS, RunRecord, SiteHealth
from newsspider.monitoring.report import render_report, report_path, write_report
from tests.saved_pages import ROOT

SITES = ("alpha.example", "beta.example", "gamma.example")
DROPPING = "beta.example"  # its authors coverage falls from 0.90 to 0.10 in the last run
THRESHOLDS = Thresholds(window=5, min_articles=5, min_runs=3, max_coverage_drop=0.25, max_words_drop=0.3)
START = datetime(2026, 12, 1, 6, 0, tzinfo=UTC)
NOT_LOCAL = [
    re.compile(r"""\bsrc\s*=\s*["']?\s*(https?:)?//""", re.IGNORECASE),
    re.compile(r"<link\b", re.IGNORECASE),
    re.compile(r"@import", re.IGNORECASE),
    re.compile(r"""url\(\s*["']?\s*(https?:)?//""", re.IGNORECASE),
    re.compile(r"<(script|iframe|object|embed|img)\b", re.IGNORECASE),
]


def site(name: str, day: int, authors: float) -> SiteHealth:
    coverage = {field: 0.8 for field in HEALTH_FIELDS} | {"authors": authors}
    histogram = [0] * len(WORD_BINS)
    histogram[3], histogram[4] = 6, 4
    return SiteHealth(
        site=name,
        articles=20,
        coverage=coverage,
        median_words=420.0,
        short_bodies=0.05,
        non_articles={"listing": 3},
        failures={"timeout": 2, "http_5xx": 1} if name == "gamma.example" else {},
        published_days={f"2026-11-{number:02d}": number % 4 + 1 for number in range(10, 10 + day)},
        word_histogram=histogram,
        samples=[
            {
                "url": f"https://{name}/news/{number}?a=1&b=2",
                "title": f"{name} story {number}: Tom & Jerry <b>bold</b>",
                "byline": f"By Reporter {number}",
                "caption": f"A caption {number}",
                "body": "Body text " * 40,
            }
            for number in range(5)
        ],
    )


def run(number: int, authors_of_dropping: float) -> RunRecord:
    started = START + timedelta(days=number)
    return RunRecord(
        run_id=f"run{number:02d}" + "0" * 26,
        spider="news",
        started_at=started.isoformat(),
        finished_at=(started + timedelta(minutes=42, seconds=5)).isoformat(),
        finish_reason="finished",
        summary={"new": 50, "updated": 4, "unchanged": 10, "duplicates": 2, "pages_fetched": 80, "pages_failed": 3},
        sites=[site(name, 10 + number, authors_of_dropping if name == DROPPING else 0.9) for name in SITES],
    )


@pytest.fixture(scope="module")
def report(runs: tuple[RunRecord, list[RunRecord]]) -> str:
    latest, past = runs
    return render_report(latest, past, THRESHOLDS)


def parsed(text: str) -> etree._Element:
    """The report as a strict XML parser reads it: it is well-formed, every text escaped."""
    return etree.fromstring(text.encode(), etree.XMLParser(recover=False, resolve_entities=False, no_network=True))


def test_the_report_is_one_well_formed_html_document(report: str) -> None:
    assert report.startswith("<!DOCTYPE html>\n")
    root = parsed(report)
    assert root.tag == "html"
    assert root.xpath("/html/head/meta[@charset='utf-8']")
    assert root.xpath("string(/html/head/title)").startswith("newsspider report: news")
    assert len(root.xpath("/html/body")) == 1
    assert len(root.xpath("//body")) == 1
    assert "<?xml" not in report and "<!DOCTYPE svg" not in report


def test_the_report_holds_every_site_and_field(report: str) -> None:
    root = parsed(report)
    headings = root.xpath("//section/h2/text()")
    assert [name for name in headings if name in SITES] == list(SITES)
    for section in root.xpath("//section[starts-with(@id, 'site-')]"):
        figures = section.xpath(".//table[@class='coverage']/tbody/tr/td[1]/text()")
        assert figures == [*HEALTH_FIELDS, "median words", "short bodies"]


def test_the_drop_is_marked_with_the_figures(report: str) -> None:
    root = parsed(report)
    (section,) = root.xpath("//section[h2 = $name]", name=DROPPING)
    (row,) = section.xpath(".//table[@class='coverage']/tbody/tr[td[1] = 'authors']")
    assert "drop" in row.get("class").split()
    assert row.xpath("string(td[contains(@class, 'now')])") == "0.10"
    assert "drop" in row.xpath("string(td[contains(@class, 'now')]/@class)").split()
    assert row.xpath("string(td[contains(@class, 'before')])") == "0.90"
    assert row.xpath("string(td[contains(@class, 'change')])") == "−0.80 (drop)"
    assert root.xpath("//ul[@class='drops']/li/text()") == ["beta.example: authors 0.90 -> 0.10 over the last 4 runs"]
    marked = root.xpath("//table[@class='coverage']//*[contains(concat(' ', @class, ' '), ' drop ')]")
    assert {element.xpath("string(ancestor::section/h2)") for element in marked} == {DROPPING}


def test_samples_are_shown_escaped(report: str, runs: tuple[RunRecord, list[RunRecord]]) -> None:
    root = parsed(report)
    for health in runs[0].sites:
        (section,) = root.xpath("//section[h2 = $name]", name=health.site)
        titles = section.xpath(".//article[@class='sample']/h4")
        assert [title.xpath("string()") for title in titles] == [sample["title"] for sample in health.samples[:5]]
        assert section.xpath("string(.//article[1]/p[@class='byline'])") == "Byline: By Reporter 0"
        assert section.xpath("string(.//article[1]/p[@class='caption'])") == "Caption: A caption 0"
    assert "Tom &amp; Jerry &lt;b&gt;bold&lt;/b&gt;" in report
    assert "<b>bold</b>" not in report and "<script" not in report
    assert 'href="https://alpha.example/news/0?a=1&amp;b=2"' in report
    assert 'href="javascript:' not in report  # an unsafe URL is shown as text only
    (unsafe,) = root.xpath("//article[h4 = '<script>alert(1)</script>']")
    assert unsafe.xpath("p/span[@class='missing']/text()") == ["no byline", "no caption", "no body"]
    assert "A sixth sample" not in report  # five samples per site


def test_the_report_fetches_nothing(report: str) -> None:
    for pattern in NOT_LOCAL:
        assert not pattern.search(report), pattern.pattern
    assert report.count("<style") == 1  # the page's own; matplotlib's global `*` rule of each SVG is dropped
    hrefs = parsed(report).xpath("//@href | //@*[local-name() = 'href']")
    assert all(href.startswith(("#", "https://")) for href in hrefs)
    assert "default-src 'none'" in parsed(report).xpath("string(//meta[@http-equiv]/@content)")


def test_the_plots_are_inline_svg(report: str) -> None:
    svgs = parsed(report).xpath("//*[local-name() = 'svg']")
    assert len(svgs) >= 4
    assert len(svgs) == 2 * len(SITES) + 2  # per site: coverage, published days; word counts; failures
    ids = parsed(report).xpath("//@id")
    assert len(ids) == len(set(ids))  # several plots in one document: their ids are made unique


def test_the_report_renders_fast_and_the_same_each_time(runs: tuple[RunRecord, list[RunRecord]]) -> None:
    latest, past = runs
    started = time.perf_counter()
    first = render_report(latest, past, THRESHOLDS)
    assert time.perf_counter() - started < 5
    assert render_report(latest, past, THRESHOLDS) == first


def test_a_first_run_has_nothing_to_compare(runs: tuple[RunRecord, list[RunRecord]]) -> None:
    latest, _ = runs
    root = parsed(render_report(latest, [latest], THRESHOLDS))  # the run itself is no past run
    assert root.xpath("//ul[@class='drops']") == []
    assert len(root.xpath("//p[@class='note'][starts-with(., 'No past run wrote this site')]")) == len(SITES)


def test_the_report_is_written_whole_beside_the_run(
    tmp_path: Path, runs: tuple[RunRecord, list[RunRecord]], report: str
) -> None:
    latest, past = runs
    expected = tmp_path / "out" / "news-20261205T060000Z.report.html"
    assert report_path(tmp_path / "out", latest) == expected
    assert write_report(tmp_path / "out", latest, past, THRESHOLDS) == expected
    assert expected.read_text(encoding="utf-8") == report
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == [expected.name]


# `scrapy report`


def run_report(output_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scrapy", "report", *args, "-s", f"NEWSSPIDER_OUTPUT_DIR={output_dir}"],
        cwd=ROOT,
        env={**os.environ, "MPLBACKEND": "Agg"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def fill_store(output_dir: Path, records: list[dict[str, Any]]) -> None:
    from scrapy.settings import Settings

    from newsspider.state import open_store

    store = open_store(Settings({"NEWSSPIDER_OUTPUT_DIR": str(output_dir)}))
    assert store is not None
    try:
        for record in records:
            store.save_run(record, 20)
    finally:
        store.close()


def test_scrapy_report_writes_a_past_run_again(tmp_path: Path, runs: tuple[RunRecord, list[RunRecord]]) -> None:
    latest, past = runs
    fill_store(tmp_path, [record.to_json() for record in [*past[::-1], latest]])
    result = run_report(tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{tmp_path / 'news-20261205T060000Z.report.html'}\n"
    assert result.stderr == ""
    assert 'class="num now drop"' in Path(result.stdout.strip()).read_text(encoding="utf-8")
    older = run_report(tmp_path, "run02")  # a prefix: the third run, against the two before it
    assert older.returncode == 0, older.stderr
    text = Path(older.stdout.strip()).read_text(encoding="utf-8")
    assert older.stdout.strip().endswith("news-20261203T060000Z.report.html")
    assert "median of 2 past runs" in text and not re.search(r'class="[^"]*\bdrop\b', text)


def test_scrapy_report_refuses_an_unknown_run(tmp_path: Path, runs: tuple[RunRecord, list[RunRecord]]) -> None:
    empty = run_report(tmp_path)
    assert (empty.returncode, empty.stdout) == (2, "")
    assert empty.stderr.startswith("scrapy report: error: no run history") and empty.stderr.count("\n") == 1
    assert not (tmp_path / "state.sqlite").exists()  # looking does not create a store
    latest, past = runs
    fill_store(tmp_path, [record.to_json() for record in [*past[::-1], latest]])
    for wanted, message in (("nosuchrun", "no run 'nosuchrun'"), ("run0", "run 'run0' is ambiguous")):
        result = run_report(tmp_path, wanted)
        assert (result.returncode, result.stdout) == (2, ""), result.stderr
        assert result.stderr.startswith(f"scrapy report: error: {message}") and result.stderr.count("\n") == 1


def test_a_run_over_many_sites_shows_the_largest_in_full_and_lists_the_rest() -> None:
    many = run(9, 0.9)
    many.sites = [site(f"site{number:02d}.example", 10, 0.9) for number in range(40)]
    for number, health in enumerate(many.sites):
        health.articles = number + 1  # site39 has most
    html = render_report(many, [], THRESHOLDS)
    assert len(re.findall(r'<section id="site-\d+">', html)) == 12
    assert "site39.example" in html and "28 more sites" in html
    assert all(f"site{number:02d}.example" in html for number in range(40))  # every site in the table
