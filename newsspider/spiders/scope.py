"""The crawl's scope: which URLs it may follow (its start URLs' sites, schemes and ports)."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from newsspider.urls import ascii_host

CRAWLABLE_SCHEMES = frozenset({"http", "https"})
DEFAULT_PORTS_BY_SCHEME = {"http": 80, "https": 443}
DEFAULT_PORTS = frozenset(DEFAULT_PORTS_BY_SCHEME.values())


class Scope:
    """Which URLs a crawl may follow: the start URLs' hosts (and the profile's domains), never another scheme."""

    def __init__(self, start_urls: list[str], extra_domains: Iterable[str] = ()) -> None:
        parts = [urlsplit(url) for url in start_urls]
        self.schemes = {part.scheme for part in parts}
        if self.schemes & CRAWLABLE_SCHEMES:
            self.schemes |= CRAWLABLE_SCHEMES  # sites link and redirect between http and https
        self.domains = sorted(
            {ascii_host(url).removeprefix("www.") for url in start_urls if urlsplit(url).hostname}
            | {ascii_host(f"//{domain}") for domain in extra_domains}
        )
        self.file_roots = [part.path.rsplit("/", 1)[0] + "/" for part in parts if part.scheme == "file"]
        # the start URLs' ports (http and https both, for a default one): another port of a host is another site
        ports = {
            part.port or DEFAULT_PORTS_BY_SCHEME[part.scheme] for part in parts if part.scheme in CRAWLABLE_SCHEMES
        }
        self.ports = ports | DEFAULT_PORTS if ports & DEFAULT_PORTS else ports
        self.web_roots = sorted(
            {f"{part.scheme}://{part.netloc}" for part in parts if part.scheme in CRAWLABLE_SCHEMES}
        )

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
