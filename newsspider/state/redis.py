"""The state store backend on Redis, for distributed crawls: N workers share one record of what was written."""

from __future__ import annotations

import json
from typing import Any

import redis

from newsspider.state.base import Known, Validators
from newsspider.text import iso_moment
from newsspider.urls import without_tracking

PREFIX = "newsspider"
CLAIM_SECONDS = 600  # a worker that claimed an article and died frees it after this long (under a cron round)
# Claim an article version: free, or held by an owner whose heartbeat key is gone (a worker that died between
# claiming and writing; its request went back to the queue, and whoever reads it again must be able to write).
CLAIM = """
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', ARGV[2]) then return 1 end
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= '' and redis.call('EXISTS', holder) == 0 then
    redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
    return 1
end
return 0
"""


class RedisArticleStore:
    """Same interface as ArticleStore; keys: article:<id>, url:<url key>, body:<body key>, claim:<id>:<v>."""

    def __init__(self, url: str) -> None:
        self.redis = redis.Redis.from_url(url, decode_responses=True)

    def find(self, article_id: str, url_keys: list[str], text_key: str | None) -> tuple[Known, str] | None:
        """The known article with this id, else reached under one of these URLs, else with this body."""
        known = self._article(article_id)
        if known is not None:
            return known, "id"
        for url_key in url_keys:
            linked = _text(self.redis.hget(self._key("url", url_key), "article_id"))
            if linked and (known := self._article(linked)) is not None:
                return known, "url"
        linked = _text(self.redis.get(self._key("body", text_key))) if text_key else None
        if linked and (known := self._article(linked)) is not None:
            return known, "body"
        return None

    def claim(self, article_id: str, version: int, owner: str | None = None) -> bool:
        """Reserve writing this version of an article: only one live worker gets it. `owner` is the
        claiming worker's heartbeat key; a claim without one is held until it expires."""
        key = self._key("claim", f"{article_id}:{version}")
        return bool(self.redis.eval(CLAIM, 1, key, owner or "", CLAIM_SECONDS))

    def mark_written(
        self, item: dict[str, Any], url_keys: list[str], text_key: str | None, run: str | None = None
    ) -> None:
        """Record an article as written, and by which run (one transaction)."""
        pipe = self.redis.pipeline(transaction=True)
        fields: dict[Any, Any] = {  # redis-py types mappings invariantly: any key and value it can encode
            "version": item.get("version") or 1,
            "body_key": text_key or "",
            "canonical_url": item["canonical_url"],
            "modified_at": item.get("modified_at") or "",
            "source_key": without_tracking(item["url"]),
            "run": run or "",
        }
        pipe.hset(self._key("article", item["id"]), mapping=fields)
        for url_key in url_keys:
            pipe.hset(self._key("url", url_key), "article_id", item["id"])
        if text_key:
            pipe.set(self._key("body", text_key), item["id"])
        pipe.execute()

    def validators(self, url_key: str) -> Validators | None:
        """The validators of a page whose article was written; None for any other page."""
        etag, last_modified, lastmod, article_id = (
            _text(value)
            for value in self.redis.hmget(self._key("url", url_key), ["etag", "last_modified", "lastmod", "article_id"])
        )
        return Validators(etag, last_modified, lastmod) if article_id else None

    def save_validators(self, url_key: str, etag: str | None, last_modified: str | None, lastmod: str | None) -> None:
        """Remember what a page answered; used only once its article is recorded as written."""
        fields: dict[Any, Any] = {"etag": etag or "", "last_modified": last_modified or ""}
        if lastmod:
            fields["lastmod"] = lastmod
        self.redis.hset(self._key("url", url_key), mapping=fields)

    def save_run(self, record: dict[str, Any], keep: int) -> None:
        """Keep a run's record (a sorted set of run ids by end time, the records in a hash), the last `keep`."""
        finished = iso_moment(record["finished_at"]).timestamp()
        runs, records = self._key("history", "runs"), self._key("history", "records")
        pipe = self.redis.pipeline()
        pipe.zadd(runs, {record["run_id"]: finished})
        pipe.hset(records, record["run_id"], json.dumps(record, ensure_ascii=False))
        pipe.execute()
        dropped = self.redis.zrange(runs, 0, -keep - 1)
        if dropped:
            self.redis.zrem(runs, *dropped)
            self.redis.hdel(records, *dropped)

    def recent_runs(self, limit: int) -> list[dict[str, Any]]:
        """The records of the last `limit` runs, newest first."""
        run_ids = [str(run) for run in self.redis.zrevrange(self._key("history", "runs"), 0, limit - 1)]
        stored = self.redis.hmget(self._key("history", "records"), run_ids) if run_ids else []
        return [json.loads(_text(value) or "{}") for value in stored if value]

    def find_run(self, run_id: str) -> dict[str, Any] | None:
        stored = _text(self.redis.hget(self._key("history", "records"), run_id))
        return json.loads(stored) if stored else None

    def close(self) -> None:
        """Close the connection pool."""
        self.redis.close()

    def _article(self, article_id: str) -> Known | None:
        stored = self.redis.hgetall(self._key("article", article_id))
        fields = {_text(key): _text(value) for key, value in stored.items()}
        if not fields:
            return None
        return Known(
            article_id,
            int(fields.get("version") or 1),
            fields.get("body_key"),
            fields.get("modified_at"),
            fields.get("source_key"),
            fields.get("run"),
        )

    def _key(self, kind: str, value: str) -> str:
        return f"{PREFIX}:{kind}:{value}"


def _text(value: bytes | str | None) -> str | None:
    """A Redis reply as text; empty values as None."""
    text = value.decode("utf-8") if isinstance(value, bytes) else value
    return text or None
