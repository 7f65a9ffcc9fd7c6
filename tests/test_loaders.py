"""ArticleLoader: the first trusted value of scalar fields, deduplicated lists, and each field's cleaning."""

from __future__ import annotations

import pytest

from newsspider.loaders import ArticleLoader, unique
from tests.saved_pages import html_response

PAGE = "<html><head><title>Council backs tram extension</title></head><body><p>Story</p></body></html>"


def loader() -> ArticleLoader:
    return ArticleLoader(response=html_response(PAGE))


def test_unique_keeps_the_first_spelling_in_order() -> None:
    assert unique(["Trams", "City council", "trams", "TRAMS", "Bridges"]) == ["Trams", "City council", "Bridges"]
    assert unique([{"url": "/a"}, {"url": "/b"}, {"url": "/a"}]) == [{"url": "/a"}, {"url": "/b"}]


def test_a_scalar_field_keeps_its_first_value_cleaned() -> None:
    articles = loader()
    articles.add_value("title", ["  Council backs tram&nbsp;extension \n", "Tram plan approved"])
    assert articles.load_item()["title"] == "Council backs tram extension"


def test_urls_are_made_absolute_and_other_schemes_dropped() -> None:
    articles = loader()
    articles.add_value("canonical_url", ["javascript:void(0)", "/2024/03/02/tram-extension.html"])
    assert articles.get_output_value("canonical_url") == "https://news.example.com/2024/03/02/tram-extension.html"


def test_authors_are_split_from_the_byline_and_deduplicated() -> None:
    articles = loader()
    articles.add_value("byline", "By Jane Doe and Ali Khan | March 5, 2024")
    articles.add_value("authors", ["By Jane Doe and Ali Khan", "Jane Doe"])
    item = articles.load_item()
    assert item["byline"] == "By Jane Doe and Ali Khan"
    assert item["authors"] == ["Jane Doe", "Ali Khan"]


def test_dates_language_and_tags_take_their_output_forms() -> None:
    articles = loader()
    articles.add_value("published_at", "2024-03-02T09:15:00Z")
    articles.add_value("language", "en-GB")
    articles.add_value("tags", ["Category: Transport", "Trams", "transport"])
    item = articles.load_item()
    assert item["published_at"] == "2024-03-02T09:15:00+00:00"
    assert item["language"] == "en"
    assert item["tags"] == ["Transport", "Trams"]


def test_add_first_skips_empty_candidates_and_stops_at_the_first_value() -> None:
    def never() -> str:
        pytest.fail("a candidate after the first value was computed")

    articles = loader()
    articles.add_first("section", None, "", "   ", lambda: "Local", never)
    assert articles.get_output_value("section") == "Local"


def test_add_first_leaves_a_field_that_already_has_a_value() -> None:
    articles = loader()
    articles.add_value("site_name", "City News")
    articles.add_first("site_name", "Another Name")
    assert articles.get_collected_values("site_name") == ["City News"]
