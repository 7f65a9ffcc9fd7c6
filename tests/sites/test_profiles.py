"""Site profiles: bundled ones load, wrong ones fail with a reason, selectors override generic extraction."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsspider.extraction.article import build_article
from newsspider.sites import ProfileError, available_profiles, load_profile
from newsspider.spiders.arguments import parse_arguments
from tests.saved_pages import DEMO_SITE, fixture_cases, html_response, page_html


@pytest.mark.parametrize("name", available_profiles())
def test_bundled_profiles_start_where_their_scope_allows(name: str) -> None:
    arguments = parse_arguments({"profile": name})
    assert arguments.start_urls
    assert all(arguments.scope.allows(url) for url in arguments.start_urls)


def test_the_demo_profile_starts_on_the_packaged_demo_site() -> None:
    assert "demo" in available_profiles()
    assert parse_arguments({}).start_urls == [(DEMO_SITE / "index.html").resolve().as_uri()]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("start_urls = [1]", "list of strings"),
        ("article_url_pattern = '('", "missing \\)"),
        ("[selectors]\nheadline = 'h1'", "no such fields"),
        ("run = 'import os'", "unknown keys"),
        ("this is not toml", "not valid TOML"),
    ],
)
def test_wrong_profiles_fail_with_a_reason(tmp_path: Path, content: str, reason: str) -> None:
    (tmp_path / "broken.toml").write_text(content, encoding="utf-8")
    with pytest.raises(ProfileError, match=reason):
        load_profile("broken", tmp_path)


def test_unknown_and_path_like_names_are_refused() -> None:
    with pytest.raises(ProfileError, match="unknown profile"):
        load_profile("no-such-site")
    with pytest.raises(ProfileError, match="invalid profile name"):
        load_profile("../settings")


def test_profile_selectors_and_drops_override_generic_extraction(tmp_path: Path) -> None:
    (tmp_path / "ledger.toml").write_text(
        """
start_urls = ["https://www.theworldledger.com/"]
article_url_pattern = "/[a-z0-9-]+/$"
drop = [".td-post-content > p:first-of-type"]

[selectors]
title = "xpath://meta[@property='og:site_name']/@content"
""",
        encoding="utf-8",
    )
    profile = load_profile("ledger", tmp_path)
    case = dict(fixture_cases())["nato-wordpress"]
    item = build_article(html_response(page_html("nato-wordpress"), case["url"]), profile)
    assert item is not None
    assert item["title"] == "The World Ledger"  # the profile's selector wins over every generic source
    assert not item["body"].startswith(case["body_starts_with"])  # the dropped first paragraph is gone
    assert profile.is_article_url(case["url"]) is True
    assert profile.is_article_url("https://www.theworldledger.com/tag/nato") is False
