"""Spider arguments: listed once, checked once, before anything is requested.

A URL list (-a urls=FILE, or - for stdin) is read here too: its lines become the URLs of a crawl without
discovery, and the lines that are no URL are kept aside, with their line numbers, for the spider to report.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from newsspider.discovery.sources import parse_since
from newsspider.sites import PROFILE_DIR, ProfileError, SiteProfile, load_profile
from newsspider.spiders.scope import CRAWLABLE_SCHEMES, Scope
from newsspider.urls import safe_url

DEMO_PROFILE = "demo"
ARGUMENTS = ("start_urls", "profile", "feeds", "since", "urls")
# Arguments Scrapy itself gives meaning to; names starting with "_" are a scheduler's (scrapyd's _job).
SCRAPY_ARGUMENTS = frozenset({"name", "allowed_domains"})
# Arguments a URL list cannot go with: they start or shape discovery, and a URL list is fetched as listed.
DISCOVERY_ARGUMENTS = ("start_urls", "feeds", "since")
STDIN = "-"  # urls=- reads the URL list from standard input
COMMENT = "#"
SHOWN_LINE_CHARS = 100  # of a malformed line, in its warning: a stray binary line must not flood the log
USERINFO = re.compile(r"//[^/?#@]*@")  # "//user:password@" in a line: never shown
UNDECODABLE = "\ufffd"  # what bytes that are not UTF-8 decode to


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
    url_list: UrlList | None = None  # -a urls=: start_urls are then its URLs, fetched as articles


@dataclass(frozen=True)
class BadLine:
    """A line of a URL list that is no URL to fetch: its number (from 1) and why."""

    number: int
    reason: str


@dataclass(frozen=True)
class UrlList:
    """What a URL list holds: its distinct URLs in file order, and what was left out."""

    urls: list[str] = field(default_factory=list)
    read: int = 0  # well-formed URL lines, repeats included
    duplicates: int = 0  # lines naming a URL of an earlier line (after removing fragments and tracking)
    malformed: list[BadLine] = field(default_factory=list)


def parse_arguments(given: Mapping[str, str | None]) -> CrawlArguments:
    """The crawl the spider arguments ask for; raise SpiderArgumentError with a one-line reason. A URL list
    is read here (standard input included: call this once)."""
    path = given.get("urls")
    if path is not None:
        profile = url_list_profile(given)
        listed = read_url_list(path)
        return CrawlArguments(profile, listed.urls, Scope(listed.urls, profile.domains), [], None, listed)
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
    for name in ("start_urls", "profile", "urls"):
        if name in given and given[name] is not None and not given[name].strip():
            raise SpiderArgumentError(f"{name}= is empty")
    if given.get("urls") is not None:
        # checked without being read: standard input can be read once only, by the spider
        url_list_profile(given)
        check_url_list_path(given["urls"])
        return
    parse_arguments(given)


def resolve_arguments(start_urls: str | None, profile_name: str | None) -> tuple[SiteProfile, list[str]]:
    """Check the spider arguments; raise SpiderArgumentError with a one-line reason when they are wrong."""
    profile = _load_profile(profile_name or DEMO_PROFILE) if profile_name or not start_urls else None
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
    if part.scheme in CRAWLABLE_SCHEMES and is_web_host(part.hostname):
        return
    if part.scheme == "file" and Path(part.path).exists():
        return
    raise SpiderArgumentError(f"malformed or unreachable start URL {url!r} (expected http(s)://host/...)")


def is_web_host(host: str | None) -> bool:
    """Whether a URL's host can name a web site: a dotted name or address, or this machine by name."""
    host = host or ""
    return "." in host.strip(".") or host in ("localhost", "127.0.0.1")


def check_feed_url(url: str, scope: Scope) -> None:
    """Raise SpiderArgumentError unless a feed URL is a web URL the crawl's scope allows (no file:, no
    other site): the crawl would drop everything it lists."""
    check_url(url)
    if urlsplit(url).scheme not in CRAWLABLE_SCHEMES or not scope.allows(url):
        raise SpiderArgumentError(f"feed {url!r} is outside the crawl (its start URLs' sites and profile domains)")


def _load_profile(name: str) -> SiteProfile:
    try:
        return load_profile(name)
    except ProfileError as exc:
        raise SpiderArgumentError(str(exc)) from exc


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


def url_list_profile(given: Mapping[str, str | None]) -> SiteProfile:
    """The profile a URL list is extracted with (its selectors and drops; none given: the generic one);
    raise SpiderArgumentError for an argument a URL list cannot go with."""
    for name in DISCOVERY_ARGUMENTS:
        if given.get(name) is not None:
            raise SpiderArgumentError(
                f"urls= cannot be combined with {name}=: a URL list is fetched as listed, without discovery"
            )
    profile_name = given.get("profile")
    return _load_profile(profile_name) if profile_name else SiteProfile(name="generic")


def check_url_list_path(path: str) -> None:
    """Raise SpiderArgumentError unless the URL list can be opened for reading (standard input always can)."""
    if path == STDIN:
        return
    try:
        with open(path, "rb"):
            pass
    except OSError as exc:  # missing, a directory, no permission
        raise SpiderArgumentError(f"cannot read the URL list {path}: {exc.strerror or exc}") from exc


def read_url_list(path: str) -> UrlList:
    """The URL list in a file, or on standard input for "-"; raise SpiderArgumentError when it cannot be read.
    UTF-8, a byte-order mark allowed; undecodable bytes make their line malformed, not the run fail."""
    check_url_list_path(path)
    try:
        data = sys.stdin.buffer.read() if path == STDIN else Path(path).read_bytes()
    except (OSError, AttributeError) as exc:  # AttributeError: no standard input at all (sys.stdin is None)
        raise SpiderArgumentError(f"cannot read the URL list {path}: {exc}") from exc
    # split on newlines only, so that line numbers are the ones an editor shows (\r goes with strip())
    return parse_url_lines(data.decode("utf-8-sig", errors="replace").split("\n"))


def parse_url_lines(lines: Iterable[str]) -> UrlList:
    """The URLs of a URL list's lines: stripped, blank lines and # comments skipped, malformed lines set
    aside with their numbers, repeats (once fragments and tracking parameters are gone) kept once."""
    urls: dict[str, None] = {}  # insertion-ordered set
    read, malformed = 0, []
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line or line.startswith(COMMENT):
            continue
        url, problem = listed_url(line)
        if url is None:
            malformed.append(BadLine(number, problem))
            continue
        read += 1
        urls[url] = None
    return UrlList(list(urls), read, read - len(urls), malformed)


def listed_url(line: str) -> tuple[str | None, str]:
    """A URL list's line as the URL to request, or None and why it is malformed."""
    shown = shown_line(line)
    try:
        part = urlsplit(line)
        part.port  # noqa: B018 - raises ValueError for a port out of range (99999)
    except ValueError as exc:  # "http://[x", a port over 65535
        return None, f"{shown}: {exc}"
    if part.scheme not in CRAWLABLE_SCHEMES or not is_web_host(part.hostname):
        return None, f"{shown} is not an absolute http(s) URL"
    if part.username is not None or part.password is not None:
        return None, f"{shown} holds a user name or password"  # they would be sent and logged
    if any(character.isspace() for character in line):  # two URLs on a line, or a "URL<tab>title" export
        return None, f"{shown} holds whitespace"
    if UNDECODABLE in line:
        return None, f"{shown} holds bytes that are not UTF-8"
    url = safe_url(line)
    return (url, "") if url is not None else (None, f"{shown} cannot be parsed")


def shown_line(line: str) -> str:
    """A line as a warning may show it: shortened, its user name and password masked."""
    masked = USERINFO.sub("//***@", line)
    return repr(masked if len(masked) <= SHOWN_LINE_CHARS else masked[:SHOWN_LINE_CHARS] + "...")
