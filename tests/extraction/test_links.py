"""Related links: other articles of the same site, absolute, without tracking, each once."""

from __future__ import annotations

from functools import partial

import pytest

from newsspider.extraction.links import MAX_RELATED, related_links
from newsspider.urls import join_url

PAGE = "https://www.news.example.com/2024/03/02/tram-extension.html"
CANONICAL = "https://news.example.com/2024/03/02/tram-extension.html"


def links_of(pairs: list[tuple[str, str]], canonical: str | None = CANONICAL) -> list[dict[str, str | None]]:
    return related_links(pairs, PAGE, canonical, partial(join_url, PAGE))


def test_related_links_keep_the_site_and_drop_tag_pages() -> None:
    pairs = [
        ("/2024/02/20/bridge-works.html", "Bridge works\n  begin"),
        ("https://news.example.com/2024/01/15/bus-lanes.html", "Bus lanes"),
        ("https://other.example.org/2024/03/01/trams-elsewhere.html", "Trams elsewhere"),
        ("/tag/trams/", "Trams"),
        ("/author/jane-doe/", "Jane Doe"),
        ("/category/local/", "Local"),
        ("/", "Home"),
        ("/uploads/2024/03/tram-map.pdf", "Map of the line"),
        ("/news/tags/transport.html", "#Transport"),  # listings below the first folder too
        ("/uk/author//jane-doe/", "Jane Doe"),
        ("/news/topics/city-council", "City council"),
    ]
    assert links_of(pairs) == [
        {"url": "https://www.news.example.com/2024/02/20/bridge-works.html", "text": "Bridge works begin"},
        {"url": "https://news.example.com/2024/01/15/bus-lanes.html", "text": "Bus lanes"},
    ]


def test_tracking_is_removed_and_each_article_kept_once() -> None:
    pairs = [
        ("/2024/02/20/bridge-works.html?utm_source=related&utm_medium=web", "Bridge works begin"),
        ("/2024/02/20/bridge-works.html#comments", "12 comments"),
        ("/2024/02/20/bridge-works.html", ""),
    ]
    assert links_of(pairs) == [
        {"url": "https://www.news.example.com/2024/02/20/bridge-works.html", "text": "Bridge works begin"}
    ]


def test_the_page_itself_and_its_copies_are_no_related_links() -> None:
    pairs = [
        (PAGE, "Council backs tram extension"),
        ("/2024/03/02/tram-extension.html?utm_campaign=share", "Share"),
        ("https://news.example.com/2024/03/02/tram-extension.html/amp/", "AMP"),
    ]
    assert links_of(pairs) == []


@pytest.mark.xfail(
    reason="the site check counts www. and the bare host as one site, but the page's own address keeps the www.:"
    " a link to the page without www. is listed as a related article",
    strict=True,
)
def test_the_page_without_its_www_is_no_related_link() -> None:
    assert links_of([(CANONICAL, "Council backs tram extension")], canonical=None) == []


def test_anchors_scripts_and_mail_links_are_skipped() -> None:
    pairs = [
        ("#top", "Back to top"),
        ("javascript:void(0)", "Share"),
        ("mailto:desk@news.example.com", "Email the desk"),
        ("  ", "Blank"),
        ("/2024/01/15/bus-lanes.html", ""),
    ]
    assert links_of(pairs) == [{"url": "https://www.news.example.com/2024/01/15/bus-lanes.html", "text": None}]


def test_related_links_are_capped() -> None:
    pairs = [(f"/2024/02/{day:02d}/story-{day}.html", f"Story {day}") for day in range(1, 2 * MAX_RELATED)]
    links = links_of(pairs)
    assert len(links) == MAX_RELATED
    assert links[0]["text"] == "Story 1"
