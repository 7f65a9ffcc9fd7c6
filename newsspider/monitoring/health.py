"""A run's extraction health per site: field coverage, body lengths, non-articles and failures, and samples.

A site is a registered domain (news.example.co.uk -> example.co.uk, from the public suffix list bundled
with tldextract, never fetched); a host given as an address keeps its port, so two local sites differ.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import asdict, dataclass, field
from functools import cache
from typing import Any
from urllib.parse import urlsplit

import tldextract

HEALTH_FIELDS = ("authors", "published_at", "caption", "images", "related_links")  # shares of articles with one
SHORT_BODY_CHARS = 500  # a body under this is counted as short
SAMPLES_PER_SITE = 5
SAMPLE_BODY_CHARS = 300
WORD_BINS = (0, 100, 200, 300, 500, 800, 1200, 2000, 5000)  # lower bounds of the word-count histogram's bins


@cache
def _extractor() -> tldextract.TLDExtract:
    # the snapshot of the public suffix list inside the package: no download, no cache directory
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def site_of(url: str) -> str:
    """The site a URL belongs to: its registered domain, else its host (and port)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    registered = _extractor()(host).top_domain_under_public_suffix if host else ""
    if registered:
        return registered
    return parts.netloc.lower() or f"{parts.scheme}://"  # file:// pages (the demo site) are one site


@dataclass
class SiteHealth:
    """One site in one run."""

    site: str
    articles: int = 0
    coverage: dict[str, float] = field(default_factory=dict)  # HEALTH_FIELDS -> share of articles with it
    median_words: float = 0.0
    short_bodies: float = 0.0  # share of bodies under SHORT_BODY_CHARS
    non_articles: dict[str, int] = field(default_factory=dict)  # by kind
    failures: dict[str, int] = field(default_factory=dict)  # by kind
    published_days: dict[str, int] = field(default_factory=dict)  # YYYY-MM-DD -> articles
    word_histogram: list[int] = field(default_factory=list)  # articles per WORD_BINS bin
    samples: list[dict[str, Any]] = field(default_factory=list)  # title, byline, caption, body start, url

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SiteHealth:
        return cls(**{name: data[name] for name in cls.__dataclass_fields__ if name in data})


@dataclass
class RunRecord:
    """One run: its summary, and the health of each site it wrote or tried to."""

    run_id: str
    spider: str
    started_at: str
    finished_at: str
    finish_reason: str
    summary: dict[str, int]
    sites: list[SiteHealth]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RunRecord:
        sites = [SiteHealth.from_json(site) for site in data.get("sites", [])]
        return cls(**{**{name: data[name] for name in cls.__dataclass_fields__ if name != "sites"}, "sites": sites})

    def site(self, name: str) -> SiteHealth | None:
        return next((site for site in self.sites if site.site == name), None)


@dataclass
class _SiteTally:
    """What a run has seen of one site so far."""

    articles: int = 0
    filled: Counter[str] = field(default_factory=Counter)
    words: list[int] = field(default_factory=list)
    short: int = 0
    non_articles: Counter[str] = field(default_factory=Counter)
    failures: Counter[str] = field(default_factory=Counter)
    days: Counter[str] = field(default_factory=Counter)
    samples: list[dict[str, Any]] = field(default_factory=list)


class HealthTally:
    """Count a run's articles, non-articles and failures per site as they happen."""

    def __init__(self) -> None:
        self.tallies: dict[str, _SiteTally] = {}

    def _of(self, url: str) -> _SiteTally:
        return self.tallies.setdefault(site_of(url), _SiteTally())

    def add_article(self, record: dict[str, Any]) -> None:
        tally = self._of(record.get("canonical_url") or record.get("url") or "")
        tally.articles += 1
        tally.filled.update(name for name in HEALTH_FIELDS if record.get(name))
        tally.words.append(int(record.get("word_count") or 0))
        tally.short += len(record.get("body") or "") < SHORT_BODY_CHARS
        if record.get("published_at"):
            tally.days[str(record["published_at"])[:10]] += 1
        if len(tally.samples) < SAMPLES_PER_SITE:
            tally.samples.append(sample(record))

    def add_non_article(self, url: str, kind: str) -> None:
        self._of(url).non_articles[kind] += 1

    def add_failure(self, url: str, kind: str) -> None:
        self._of(url).failures[kind] += 1

    def sites(self) -> list[SiteHealth]:
        return [site_health(name, tally) for name, tally in sorted(self.tallies.items())]


def sample(record: dict[str, Any]) -> dict[str, Any]:
    """What the report shows of an article."""
    body = record.get("body") or ""
    return {
        "url": record.get("url"),
        "title": record.get("title"),
        "byline": record.get("byline"),
        "caption": record.get("caption"),
        "body": body[:SAMPLE_BODY_CHARS],
    }


def site_health(name: str, tally: _SiteTally) -> SiteHealth:
    count = tally.articles
    return SiteHealth(
        site=name,
        articles=count,
        coverage={field_name: tally.filled[field_name] / count if count else 0.0 for field_name in HEALTH_FIELDS},
        median_words=float(statistics.median(tally.words)) if tally.words else 0.0,
        short_bodies=tally.short / count if count else 0.0,
        non_articles=dict(sorted(tally.non_articles.items())),
        failures=dict(sorted(tally.failures.items())),
        published_days=dict(sorted(tally.days.items())),
        word_histogram=word_histogram(tally.words),
        samples=tally.samples,
    )


def word_histogram(words: list[int]) -> list[int]:
    """Articles per bin of WORD_BINS (the last bin is open-ended)."""
    counts = [0] * len(WORD_BINS)
    for value in words:
        counts[max(index for index, low in enumerate(WORD_BINS) if value >= low)] += 1
    return counts
