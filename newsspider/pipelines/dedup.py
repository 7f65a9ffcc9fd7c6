"""The dedup pipeline: one record per article across URLs, variants, identical bodies and runs."""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured

from newsspider import keys
from newsspider.pipelines.stop import stop_run
from newsspider.signals import article_unchanged
from newsspider.state import STORE_ERRORS, Known, StateStore, body_key, run_id, store_for
from newsspider.text import is_newer
from newsspider.urls import canonical_form, without_tracking


class DeduplicatePipeline:
    """One record per article across URLs, variants, identical bodies and runs; a changed article is written
    again with the same id and its version one higher. The writer records what it wrote in the same store."""

    def __init__(self, crawler: Crawler, store: StateStore) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.store = store
        self.signals = crawler.signals
        self.run = run_id(crawler)  # marks the articles this run writes: a second copy is a duplicate

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DeduplicatePipeline:
        store = store_for(crawler)
        if store is None:
            raise NotConfigured("NEWSSPIDER_STATE is off")
        return cls(crawler, store)

    def process_item(self, item: Any) -> Any:
        try:
            return self._deduplicate(item)
        except STORE_ERRORS as exc:  # a full disk, a damaged file: one line, and the run stops
            self.stats.inc_value(keys.STORE_FAILURES)
            stop_run(self.crawler, f"the state store failed: {exc}")
            raise DropItem(f"not checked against the state store: {exc}", log_level="DEBUG") from exc

    def _deduplicate(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        found = self.store.find(
            adapter["id"], url_keys(adapter), body_key(adapter["canonical_url"], adapter.get("body"))
        )
        if found is None:
            adapter["version"] = 1
        else:
            known, match = found
            if (match == "body" and known.id != adapter["id"]) or known.run == self.run:
                self._drop("duplicate", f"duplicate of article {known.id}")
            if not changed(known, adapter):
                self.signals.send_catch_log(signal=article_unchanged, item=item)
                self._drop("unchanged", f"unchanged article {known.id}")
            adapter["id"], adapter["version"] = known.id, known.version + 1
        owner = getattr(self.crawler, keys.CLAIM_OWNER, None)  # this worker's heartbeat key, when distributed
        if not self.store.claim(adapter["id"], adapter["version"], owner):  # another live worker is writing it
            self._drop("duplicate", f"article {adapter['id']} written by another worker")
        return item

    def _drop(self, kind: str, message: str) -> None:
        self.stats.inc_value(keys.DROPPED + kind)
        raise DropItem(message, log_level="DEBUG")


def changed(known: Known, adapter: ItemAdapter) -> bool:
    """Whether an article differs from the version written before: a later modified_at, or another body
    from the same page (a variant page, AMP or print, words the same article differently)."""
    modified = adapter.get("modified_at")
    if modified and known.modified_at and is_newer(modified, known.modified_at):
        return True
    same_page = known.source_key in (None, without_tracking(adapter["url"]))
    return same_page and body_key(adapter["canonical_url"], adapter.get("body")) != known.body_key


def url_keys(adapter: ItemAdapter) -> list[str]:
    """The keys of the URLs an article was reached under: the requested one, the one that answered (after
    redirects), and the canonical one."""
    fetched = [adapter["url"], adapter.get("response_url") or adapter["url"]]
    return sorted({*map(canonical_form, fetched), adapter["canonical_url"]})
