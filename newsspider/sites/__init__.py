"""Site profiles: TOML data files describing one site (domains, start URLs, article URLs, selectors)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

from parsel import css2xpath

# Package data, read through importlib.resources: an installed wheel finds its profiles and demo site.
PROFILE_DIR = files("newsspider.sites")
FIELD_SELECTORS = frozenset(
    {"title", "body", "byline", "authors", "published_at", "modified_at", "section", "tags", "description", "caption"}
)


class ProfileError(ValueError):
    """A profile that does not exist or does not follow the format."""


@dataclass(frozen=True)
class SiteProfile:
    """One site: where to start, which URLs are articles, and selectors that override generic extraction."""

    name: str
    domains: tuple[str, ...] = ()
    start_urls: tuple[str, ...] = ()
    article_url_pattern: re.Pattern[str] | None = None
    not_article_url_pattern: re.Pattern[str] | None = None
    selectors: dict[str, str] = field(default_factory=dict)  # field -> XPath
    drop: tuple[str, ...] = ()  # XPaths of blocks to remove before extraction

    def is_article_url(self, url: str) -> bool | None:
        """True/False when the profile's URL patterns decide whether a URL is an article; None when the page
        has to. not_article_url_pattern wins; a URL that misses article_url_pattern is no article."""
        if self.not_article_url_pattern and self.not_article_url_pattern.search(url):
            return False
        return bool(self.article_url_pattern.search(url)) if self.article_url_pattern else None


def available_profiles() -> list[str]:
    """Names of the bundled profiles."""
    return sorted(path.name.removesuffix(".toml") for path in PROFILE_DIR.iterdir() if path.name.endswith(".toml"))


def load_profile(name: str, directory: Traversable = PROFILE_DIR) -> SiteProfile:
    """Read newsspider/sites/NAME.toml; raise ProfileError with a one-line reason when it is wrong."""
    if not re.fullmatch(r"[\w-]+", name):
        raise ProfileError(f"invalid profile name {name!r}")
    path = directory.joinpath(f"{name}.toml")
    if not path.is_file():
        choices = ", ".join(available_profiles())
        raise ProfileError(f"unknown profile {name!r} (available: {choices})")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ProfileError(f"profile {name!r} is not valid TOML: {exc}") from exc
    return parse_profile(name, data)


def parse_profile(name: str, data: dict[str, Any]) -> SiteProfile:
    """Check and convert the contents of a profile file."""
    unknown = set(data) - {
        "domains",
        "start_urls",
        "article_url_pattern",
        "not_article_url_pattern",
        "selectors",
        "drop",
        "description",
    }
    if unknown:
        raise ProfileError(f"profile {name!r}: unknown keys {sorted(unknown)}")
    selectors = data.get("selectors", {})
    if set(selectors) - FIELD_SELECTORS:
        raise ProfileError(f"profile {name!r}: no such fields {sorted(set(selectors) - FIELD_SELECTORS)}")
    try:
        return SiteProfile(
            name=name,
            domains=tuple(_strings(data, "domains")),
            start_urls=tuple(_strings(data, "start_urls")),
            article_url_pattern=_pattern(data, "article_url_pattern"),
            not_article_url_pattern=_pattern(data, "not_article_url_pattern"),
            selectors={key: to_xpath(value) for key, value in selectors.items()},
            drop=tuple(to_xpath(value) for value in _strings(data, "drop")),
        )
    except (re.error, ValueError, TypeError) as exc:
        raise ProfileError(f"profile {name!r}: {exc}") from exc


def _pattern(data: dict[str, Any], key: str) -> re.Pattern[str] | None:
    return re.compile(data[key]) if data.get(key) else None


def to_xpath(selector: str) -> str:
    """A CSS selector, or an XPath written as "xpath:...", as XPath."""
    if not isinstance(selector, str) or not selector.strip():
        raise ValueError(f"selector must be a non-empty string, not {selector!r}")
    selector = selector.strip()
    return selector.removeprefix("xpath:").strip() if selector.startswith("xpath:") else css2xpath(selector)


def _strings(data: dict[str, Any], key: str) -> list[str]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ProfileError(f"{key} must be a list of strings")
    return value
