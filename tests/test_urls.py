"""URL canonicalisation: tracking parameters, fragments, AMP/print/mobile variants."""

from __future__ import annotations

import pytest

from newsspider.urls import article_id, canonical_form, without_tracking


@pytest.mark.parametrize(
    ("variant", "canonical"),
    [
        ("https://www.ex.com/a/b.html?utm_source=tw&utm_medium=social#top", "https://www.ex.com/a/b.html"),
        ("https://www.ex.com/a/b.amp.html", "https://www.ex.com/a/b.html"),
        ("https://www.ex.com/a/b/amp/", "https://www.ex.com/a/b"),
        ("https://amp.ex.com/a/b", "https://ex.com/a/b"),
        ("https://m.ex.com/a/b", "https://ex.com/a/b"),
        ("https://www.ex.com/a/b?outputType=amp", "https://www.ex.com/a/b"),
        ("https://www.ex.com/a/b?print=1", "https://www.ex.com/a/b"),
        ("https://www.ex.com/a?id=3&fbclid=x", "https://www.ex.com/a?id=3"),
    ],
)
def test_variants_share_one_canonical_form(variant: str, canonical: str) -> None:
    assert canonical_form(variant) == canonical


def test_without_tracking_keeps_the_variant_but_not_the_tracking() -> None:
    assert without_tracking("https://ex.com/a.amp.html?utm_source=x&page=2#c") == "https://ex.com/a.amp.html?page=2"


def test_article_id_is_a_stable_sha1() -> None:
    assert article_id("https://ex.com/a") == article_id("https://ex.com/a")
    assert len(article_id("https://ex.com/a")) == 40
    assert article_id("https://ex.com/a") != article_id("https://ex.com/b")
