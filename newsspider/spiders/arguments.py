"""Spider arguments and crawl scope: checked once, before anything is requested."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit

from newsspider.sites import ProfileError, SiteProfile, load_profile
from newsspider.urls import ascii_host

DEMO_PROFILE = "demo"
CRAWLABLE_SCHEMES = frozenset({"http", "https"})
DEFAULT_PORTS_BY_SCHEME = {"http": 80, "https": 443}
DEFAULT_PORTS = frozenset(DEFAULT_PORTS_BY_SCHEME.values())


class SpiderArgumentError(ValueError):
    """A spider argument that makes the run pointless: reported in one line, before anything starts."""


class Scope:
    """Which URLs a crawl may follow: the start URLs' hosts (and the profile's domains), never another scheme."""

    def __init__(self, start_urls: list[str], extra_domains: Iterable[str] = ()) -> None:
        parts = [urlsplit(url) for url in start_urls]
        self.schemes = {part.scheme for part in parts}
        if self.schemes & CRAWLABLE_SCHEMES:
            self.schemes |= CRAWLABLE_SCHEMES  # sites link and redirect between http and https
        self.domains = sorted({ascii_host(url).removeprefix("www.") for url in start_urls if urlsplit(url).hostname}
                              | {ascii_host(f"//{domain}") for domain in extra_domains})
        self.file_roots = [part.path.rsplit("/", 1)[0] + "/" for part in parts if part.scheme == "file"]
        # the start URLs' ports (http and https both, for a default one): another port of a host is another site
        ports = {part.port or DEFAULT_PORTS_BY_SCHEME[part.scheme] for part in parts
                 if part.scheme in CRAWLABLE_SCHEMES}
        self.ports = ports | DEFAULT_PORTS if ports & DEFAULT_PORTS else ports
        self.web_roots = sorted({f"{part.scheme}://{part.netloc}" for part in parts
                                 if part.scheme in CRAWLABLE_SCHEMES})

    def allows(self, url: str) -> bool:
        """Whether the crawl may request this URL."""
        part = urlsplit(url)
        if part.scheme not in self.schemes:
            return False
        if part.scheme == "file":
            return any(part.path.startswith(root) for root in self.file_roots)
        try:
            port = part.port or DEFAULT_PORTS_BY_SCHEME[part.scheme]
        except ValueError:  # a port out of range in page content: no site of the crawl
            return False
        if port not in self.ports:
            return False
        host = ascii_host(url)
        return any(host == domain or host.endswith("." + domain) for domain in self.domains)


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
        raise SpiderArgumentError(f"a URL for {part.hostname} holds a user name or password: they would be sent "
                                  "and logged")
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
    """Profiles may name a file of the repository (the demo site) by a path relative to it."""
    if "://" in url:
        return url
    return (Path(__file__).resolve().parents[2] / url).as_uri()
