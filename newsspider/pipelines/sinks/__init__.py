"""Output sinks: where written articles go. A sink is one module here, registered in NEWSSPIDER_SINKS.

Every sink writes through durable.py, so that what it holds survives a crash; the writer pipeline records
an article in the state store only once every sink holds it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.misc import build_from_crawler, load_object

from newsspider.downloadermiddlewares.capture import Exchange
from newsspider.options import components


@dataclass(frozen=True)
class Leftover:
    """A killed run's unfinished file: the records it holds, and how to finish it once they are recorded,
    leaving out the records at the given positions (another worker wrote them after this one was killed)."""

    records: list[dict[str, Any]]
    finish: Callable[[Collection[int]], None]


class Sink(Protocol):
    """What the writer pipeline needs of an output."""

    def leftovers(self) -> Iterable[Leftover]: ...
    # durably, or raise OSError; a sink may add fields to the record for the sinks after it (the WARC sink
    # adds where it wrote the page's exchange)
    def write(self, record: dict[str, Any], exchange: Exchange | None) -> None: ...
    def close(self, finish: bool) -> None: ...  # finish false: leave the file for the next run to recover


def build_sinks(crawler: Crawler) -> list[Sink]:
    """The sinks NEWSSPIDER_SINKS names, in the order of their numbers; a sink may be off (NotConfigured)."""
    sinks = []
    for path in components(crawler.settings, "NEWSSPIDER_SINKS"):
        try:
            sinks.append(build_from_crawler(load_object(path), crawler))
        except NotConfigured:
            continue
    return sinks
