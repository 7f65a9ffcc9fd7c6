"""Regression test over the saved pages of fixtures/pages: every expected field, the body's bounds and noise."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from newsspider import extract_article, is_article
from tests.saved_pages import fixture_cases, page_html

CASES = fixture_cases()
ARTICLES = [(name, case) for name, case in CASES if case.get("article", True)]
NON_ARTICLES = [(name, case) for name, case in CASES if not case.get("article", True)]


@pytest.fixture(scope="module")
def extracted() -> dict[str, dict[str, Any]]:
    items = {
        name: extract_article(page_html(name), case["url"], fetched_at=_fetched_at(case)) for name, case in ARTICLES
    }
    return {name: item for name, item in items.items() if item is not None}


def _fetched_at(case: dict[str, Any]) -> datetime | None:
    """When the saved page was fetched, for pages that print dates relative to the visit."""
    return datetime.fromisoformat(case["fetched_at"]) if "fetched_at" in case else None


@pytest.mark.parametrize(("name", "case"), ARTICLES, ids=[name for name, _ in ARTICLES])
def test_expected_fields(name: str, case: dict[str, Any], extracted: dict[str, dict[str, Any]]) -> None:
    item = extracted[name]
    mismatches = {
        field: (item[field], value) for field, value in case.get("expect", {}).items() if item[field] != value
    }
    assert not mismatches, f"{name}: (got, expected) {mismatches}"


@pytest.mark.parametrize(("name", "case"), ARTICLES, ids=[name for name, _ in ARTICLES])
def test_body_bounds_and_noise(name: str, case: dict[str, Any], extracted: dict[str, dict[str, Any]]) -> None:
    body = extracted[name]["body"]
    assert body.startswith(case["body_starts_with"])
    assert body.endswith(case["body_ends_with"])
    for text in case.get("body_contains", []):
        assert text in body
    leaked = [text for text in case.get("body_excludes", []) if text in body]
    assert not leaked, f"{name}: noise in body: {leaked}"


@pytest.mark.parametrize(("name", "case"), ARTICLES, ids=[name for name, _ in ARTICLES])
def test_lead_image_and_related_links(name: str, case: dict[str, Any], extracted: dict[str, dict[str, Any]]) -> None:
    item = extracted[name]
    if "lead_image" in case:
        assert item["images"], f"{name}: no images"
        lead = item["images"][0]
        assert {key: lead[key] for key in case["lead_image"]} == case["lead_image"]
    related = {link["url"] for link in item["related_links"]}
    assert set(case.get("related_links", [])) <= related
    assert item["url"] not in related and item["canonical_url"] not in related


@pytest.mark.parametrize(("name", "case"), ARTICLES, ids=[name for name, _ in ARTICLES])
def test_items_follow_the_schema(
    name: str, case: dict[str, Any], extracted: dict[str, dict[str, Any]], schema_validator: Draft202012Validator
) -> None:
    errors = [error.message for error in schema_validator.iter_errors(extracted[name])]
    assert not errors
    assert is_article(page_html(name), case["url"])


@pytest.mark.parametrize(("name", "case"), NON_ARTICLES, ids=[name for name, _ in NON_ARTICLES])
def test_listing_pages_do_not_become_articles(name: str, case: dict[str, Any]) -> None:
    assert not is_article(page_html(name), case["url"])
