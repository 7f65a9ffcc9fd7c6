"""The page classifier: the kind of each fixture page, the shipped model, page_type and paywalled, and a crawl
that writes the articles of a site and counts its other pages by kind."""

from __future__ import annotations

import json
import re
import shutil
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from lxml import html

from newsspider import classify_page, extract_article, is_article
from newsspider.extraction.pagefeatures import FEATURES
from newsspider.extraction.pagekind import EVIDENCE, KINDS, MODEL_FILE, page_kind_model
from newsspider.extraction.trees import model_digest
from newsspider.sites import parse_profile
from tests.saved_pages import PAGES, fixture_cases, page_html
from tests.test_crawl import crawl, served, written

KIND_CASES = [(name, case) for name, case in fixture_cases() if "kind" in case]


@pytest.mark.parametrize(("name", "case"), KIND_CASES, ids=[name for name, _ in KIND_CASES])
def test_each_kind_of_page_is_told_apart(name: str, case: dict[str, Any]) -> None:
    decision = classify_page(page_html(name), case["url"])
    assert decision.kind == case["kind"], decision.reason
    assert 0.0 <= decision.confidence <= 1.0
    assert decision.reason.startswith(case["kind"])
    assert is_article(page_html(name), case["url"]) is case["article"]


def test_the_shipped_model_loads_and_its_file_matches_its_version() -> None:
    spec = json.loads(resources.files("newsspider.models").joinpath(MODEL_FILE).read_text(encoding="utf-8"))
    model = page_kind_model()
    assert model is not None
    assert spec["version"] == model_digest(spec) == model.version
    assert 0.0 < model.article_threshold < 1.0


def test_the_reasons_quote_features_the_model_has() -> None:
    assert set(EVIDENCE) <= set(FEATURES)
    assert {kind for _, kind in EVIDENCE.values()} <= set(KINDS)


def test_the_url_alone_decides_only_tag_author_search_and_pagination_pages() -> None:
    page = b"<html><body><h1>x</h1></body></html>"
    assert not is_article(page, "https://news.example.com/tag/harbour/")
    assert classify_page(page, "https://news.example.com/author/jane-doe").reason.startswith("listing: the URL")
    for url in (
        "https://news.example.com/2024/03/02/world/story/index.html",
        "https://news.example.com/story?id=123456",
        "https://news.example.com/a/1234567",
    ):
        assert not classify_page(page, url).reason.startswith("listing: the URL")


ARTICLE = """<html><head><title>Harbour talks resume</title>
<script type="application/ld+json">{json_ld}</script></head>
<body><article><h1>Harbour talks resume</h1>{paragraphs}</article></body></html>"""
PARAGRAPH = (
    "<p>Negotiators for the port authority and the dockworkers' union met again on day {0} of the "
    "strike, and agreed to keep talking through the week; meeting {0} ended without a new offer.</p>"
)


def article_page(json_ld: dict[str, Any], paragraphs: int = 6) -> str:
    """An article of `paragraphs` paragraphs of 20 words each."""
    text = "".join(PARAGRAPH.format(number) for number in range(1, paragraphs + 1))
    return ARTICLE.format(json_ld=json.dumps(json_ld), paragraphs=text)


def results_page(*types: str) -> bytes:
    """A standings table under a headline: little prose, but the page declares what it is."""
    graph = ",".join(f'{{"@type": "{kind}", "headline": "League table after round 12"}}' for kind in types)
    rows = "".join(f"<tr><td>{place}</td><td>Club {place}</td><td>{30 - place}</td></tr>" for place in range(1, 19))
    return (
        f'<html><head><script type="application/ld+json">{{"@graph": [{graph}]}}</script></head><body>'
        f"<h1>League table after round 12</h1><table>{rows}</table></body></html>"
    ).encode()


def test_a_page_that_declares_a_news_article_and_no_listing_is_an_article() -> None:
    url = "https://news.example.com/sport/league-table-round-12"
    decision = classify_page(results_page("NewsArticle"), url)
    assert decision.is_article
    assert "declares a news article" in decision.reason
    listing = classify_page(results_page("NewsArticle", "ItemList"), url)
    assert "declares a news article or a live blog" not in listing.reason  # a section front lists its articles so


@pytest.mark.parametrize(
    ("json_ld", "page_type", "paywalled"),
    [
        ({"@type": "LiveBlogPosting", "headline": "Harbour talks resume"}, "LiveBlogPosting", False),
        ({"@type": "NewsArticle", "isAccessibleForFree": False}, "NewsArticle", True),
        ({"@type": "NewsArticle", "isAccessibleForFree": "False"}, "NewsArticle", True),
        (
            {"@type": "NewsArticle", "hasPart": {"@type": "WebPageElement", "isAccessibleForFree": False}},
            "NewsArticle",
            True,
        ),
        ({"@type": "BlogPosting", "wordCount": 2400}, "BlogPosting", True),  # 120 words are not 2,400
        ({"@type": "NewsArticle", "wordCount": 150}, "NewsArticle", False),
        ({"@type": "WebPage"}, "Article", False),
    ],
)
def test_items_say_their_type_and_whether_they_are_paywalled(
    json_ld: dict[str, Any], page_type: str, paywalled: bool
) -> None:
    item = extract_article(
        article_page({"@context": "https://schema.org", **json_ld}),
        "https://news.example.com/2024/03/02/harbour-talks.html",
    )
    assert item is not None
    assert (item["page_type"], item["paywalled"]) == (page_type, paywalled)


def test_a_profile_can_force_pages_out_by_url() -> None:
    profile = parse_profile("example", {"domains": ["news.example.com"], "not_article_url_pattern": "/live/"})
    assert profile.is_article_url("https://news.example.com/live/2024/05/14/storm") is False
    assert profile.is_article_url("https://news.example.com/2024/05/14/storm") is None
    both = parse_profile("example", {"article_url_pattern": r"/\d{4}/", "not_article_url_pattern": "/live/"})
    assert both.is_article_url("https://news.example.com/live/2024/05/14/storm") is False
    assert both.is_article_url("https://news.example.com/2024/05/14/storm") is True


def test_a_crawl_writes_the_articles_of_a_site_and_counts_the_other_pages_by_kind(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    links = "".join(f'<li><a href="{name}.html">{name}</a></li>' for name, _ in KIND_CASES)
    (site / "index.html").write_text(f"<html><body><h1>All pages</h1><ul>{links}</ul></body></html>", "utf-8")
    for name, _ in KIND_CASES:
        shutil.copy(PAGES / f"{name}.html", site / f"{name}.html")
    with served(site) as start_url:
        result = crawl(tmp_path / "out", "-a", f"start_urls={start_url}")
    assert result.returncode == 0, result.stderr
    written_urls = sorted(record["canonical_url"] for record in written(tmp_path / "out"))
    assert written_urls == sorted(case["url"] for _, case in KIND_CASES if case["article"])
    counted = re.search(r"newsspider non-articles: (.*)", result.stderr)
    assert counted, result.stderr
    kinds = dict(pair.split("=") for pair in counted.group(1).split())
    expected: dict[str, int] = {}
    for _, case in KIND_CASES:
        if not case["article"]:
            expected[case["kind"]] = expected.get(case["kind"], 0) + 1
    # the index page of links and the server's folder listing are counted too, as listings or other pages
    counts = {kind: int(count) for kind, count in kinds.items()}
    assert {kind: counts.get(kind, 0) for kind in expected if kind != "listing"} == {
        kind: count for kind, count in expected.items() if kind != "listing"
    }
    assert expected["listing"] <= counts["listing"] <= expected["listing"] + 2
    assert sum(counts.values()) == sum(expected.values()) + 2


def test_the_reason_quotes_the_evidence_for_the_kind() -> None:
    declared = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "datePublished": "2024-03-02",
        "author": {"@type": "Person", "name": "Mara Quist"},
    }
    page = html.tostring(html.fromstring(article_page(declared)))
    decision = classify_page(page, "https://news.example.com/2024/03/02/harbour-talks.html")
    assert decision.kind == "article"
    assert "news article" in decision.reason
