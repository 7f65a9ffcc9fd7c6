"""The generated news site of the tests (tests/servers/news_site.py), made fit for crawls of 20,000 articles.

NewsSite finds an article's related stories with list.index over all articles, so each article page costs
time in proportion to the site's size; at 20,000 articles the server, not the crawler, would set the pace.
BenchSite serves the same bytes in constant time per page, and timestamps what it serves.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote

from tests.servers.news_site import Article, LoggedRequest, NewsSite

ARTICLE_PREFIX = "/news/"


@dataclass(frozen=True)
class Served:
    """What the server answered over a crawl: when it started and ended, and how many pages of each kind."""

    first: float
    last: float
    requests: int
    articles: int  # article pages answered 200

    @property
    def seconds(self) -> float:
        """Time from the first request to the last."""
        return max(self.last - self.first, 1e-9)

    @property
    def article_rate(self) -> float:
        """Article pages served per second."""
        return self.articles / self.seconds


class BenchSite(NewsSite):
    """NewsSite with related stories found through a position index, and a light request log."""

    def __init__(self, articles: int, now: datetime | None = None) -> None:
        super().__init__(articles=articles, now=now)
        self._newest_first = self.articles  # the benchmark publishes nothing after this
        self._position = {id(article): index for index, article in enumerate(self._newest_first)}
        self._served: list[tuple[float, str, int]] = []
        self._served_lock = threading.Lock()

    def __enter__(self) -> BenchSite:
        """Start serving."""
        self.start()
        return self

    def _related(self, article: Article) -> list[Article]:
        """NewsSite._related, without scanning the article list."""
        newest_first = self._newest_first
        index = self._position[id(article)]
        candidates = newest_first[max(0, index - 2) : index][::-1] if index >= 2 else newest_first[:3]
        return [other for other in candidates if other is not article][:2]

    def log(self, entry: LoggedRequest) -> None:
        """Keep the time, path and status of each request (not NewsSite's full log)."""
        with self._served_lock:
            self._served.append((time.perf_counter(), entry.path, entry.status))

    def take_served(self) -> Served:
        """What was served since the last call, and forget it."""
        with self._served_lock:
            served, self._served = self._served, []
        if not served:
            return Served(0.0, 0.0, 0, 0)
        articles = sum(1 for _, path, status in served if status == 200 and path.startswith(ARTICLE_PREFIX))
        return Served(served[0][0], served[-1][0], len(served), articles)


def check_same_pages(articles: int = 40) -> None:
    """Fail loudly if BenchSite no longer serves NewsSite's bytes (tests/servers/news_site.py changed under it)."""
    now = datetime.now(UTC)
    reference, bench = NewsSite(articles=articles, now=now), BenchSite(articles=articles, now=now)
    with reference, bench:
        for path in ("/", "/sitemap_index.xml", *(article.path for article in reference.articles)):
            ours, theirs = bench.page(path), reference.page(path)
            assert ours is not None and theirs is not None, path
            if _without_base(ours.body, bench.base) != _without_base(theirs.body, reference.base):
                raise RuntimeError(f"benchmarks/site.py: BenchSite serves {path} unlike tests/servers/news_site.py")


def _without_base(body: bytes, base: str) -> bytes:
    """A page without its site's address (plain or URL-quoted): the two servers listen on different ports."""
    return body.replace(base.encode(), b"").replace(quote(base, safe="").encode(), b"")
