"""Distributed mode's Scrapy components: a scheduler on a round's shared queue that records what each worker
has in flight and keeps a worker while the round has work, and the middlewares that say when a request
taken from the queue is done with."""

from __future__ import annotations

import hashlib
import logging
import time
from collections import Counter
from collections.abc import AsyncIterator, Iterable
from typing import Any
from weakref import WeakKeyDictionary

from itemadapter import is_item
from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.http import Response
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler
from twisted.internet.task import LoopingCall

from newsspider import keys
from newsspider import signals as newsspider_signals
from newsspider.options import option, option_float, option_int
from newsspider.rounds import CrawlRound, RoundKeys, resolve_round
from newsspider.state import distributed

logger = logging.getLogger(__name__)

HEARTBEATS_PER_TTL = 3  # a worker is dead after missing this many heartbeats
WAKE_SECONDS = 0.5  # how often a worker looks for requests other workers queued

_SCHEDULERS: WeakKeyDictionary[Crawler, RoundScheduler] = WeakKeyDictionary()


def crawl_name(spider: Spider) -> str:
    """The crawl a worker belongs to: its spider and start URLs (two crawls on one Redis share nothing)."""
    start_urls = "\n".join(sorted(getattr(spider, "start_urls", ())))
    return f"{spider.name}-{hashlib.sha1(start_urls.encode()).hexdigest()[:10]}"


class TrackedQueue(PriorityQueue):
    """scrapy-redis's priority queue, with the encoded form exposed for requests taken and given back."""

    def decode(self, encoded: bytes) -> Request:
        request: Request = self._decode_request(encoded)
        return request

    def push_encoded(self, requests: list[bytes]) -> None:
        """Queue requests again as they were taken (same priorities)."""
        for encoded in requests:
            self.server.execute_command("ZADD", self.key, -self.decode(encoded).priority, encoded)


class RoundScheduler(Scheduler):
    """scrapy-redis's scheduler on the round's keys. A worker stays while the round has work: requests queued,
    or a live worker with requests in flight (which may queue more). A worker that took part closes when the
    round has none left; one that found nothing to do waits NEWSSPIDER_REDIS_IDLE_CLOSE seconds first, and so
    does one with nothing to do while another finishes. Requests of workers that died are queued again."""

    crawler: Crawler
    round: CrawlRound
    queue: TrackedQueue
    took_part: bool  # whether this worker took any request from the round's queue
    idle_since: float | None  # when this worker last ran out of work (time.monotonic)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RoundScheduler:
        scheduler: RoundScheduler = super().from_crawler(crawler)
        scheduler.crawler = crawler
        scheduler.took_part = False
        scheduler.idle_since = None
        crawler.signals.connect(scheduler.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(scheduler.article_written, signal=newsspider_signals.article_written)
        _SCHEDULERS[crawler] = scheduler
        return scheduler

    def open(self, spider: Spider) -> None:
        settings = self.crawler.settings
        interval = option_int(settings, "NEWSSPIDER_REDIS_HEARTBEAT")
        ttl = HEARTBEATS_PER_TTL * interval
        crawl = crawl_name(spider)
        round_name = resolve_round(self.server, crawl, option(settings, "NEWSSPIDER_REDIS_ROUND"), ttl)
        round_keys = RoundKeys(crawl, round_name)
        self.spider = spider
        self.round = CrawlRound(self.server, round_keys, ttl, option_int(settings, "NEWSSPIDER_REDIS_EXPIRE"))
        self.queue = TrackedQueue(self.server, spider, round_keys.key("requests"), self.serializer)
        self.df = RFPDupeFilter(self.server, round_keys.key("dupefilter"), debug=settings.getbool("DUPEFILTER_DEBUG"))
        self.round.join({"spider": spider.name, "start_urls": " ".join(getattr(spider, "start_urls", ()))})
        setattr(self.crawler, keys.CLAIM_OWNER, round_keys.heartbeat(self.round.worker))
        self.heartbeat = LoopingCall(self.round.beat)
        self.heartbeat.start(interval, now=False)
        self.waker = LoopingCall(self.wake_engine)
        self.waker.start(WAKE_SECONDS, now=False)
        logger.info(
            "worker %s joined round %s of crawl %s (%d requests queued)",
            self.round.worker,
            round_keys.round,
            crawl,
            len(self.queue),
        )

    def enqueue_request(self, request: Request) -> bool:
        # A request that carries an in-flight field is a retry or a redirect of one taken from the queue:
        # once it is queued, the request it replaces is done with.
        field = request.meta.pop(keys.IN_FLIGHT, None)
        accepted: bool = super().enqueue_request(request)
        if field:
            self.round.finish(field)
        return accepted

    def next_request(self) -> Request | None:
        taken = self.round.take()
        if taken is None:
            return None
        field, encoded = taken
        request = self.queue.decode(encoded)
        request.meta[keys.IN_FLIGHT] = field
        self.took_part, self.idle_since = True, None
        if self.stats:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def wake_engine(self) -> None:
        """Have the engine ask for requests when other workers queued some. Scrapy asks an idle scheduler only
        every 5 s (ExecutionEngine._SLOT_HEARTBEAT_INTERVAL), and has no public call for it: a worker that ran
        dry would idle that long while the shared queue fills."""
        slot = getattr(self.crawler.engine, "_slot", None)
        if slot is not None and len(self.queue):
            slot.nextcall.schedule()

    def finish(self, request: Request) -> None:
        """A request this worker took is done with: what it yielded is queued or written."""
        field = request.meta.pop(keys.IN_FLIGHT, None)
        if field:
            self.round.finish(field)

    def spider_idle(self, spider: Spider) -> None:
        """Keep the worker while the round has work for it (see the class docstring)."""
        orphans = self.round.orphaned_requests()
        self.queue.push_encoded(orphans)
        if orphans and self.stats:
            self.stats.inc_value(keys.REQUEUED_ORPHANS, len(orphans))
        if orphans or len(self.queue):
            raise DontCloseSpider
        others_busy = self.round.has_work()
        if self.took_part and not others_busy:
            logger.info(
                "round %s has no work left: queue empty, no worker with requests in flight; closing",
                self.round.keys.round,
            )
            return
        self.idle_since = self.idle_since or time.monotonic()
        idle_close = option_float(self.crawler.settings, "NEWSSPIDER_REDIS_IDLE_CLOSE")
        if time.monotonic() - self.idle_since < idle_close:
            raise DontCloseSpider
        logger.info(
            "round %s had no work for this worker for %d s (%s); closing",
            self.round.keys.round,
            idle_close,
            "other workers are finishing theirs" if others_busy else "the round is empty",
        )

    def article_written(self, item: Any) -> None:
        self.round.article_written()

    def close(self, reason: str) -> None:
        """Give this worker's unfinished requests back to the queue, and leave the round."""
        for loop in (self.heartbeat, self.waker):
            if loop.running:
                loop.stop()
        self.queue.push_encoded(self.round.own_requests())
        self.round.leave()
        super().close(reason)


def finish_request(crawler: Crawler, request: Request) -> None:
    scheduler = _SCHEDULERS.get(crawler)
    if scheduler is not None:
        scheduler.finish(request)


class _RoundProgress:
    """Base of the two middlewares below: on only in distributed mode."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> _RoundProgress:
        if not distributed(crawler.settings):
            raise NotConfigured
        return cls(crawler)


class RoundProgressSpiderMiddleware(_RoundProgress):
    """A response's request is done with once its callback's output went through: its requests queued and
    its items through the pipelines (written or dropped), or once the callback failed. An item still in the
    pipelines when the worker dies is why its request must stay in flight until then."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.running: set[Response] = set()  # responses whose callback is still giving output
        self.items_pending: Counter[Response] = Counter()  # their items not yet through the pipelines
        for signal in (signals.item_scraped, signals.item_dropped, signals.item_error):
            crawler.signals.connect(self.item_done, signal=signal)

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterable[Any]:
        self.running.add(response)
        try:
            for output in result:
                self._count(response, output)
                yield output
        finally:
            self._callback_done(response)

    async def process_spider_output_async(self, response: Response, result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        self.running.add(response)
        try:
            async for output in result:
                self._count(response, output)
                yield output
        finally:
            self._callback_done(response)

    def process_spider_exception(self, response: Response, exception: Exception) -> None:
        self._callback_done(response)

    def item_done(self, response: Response | None = None, **_: Any) -> None:
        if response is None or response not in self.items_pending:
            return
        self.items_pending[response] -= 1
        if self.items_pending[response] <= 0:
            del self.items_pending[response]
            if response not in self.running:
                finish_request(self.crawler, response.request)  # type: ignore[arg-type]  # set on every response

    def _count(self, response: Response, output: Any) -> None:
        if is_item(output):
            self.items_pending[response] += 1

    def _callback_done(self, response: Response) -> None:
        self.running.discard(response)
        if response not in self.items_pending:
            finish_request(self.crawler, response.request)  # type: ignore[arg-type]  # set on every response


class RoundProgressDownloaderMiddleware(_RoundProgress):
    """A request whose download failed for good (no retry left, or refused by a middleware) is done with."""

    def process_exception(self, request: Request, exception: Exception) -> None:
        finish_request(self.crawler, request)
