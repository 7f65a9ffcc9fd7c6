"""Embedded metadata: the article node of JSON-LD or microdata, references in its graph, and meta tags."""

from __future__ import annotations

import json
from typing import Any

import pytest
from lxml import html

from newsspider.extraction.structured import Metadata, as_list, read_metadata, text_of

URL = "https://news.example.com/2024/03/02/tram-extension/"


def metadata_of(head: str, body: str = "<p>Story</p>") -> Metadata:
    return read_metadata(html.document_fromstring(f"<html><head>{head}</head><body>{body}</body></html>"), URL)


def jsonld(document: Any) -> str:
    return f'<script type="application/ld+json">{json.dumps(document)}</script>'


# A Yoast SEO graph (WordPress): the WebPage first, the article further on, its author by reference.
YOAST_GRAPH = {
    "@context": "https://schema.org",
    "@graph": [
        {"@type": "WebPage", "@id": URL, "name": "Council backs tram extension - City News"},
        {"@type": "Organization", "@id": "https://news.example.com/#organization", "name": "City News"},
        {
            "@type": ["NewsArticle", "Article"],
            "@id": URL + "#article",
            "headline": "Council backs tram extension",
            "author": {"@id": "https://news.example.com/#/schema/person/7"},
        },
        {"@type": "Person", "@id": "https://news.example.com/#/schema/person/7", "name": "Jane Doe"},
    ],
}


def test_the_news_article_of_a_graph_is_the_article_not_the_web_page() -> None:
    metadata = metadata_of(jsonld(YOAST_GRAPH))
    assert metadata.article["headline"] == "Council backs tram extension"
    assert metadata.resolve(metadata.article["author"])["name"] == "Jane Doe"
    publisher = metadata.of_type("Organization", "NewsMediaOrganization")
    assert publisher is not None
    assert publisher["name"] == "City News"


def test_a_web_page_is_the_article_when_nothing_else_is_declared() -> None:
    metadata = metadata_of(jsonld({"@context": "https://schema.org", "@type": "WebPage", "name": "Contact us"}))
    assert metadata.article["name"] == "Contact us"


def test_unreadable_json_ld_is_skipped_and_the_next_script_read() -> None:
    broken = '<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>'
    metadata = metadata_of(broken + jsonld({"@type": "BlogPosting", "headline": "Tram plan approved"}))
    assert metadata.article["headline"] == "Tram plan approved"


def test_microdata_reads_like_json_ld() -> None:
    body = (
        '<article itemscope itemtype="https://schema.org/NewsArticle">'
        '<h1 itemprop="headline">Council backs tram extension</h1>'
        '<span itemprop="author" itemscope itemtype="https://schema.org/Person">'
        '<span itemprop="name">Jane Doe</span></span></article>'
    )
    metadata = metadata_of("", body)
    assert metadata.article["@type"] == ["NewsArticle"]
    assert metadata.article["headline"] == "Council backs tram extension"
    assert text_of(metadata.article["author"]) == "Jane Doe"


def test_meta_tags_are_read_in_lower_case_and_the_first_present_name_wins() -> None:
    head = (
        '<meta property="og:title" content="Tram extension: what changes">'
        '<meta name="Description" content=" Four stations and a bridge. ">'
        '<meta name="twitter:description" content="Four new stations">'
    )
    metadata = metadata_of(head)
    assert metadata.meta_first("og:title") == "Tram extension: what changes"
    assert metadata.meta_first("og:description", "description", "twitter:description") == "Four stations and a bridge."
    assert metadata.meta_first("og:locale") is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Jane Doe", "Jane Doe"),
        (["", "Local"], "Local"),
        ([{"@type": "Person", "name": "Ali Khan"}], "Ali Khan"),
        ({"@language": "en", "@value": "Trams"}, "Trams"),
        (2024, "2024"),
        (None, None),
        ({"@id": "#author"}, None),
    ],
)
def test_text_of_reads_strings_lists_and_named_nodes(value: Any, expected: str | None) -> None:
    assert text_of(value) == expected


def test_as_list_always_gives_a_list() -> None:
    assert (as_list(None), as_list("Trams"), as_list(["Trams", "Bridges"])) == ([], ["Trams"], ["Trams", "Bridges"])


def test_html_entities_a_cms_escaped_into_json_ld_are_decoded() -> None:
    article = {
        "@type": "NewsArticle",
        "headline": "Q&amp;A: the tram&#8217;s new route",
        "image": {"@type": "ImageObject", "caption": "A poster reading &quot;Strike&quot; at the depot"},
        "keywords": ["AT&T", "&lt;b&gt; is bold"],
    }
    node = metadata_of(jsonld(article)).article
    assert node["headline"] == "Q&A: the tram’s new route"
    assert node["image"]["caption"] == 'A poster reading "Strike" at the depot'
    assert node["keywords"] == ["AT&T", "<b> is bold"]
