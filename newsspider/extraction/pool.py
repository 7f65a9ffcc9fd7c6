"""Reading pages off the reactor thread: the page's kind, and its article when it is one, worked out in a pool
of processes (or threads), each page within NEWSSPIDER_EXTRACT_TIMEOUT, so that a slow page never holds up
downloads."""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime
from types import FrameType
from typing import NamedTuple

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.http import HtmlResponse, TextResponse

from newsspider.extraction.article import build_article, readable_response, response_metadata
from newsspider.extraction.pagekind import PageKind, classify_response
from newsspider.extraction.structured import Metadata
from newsspider.items import Article
from newsspider.options import option, option_float, option_int
from newsspider.sites import SiteProfile
from newsspider.urls import url_is_not_article

logger = logging.getLogger(__name__)

POOLS = ("process", "thread", "none")  # NEWSSPIDER_EXTRACT_POOL: "none" reads pages on the reactor thread
# Workers are started fresh (not forked): the crawl process has a running event loop and threads.
PROCESS_START = "spawn"
WARM_UP_URL = "https://newsspider.invalid/warm-up.html"
WARM_UP_PAGE = b"<html><head><title>Warm-up</title></head><body><h1>Warm-up</h1><p>A page.</p></body></html>"
PARENT_CHECK_SECONDS = 1.0  # how often a worker process checks that the crawl process is still there


class PageReading(NamedTuple):
    """What a page is, and its article when it is one (None also for an article page without a document)."""

    kind: PageKind
    article: Article | None


def page_kind(
    response: TextResponse, profile: SiteProfile, metadata: Metadata | None, known: PageKind | None = None
) -> PageKind:
    """The kind the caller already knows (a page of a URL list is an article by the user's word), else the
    profile's URL patterns when they decide, else the page classifier."""
    if known is not None:
        return known
    by_profile = profile.is_article_url(response.url)
    if by_profile is None:
        return classify_response(response, metadata)
    if by_profile and not url_is_not_article(response.url):
        return PageKind("article", 1.0, "article: the profile's article_url_pattern")
    return PageKind("other", 1.0, "other: the profile's URL patterns")


def read_page(
    response: TextResponse, profile: SiteProfile, fetched_at: datetime, known: PageKind | None = None
) -> PageReading:
    """Classify a page (unless its kind is `known`) and, when it is an article, extract it (its metadata
    read once for both)."""
    response = readable_response(response)
    metadata = response_metadata(response)
    kind = page_kind(response, profile, metadata, known)
    return PageReading(kind, build_article(response, profile, fetched_at, metadata) if kind.is_article else None)


class PageTimeout(BaseException):
    """The page's time is up: a BaseException, so that no `except Exception` on the way swallows it."""


def read_page_bytes(
    url: str,
    body: bytes,
    encoding: str,
    profile: SiteProfile,
    fetched_at: datetime,
    timeout: float,
    known: PageKind | None = None,
) -> PageReading:
    """read_page in a worker process, which gets the page's bytes (a response does not pickle). The time
    limit is kept here, on the page's own work: a page waiting for a free worker does not use it up, and a
    page past it frees its worker at once."""
    try:
        with time_limit(timeout):
            return read_page(HtmlResponse(url=url, body=body, encoding=encoding), profile, fetched_at, known)
    except PageTimeout:
        raise TimeoutError(f"{url}: past {timeout} s") from None


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise PageTimeout in this (main) thread once `seconds` have passed; 0: no limit."""

    def expire(signal_number: int, frame: FrameType | None) -> None:
        raise PageTimeout

    if not seconds:
        yield
        return
    previous = signal.signal(signal.SIGALRM, expire)
    started = time.monotonic()
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    # the alarm's exception is lost when it lands in a callback that lxml's C code runs and silences (the
    # element class lookup of an iteration): the clock decides, not the alarm alone
    if time.monotonic() - started > seconds:
        raise PageTimeout


def worker_started(parent: int) -> None:
    """In each worker process: leave Ctrl-C to the crawl process, exit once it is gone (a crawl killed with
    SIGKILL has no time to stop its pool, and its workers would hold its output pipes open), and read one
    small page, so that loading the models does not count against the first real page's time limit."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_without, args=(parent,), name="newsspider-parent-watch", daemon=True).start()
    try:
        read_page(
            HtmlResponse(url=WARM_UP_URL, body=WARM_UP_PAGE, encoding="utf-8"),
            SiteProfile(name="generic"),
            datetime.now(UTC),
        )
    except Exception:  # an initializer that raises breaks the whole pool: the first page warms up instead
        logger.exception("The warm-up page of an extraction worker failed")


def _exit_without(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(1)


class ExtractionPool:
    """Where pages are read: a pool of processes (the default: extraction is CPU-bound Python, and processes
    use every core), a pool of threads, or the reactor thread itself."""

    def __init__(self, pool: str, workers: int, timeout: float) -> None:
        if pool not in POOLS:
            raise ValueError(f"NEWSSPIDER_EXTRACT_POOL must be one of {', '.join(POOLS)}, not {pool!r}")
        self.pool, self.timeout = pool, timeout
        self.executor: Executor | None = None
        if pool == "process":
            self.executor = ProcessPoolExecutor(
                workers,
                mp_context=multiprocessing.get_context(PROCESS_START),
                initializer=worker_started,
                initargs=(os.getpid(),),
            )
        elif pool == "thread":
            self.executor = ThreadPoolExecutor(workers, thread_name_prefix="newsspider-extract")
        self.free_threads = asyncio.Semaphore(workers)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractionPool:
        settings = crawler.settings
        pool = cls(
            str(option(settings, "NEWSSPIDER_EXTRACT_POOL")),
            option_int(settings, "NEWSSPIDER_EXTRACT_WORKERS"),
            option_float(settings, "NEWSSPIDER_EXTRACT_TIMEOUT"),
        )
        crawler.signals.connect(pool.close, signal=signals.spider_closed)
        return pool

    async def read(
        self,
        response: TextResponse,
        profile: SiteProfile,
        known: PageKind | None = None,
        fetched_at: datetime | None = None,
    ) -> PageReading:
        """The page's reading (`known`: its kind, not to be classified; `fetched_at`: when a stored page was
        fetched, else now); raises TimeoutError past the time limit (a thread finishes the page unseen)."""
        fetched_at = fetched_at or datetime.now(UTC)
        if self.executor is None:
            return read_page(response, profile, fetched_at, known)
        loop = asyncio.get_running_loop()
        if isinstance(self.executor, ProcessPoolExecutor):
            return await loop.run_in_executor(
                self.executor,
                read_page_bytes,
                response.url,
                response.body,
                response.encoding,
                profile,
                fetched_at,
                self.timeout,
                known,
            )
        return await self._in_thread(response, profile, fetched_at, known)

    async def _in_thread(
        self, response: TextResponse, profile: SiteProfile, fetched_at: datetime, known: PageKind | None
    ) -> PageReading:
        """read_page in a thread of the pool. A page is handed over only when a thread is free, so that its
        time counts from its start; a thread past the limit cannot be stopped, and keeps its place until done."""
        assert self.executor is not None
        await self.free_threads.acquire()
        loop = asyncio.get_running_loop()
        work = self.executor.submit(read_page, response, profile, fetched_at, known)
        work.add_done_callback(lambda _: loop.call_soon_threadsafe(self.free_threads.release))
        return await asyncio.wait_for(asyncio.wrap_future(work), self.timeout or None)

    def close(self) -> None:
        """Let the workers go; pages still being read are abandoned."""
        if self.executor is not None:
            self.executor.shutdown(wait=False, cancel_futures=True)
