"""Spider arguments: listed once, checked once, before anything is requested."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from newsspider.discovery.sources import parse_since
from newsspider.sites import PROFILE_DIR, ProfileError, SiteProfile, load_profile
from newsspider.spiders.scope import CRAWLABLE_SCHEMES, Scope

DEMO_PROFILE = "demo"
ARGUMENTS = ("start_urls", "profile", "feeds", "since")
# Arguments Scrapy itself gives meaning to; names starting with "_" are a scheduler's (scrapyd's _job).
SCRAPY_ARGUMENTS = frozenset({"name", "allowed_domains"})


class SpiderArgumentError(ValueError):
    """A spider argument that makes the run pointless: reported in one line, before anything starts."""


@dataclass(frozen=True)
class CrawlArguments:
    """What the spider arguments resolve to."""

    profile: SiteProfile
    start_urls: list[str]
    scope: Scope
    feeds: list[str]
    since: datetime | None


def parse_arguments(given: Mapping[str, str | None]) -> CrawlArguments:
    """The crawl the spider arguments ask for; raise SpiderArgumentError with a one-line reason."""
    profile, urls = resolve_arguments(given.get("start_urls"), given.get("profile"))
    scope = Scope(urls, profile.domains)
    feeds, since = check_discovery_arguments(given.get("feeds"), given.get("since"), scope)
    return CrawlArguments(profile, urls, scope, feeds, since)


def check_arguments(given: Mapping[str, str]) -> None:
    """Raise SpiderArgumentError for arguments the spider cannot run with: unknown, empty or wrong ones."""
    unknown = sorted(
        name for name in given if name not in ARGUMENTS and name not in SCRAPY_ARGUMENTS and not name.startswith("_")
    )
    if unknown:
        raise SpiderArgumentError(f"unknown argument {unknown[0]!r} (known: {', '.join(ARGUMENTS)})")
    for name in ("start_urls", "profile"):
        if name in given and given[name] is not None and not given[name].strip():
            raise SpiderArgumentError(f"{name}= is empty")
    parse_arguments(given)


def resolve_arguments(start_urls: str | None, profile_name: str | None) -> tuple[SiteProfile, list[str]]:
    """Check the spider arguments; raise SpiderArgumentError with a one-line reason when they are wrong."""
    try:
        profile = load_profile(profile_name or DEMO_PROFILE) if profile_name or not start_urls else None
    except ProfileError as exc:
        raise SpiderArgumentError(str(exc)) from exc
    urls = url_list(start_urls)
    if not urls and profile is not None:
        urls = [_profile_url(url) for url in profile.start_urls]
    if not urls:
        raise SpiderArgumentError("no start URLs: give -a start_urls=URL[,URL...] or a profile with start_urls")
    for url in urls:
        check_url(url)
    return profile or SiteProfile(name="generic"), urls


def url_list(value: str | None) -> list[str]:
    """A comma-separated argument as a list of URLs."""
    return [url.strip() for url in (value or "").split(",") if url.strip()]


def check_url(url: str) -> None:
    """Raise SpiderArgumentError unless the URL is a web URL with a host, or an existing local file."""
    part = urlsplit(url)
    try:
        part.port  # noqa: B018 - raises ValueError for a port out of range (99999)
    except ValueError as exc:
        raise SpiderArgumentError(f"malformed start URL {url!r}: {exc}") from exc
    if part.username is not None or part.password is not None:
        raise SpiderArgumentError(
            f"a URL for {part.hostname} holds a user name or password: they would be sent and logged"
        )
    host = part.hostname or ""
    if part.scheme in CRAWLABLE_SCHEMES and ("." in host.strip(".") or host in ("localhost", "127.0.0.1")):
        return
    if part.scheme == "file" and Path(part.path).exists():
        return
    raise SpiderArgumentError(f"malformed or unreachable start URL {url!r} (expected http(s)://host/...)")


def check_feed_url(url: str, scope: Scope) -> None:
    """Raise SpiderArgumentError unless a feed URL is a web URL the crawl's scope allows (no file:, no
    other site): the crawl would drop everything it lists."""
    check_url(url)
    if urlsplit(url).scheme not in CRAWLABLE_SCHEMES or not scope.allows(url):
        raise SpiderArgumentError(f"feed {url!r} is outside the crawl (its start URLs' sites and profile domains)")


def _profile_url(url: str) -> str:
    """Profiles may name a file of the package's sites/ folder (the demo site) by a path relative to it."""
    if "://" in url:
        return url
    return Path(str(PROFILE_DIR.joinpath(url))).resolve().as_uri()


def check_discovery_arguments(feeds: str | None, since: str | None, scope: Scope) -> tuple[list[str], datetime | None]:
    """The feed URLs and the date window; raise SpiderArgumentError when they are wrong."""
    urls = url_list(feeds)
    for url in urls:
        check_feed_url(url, scope)
    try:
        return urls, parse_since(since) if since else None
    except ValueError as exc:
        raise SpiderArgumentError(str(exc)) from exc
