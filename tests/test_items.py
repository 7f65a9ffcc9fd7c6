"""The Article item: its fields, their output order, and the schema every written line follows."""

from __future__ import annotations

from typing import Any

import pytest
from jsonschema import Draft202012Validator

from newsspider.items import FIELD_ORDER, LIST_FIELDS, Article
from tests.saved_pages import SCHEMA


def full_article() -> dict[str, Any]:
    return {
        "id": "0" * 40,
        "version": 1,
        "url": "https://news.example.com/2024/03/02/tram-extension.html?utm_source=feed",
        "canonical_url": "https://news.example.com/2024/03/02/tram-extension.html",
        "site_name": "City News",
        "title": "Council backs tram extension",
        "description": "Four new stations and a bridge are planned for the northern districts.",
        "byline": "By Jane Doe and Ali Khan",
        "authors": ["Jane Doe", "Ali Khan"],
        "published_at": "2024-03-02T09:15:00+01:00",
        "modified_at": None,
        "section": "Local",
        "tags": ["Trams", "City council"],
        "language": "en",
        "body": "The city council voted on Tuesday to extend the tram line.\n\nWork starts in the spring.",
        "caption": "The tram depot at dawn.",
        "images": [
            {
                "url": "https://news.example.com/uploads/tram-depot.jpg",
                "caption": "The tram depot at dawn.",
                "credit": "Jane Doe",
                "alt": "A tram",
                "width": 1200,
                "height": 800,
                "lead": True,
            }
        ],
        "related_links": [{"url": "https://news.example.com/2024/02/20/bridge-works.html", "text": "Bridge works"}],
        "word_count": 16,
        "page_type": "NewsArticle",
        "paywalled": False,
        "fetched_at": "2024-03-02T10:00:00+00:00",
        "http_status": 200,
        "response_url": "https://news.example.com/2024/03/01/council-votes.html",
        "source": "news_sitemap",
        "run_id": "4f1c9e0b8d2a4c7e9f3b5a6d7e8f9a0b",
        "extractor_version": "0.1.0+body.8ab2fea0.pagekind.1fdf9183",
        "warc_file": "site-20240302T100000Z.warc.gz",
        "warc_record_id": "<urn:uuid:6f2a4d1e-0b3c-4e5f-8a9b-1c2d3e4f5a6b>",
        "warc_offset": 1043,
    }


def test_field_order_names_every_field_once() -> None:
    assert len(FIELD_ORDER) == len(set(FIELD_ORDER))
    assert set(FIELD_ORDER) == set(Article.fields)


def test_field_order_is_the_order_the_schema_requires() -> None:
    assert list(FIELD_ORDER) == SCHEMA["required"]
    assert set(SCHEMA["properties"]) == set(FIELD_ORDER)


def test_list_fields_are_the_array_fields_of_the_schema() -> None:
    arrays = {name for name, spec in SCHEMA["properties"].items() if spec.get("type") == "array"}
    assert arrays == LIST_FIELDS == {"authors", "tags", "images", "related_links"}


def test_an_article_with_every_field_set_is_valid(schema_validator: Draft202012Validator) -> None:
    item = Article(full_article())
    assert list(dict(item)) == list(FIELD_ORDER)
    assert list(schema_validator.iter_errors(dict(item))) == []


def test_an_article_missing_its_fetch_time_is_invalid(schema_validator: Draft202012Validator) -> None:
    line = full_article()
    del line["fetched_at"]
    assert not schema_validator.is_valid(line)


def test_an_article_refuses_a_field_it_does_not_declare() -> None:
    with pytest.raises(KeyError):
        Article(headline="Council backs tram extension")
