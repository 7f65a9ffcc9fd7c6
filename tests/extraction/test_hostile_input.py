"""extract_article never raises: empty, binary, truncated, deeply nested, huge or hostile pages."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsspider import extract_article
from newsspider.extraction.pagesize import MAX_ELEMENTS, MAX_TEXT_CHARS

URL = "https://news.example.com/2024/03/02/story.html"
JSONLD = '<html><head><script type="application/ld+json">{}</script></head><body><h1>T</h1><p>x</p></body></html>'
CASES = {
    "empty": b"",
    "binary": bytes(range(256)) * 64,
    "truncated": b"<html><head><title>T</title></head><body><article><p>Text that is cut",
    "nested-100k": b"<div>" * 100_000 + b"deep" + b"</div>" * 100_000,
    "text-node-50MB": b"<html><body><p>" + b"a" * 50_000_000 + b"</p></body></html>",
    "nul-bytes": b"<html>\x00<body>\x00<p>\x00</p></body></html>",
    "cp1252-without-charset": "Caf\u00e9 cr\u00e8me: \u00e9l\u00e8ve \u00e0 l\u2019\u00e9cole".encode("cp1252"),
    "jsonld-wrong-types": JSONLD.format(
        '{"@type": ["NewsArticle"], "headline": 5, "author": {"name": ["x", 3]}, "datePublished": {"a": 1},'
        ' "image": 7, "keywords": 42, "articleBody": ["x"], "publisher": "x"}'
    ).encode(),
    "jsonld-huge-array": JSONLD.format(
        '{"@type": "NewsArticle", "author": [' + ",".join(['{"@type": "Person", "name": "A B"}'] * 100_000) + "]}"
    ).encode(),
    "jsonld-deep": JSONLD.format('{"a": ' * 50_000 + "1" + "}" * 50_000).encode(),
    "jsonld-broken": JSONLD.format('{"@type": "NewsArticle", "headline": ').encode(),
}


@pytest.mark.parametrize("document", CASES.values(), ids=CASES.keys())
def test_hostile_pages_give_an_item_or_none(document: bytes) -> None:
    item = extract_article(document, URL)
    assert item is None or isinstance(item["id"], str)


def test_a_page_of_too_many_elements_is_read_from_its_start_with_its_json_ld_kept() -> None:
    paragraphs = "".join(f"<p>Paragraph {number} of an endless page.</p>" for number in range(MAX_ELEMENTS + 5_000))
    jsonld = '{"@context": "https://schema.org", "@type": "NewsArticle", "description": "The declared summary"}'
    page = (
        f"<html><head><title>T</title></head><body><article><h1>An endless page</h1>{paragraphs}</article>"
        f'<script type="application/ld+json">{jsonld}</script></body></html>'
    ).encode()
    item = extract_article(page, URL)
    assert item is not None
    assert item["body"].startswith("Paragraph 0 of an endless page.")
    assert f"Paragraph {MAX_ELEMENTS} of" not in item["body"]  # beyond the bound: cut
    assert item["description"] == "The declared summary"  # the JSON-LD after the cut is still read


def test_a_huge_text_node_is_read_up_to_the_bound() -> None:
    page = b"<html><body><h1>A long text</h1><p>" + b"word " * (MAX_TEXT_CHARS // 2) + b"</p></body></html>"
    item = extract_article(page, URL)
    assert item is not None
    assert MAX_TEXT_CHARS * 0.9 < len(item["body"]) <= MAX_TEXT_CHARS


def test_a_huge_author_array_is_cut_short() -> None:
    item = extract_article(CASES["jsonld-huge-array"], URL)
    assert item is not None and len(item["authors"]) <= 1  # one name, however many times it is listed


HTML_PIECES = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<div>",
        "</div>",
        "<article>",
        "</article>",
        "<h1>",
        "</h1>",
        "<figure><img src=x>",
        "<figcaption>",
        "<script>",
        "</script>",
        '<script type="application/ld+json">',
        "{",
        "}",
        "[",
        '"@type"',
        ":",
        "<time datetime='2024-13-45'>",
        "<meta property='article:published_time' content='not a date'>",
        "<a href='javascript:x'>",
        "<a href='/x'>",
        "<br>",
        "&amp;",
        "&#0;",
        "\x00",
        "By ",
        "Published ",
    ]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(HTML_PIECES, st.text(max_size=40)), max_size=60))
def test_random_markup_never_raises(pieces: list[Any]) -> None:
    document = "".join(pieces)
    item = extract_article(document, URL)
    assert item is None or item["url"] == URL


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=2000))
def test_random_bytes_never_raise(document: bytes) -> None:
    extract_article(document, URL)
