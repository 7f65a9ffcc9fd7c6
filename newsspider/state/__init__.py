"""The crawl's state (articles written, their versions, page validators) behind one protocol.

A backend is one module (sqlite.py, redis.py) registered in open_store(). A run opens one store, shared by
every component that asks for it through store_for(), and closes it when the spider closes.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from scrapy import signals

from newsspider.state.base import STORE_ERRORS, Known, StateStore, Validators, body_key
from newsspider.state.sqlite import ArticleStore, store_path

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

__all__ = [
    "STORE_ERRORS",
    "ArticleStore",
    "Known",
    "StateStore",
    "Validators",
    "body_key",
    "distributed",
    "open_store",
    "run_id",
    "store_for",
    "store_path",
]

_OPEN: WeakKeyDictionary[Crawler, StateStore | None] = WeakKeyDictionary()
_RUNS: WeakKeyDictionary[Crawler, str] = WeakKeyDictionary()


def distributed(settings: BaseSettings) -> str | None:
    """The Redis URL of distributed mode, or None: the one place that decides whether the crawl is shared."""
    return settings.get("NEWSSPIDER_REDIS_URL") or None


def open_store(settings: BaseSettings) -> StateStore | None:
    """A new state store: Redis in distributed mode, else SQLite; None when state is off."""
    url = distributed(settings)
    if url:
        from newsspider.state.redis import RedisArticleStore  # redis is installed with the `redis` extra

        return RedisArticleStore(url)
    path = store_path(settings)
    return ArticleStore(path) if path is not None else None


def store_for(crawler: Crawler) -> StateStore | None:
    """The run's one state store: opened on the first call, closed when the spider closes."""
    if crawler not in _OPEN:
        store = _OPEN[crawler] = open_store(crawler.settings)
        if store is not None:
            crawler.signals.connect(store.close, signal=signals.spider_closed, weak=False)
    return _OPEN[crawler]


def run_id(crawler: Crawler) -> str:
    """The run's identity in the store: what it writes is recorded under it, so a second copy is a duplicate."""
    return _RUNS.setdefault(crawler, uuid.uuid4().hex)
