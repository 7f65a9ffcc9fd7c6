"""Crawl rounds on Redis: which workers are alive, which requests each has in flight, and whether a round
still has work.

A round is one crawl shared by N workers (NEWSSPIDER_REDIS_ROUND). Its keys, under
``newsspider:<crawl>:<round>:``, are:

- ``requests``: the shared queue (scrapy-redis's sorted set) and ``dupefilter``: the requests seen;
- ``workers``: the ids of the workers that joined, and ``worker:<id>``: each one's heartbeat, with a TTL;
- ``inflight:<id>``: the requests a worker took from the queue and has not finished, so that they go back
  to the queue when it dies;
- ``alive`` (refreshed by every heartbeat), ``info`` and ``written`` (articles written), for crawlstatus.

Every key expires NEWSSPIDER_REDIS_EXPIRE seconds after the round's last heartbeat (the dedup record of
articles, in newsspider.state.redis, is kept across rounds).
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import redis

logger = logging.getLogger(__name__)

PREFIX = "newsspider"
AUTO = "auto"  # NEWSSPIDER_REDIS_ROUND=auto: join the crawl's round in progress, or start one
ROUND_KEYS = ("requests", "dupefilter", "workers", "alive", "info", "written")

# Join the current round of a crawl while it is alive (a heartbeat within its TTL, or requests queued: the
# round of workers that all died); else make the proposed name current. One script: two workers started
# together agree on one round.
JOIN_OR_START = """
local current = redis.call('GET', KEYS[1])
if current then
    local base = ARGV[2] .. current .. ':'
    if redis.call('EXISTS', base .. 'alive') == 1 or redis.call('ZCARD', base .. 'requests') > 0 then
        return current
    end
end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('SET', ARGV[2] .. ARGV[1] .. ':alive', '1', 'EX', ARGV[3])
return ARGV[1]
"""
# Take the first request of the queue and record it as this worker's, in one step: a worker killed in
# between would lose it. Returns {field, encoded request} or nil.
POP_INTO_FLIGHT = """
local first = redis.call('ZRANGE', KEYS[1], 0, 0)
if #first == 0 then return false end
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, 0)
local field = redis.sha1hex(first[1])
redis.call('HSET', KEYS[2], field, first[1])
return {field, first[1]}
"""


@dataclass(frozen=True)
class RoundKeys:
    """The Redis key names of one round of one crawl."""

    crawl: str
    round: str

    @property
    def base(self) -> str:
        return f"{PREFIX}:{self.crawl}:{self.round}"

    def key(self, name: str) -> str:
        return f"{self.base}:{name}"

    def heartbeat(self, worker: str) -> str:
        return self.key(f"worker:{worker}")

    def inflight(self, worker: str) -> str:
        return self.key(f"inflight:{worker}")


def current_round_key(crawl: str) -> str:
    return f"{PREFIX}:{crawl}:current-round"


def new_round_name(now: datetime | None = None) -> str:
    """A round name from the UTC time it starts: 20261201T153000Z."""
    return (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")


def resolve_round(server: redis.Redis, crawl: str, requested: str, ttl: int) -> str:
    """The round to work in: the one named, or with "auto" the crawl's round in progress or a new one."""
    if requested != AUTO:
        return requested
    script = server.register_script(JOIN_OR_START)
    name = script(keys=[current_round_key(crawl)], args=[new_round_name(), f"{PREFIX}:{crawl}:", ttl])
    return _text(name)


def worker_id() -> str:
    """This process's id among the round's workers: host, pid, and a random part (pids are reused)."""
    return f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"


class CrawlRound:
    """One worker's part in a round: its heartbeat, its requests in flight, and the round's state."""

    def __init__(self, server: redis.Redis, keys: RoundKeys, heartbeat_ttl: int, expire: int) -> None:
        self.server = server
        self.keys = keys
        self.worker = worker_id()
        self.heartbeat_ttl = heartbeat_ttl
        self.expire = expire
        self._pop = server.register_script(POP_INTO_FLIGHT)

    def join(self, info: dict[str, str]) -> None:
        """Register this worker, and describe the round for crawlstatus if it is new."""
        self.server.hsetnx(self.keys.key("info"), "started_at", datetime.now(UTC).isoformat(timespec="seconds"))
        self.server.hset(self.keys.key("info"), mapping=info)  # type: ignore[arg-type]  # str values
        self.beat()

    def beat(self) -> None:
        """Say this worker is alive, and keep the round's keys from expiring while it runs."""
        ttl, keep = self.heartbeat_ttl, max(self.expire, 2 * self.heartbeat_ttl)
        pipe = self.server.pipeline(transaction=False)
        pipe.set(self.keys.heartbeat(self.worker), "1", ex=ttl)
        pipe.set(self.keys.key("alive"), "1", ex=ttl)
        pipe.sadd(self.keys.key("workers"), self.worker)
        for name in ROUND_KEYS:
            if name != "alive":
                pipe.expire(self.keys.key(name), keep)
        pipe.execute()

    def take(self) -> tuple[str, bytes] | None:
        """The next request of the shared queue (its in-flight field and encoded form), now this worker's."""
        taken = self._pop(keys=[self.keys.key("requests"), self.keys.inflight(self.worker)])
        return (_text(taken[0]), taken[1]) if taken else None

    def finish(self, field: str) -> None:
        """A request taken from the queue is done with: its outcome is recorded, or it is queued again."""
        self.server.hdel(self.keys.inflight(self.worker), field)

    def article_written(self) -> None:
        self.server.incr(self.keys.key("written"))

    def orphaned_requests(self) -> list[bytes]:
        """Take the requests in flight of workers whose heartbeat expired (they died), to queue them again.
        A RENAME claims each dead worker's requests, so only one survivor requeues them."""
        orphans: list[bytes] = []
        for worker in self._workers():
            if worker == self.worker or self.server.exists(self.keys.heartbeat(worker)):
                continue
            claimed = self._claim(worker)
            self.server.srem(self.keys.key("workers"), worker)
            logger.warning(
                "worker %s of round %s stopped answering: %d of its requests are queued again",
                worker,
                self.keys.round,
                len(claimed),
            )
            orphans.extend(claimed)
        return orphans

    def _claim(self, worker: str) -> list[bytes]:
        """Take a worker's in-flight requests out of Redis (RENAME first: one taker only)."""
        claimed = self.keys.key(f"recovering:{worker}")
        try:
            self.server.rename(self.keys.inflight(worker), claimed)
        except redis.ResponseError:  # nothing in flight, or another survivor claimed it first
            return []
        requests = _encoded(self.server.hvals(claimed))
        self.server.delete(claimed)
        return requests

    def own_requests(self) -> list[bytes]:
        """This worker's requests in flight, given up (a worker that stops puts them back in the queue)."""
        return self._claim(self.worker)

    def has_work(self) -> bool:
        """Whether the round has requests queued, or a live worker has requests in flight."""
        if self.server.zcard(self.keys.key("requests")):
            return True
        return any(self.server.hlen(self.keys.inflight(worker)) for worker in self._workers())

    def _workers(self) -> list[str]:
        return [_text(member) for member in self.server.smembers(self.keys.key("workers"))]

    def leave(self) -> None:
        """Deregister this worker; when the round has no work left, its keys expire after NEWSSPIDER_REDIS_EXPIRE."""
        self.server.delete(self.keys.heartbeat(self.worker))
        self.server.srem(self.keys.key("workers"), self.worker)
        if not self.has_work():
            for name in ROUND_KEYS:
                self.server.expire(self.keys.key(name), self.expire)


@dataclass(frozen=True)
class RoundStatus:
    """What crawlstatus prints of one round."""

    crawl: str
    round: str
    queued: int
    in_flight: int
    workers_alive: int
    written: int
    started_at: str
    start_urls: str


def round_statuses(server: redis.Redis) -> list[RoundStatus]:
    """Every round in this Redis that has not expired, oldest first."""
    statuses = []
    for key in server.scan_iter(match=f"{PREFIX}:*:*:info"):
        crawl, _, name = _text(key).removeprefix(f"{PREFIX}:").removesuffix(":info").partition(":")
        statuses.append(round_status(server, RoundKeys(crawl, name)))
    return sorted(statuses, key=lambda status: status.started_at)


def round_status(server: redis.Redis, keys: RoundKeys) -> RoundStatus:
    info: dict[Any, Any] = server.hgetall(keys.key("info"))
    workers = [_text(member) for member in server.smembers(keys.key("workers"))]
    alive = sum(1 for worker in workers if server.exists(keys.heartbeat(worker)))
    return RoundStatus(
        keys.crawl,
        keys.round,
        int(server.zcard(keys.key("requests"))),
        sum(int(server.hlen(keys.inflight(worker))) for worker in workers),
        alive,
        int(server.get(keys.key("written")) or 0),
        info.get(b"started_at", b"").decode(),
        info.get(b"start_urls", b"").decode(),
    )


def _text(value: bytes | str) -> str:
    """A Redis reply as text (the scheduler's connection returns bytes)."""
    return value.decode() if isinstance(value, bytes) else value


def _encoded(values: list[Any]) -> list[bytes]:
    """Encoded requests as stored (bytes: the scheduler's connection does not decode replies)."""
    return [value if isinstance(value, bytes) else value.encode() for value in values]
