"""`scrapy crawlstatus -s NEWSSPIDER_REDIS_URL=...`: the distributed rounds in a Redis, one line each."""

from __future__ import annotations

import argparse
import sys
from dataclasses import astuple, fields

import redis
from scrapy.commands import ScrapyCommand

from newsspider.rounds import RoundStatus, round_statuses
from newsspider.state import distributed

EXIT_NO_REDIS = 2


class Command(ScrapyCommand):
    """Print each round's queue length, requests in flight, workers alive and articles written so far."""

    requires_project = True
    default_settings = {"LOG_ENABLED": False}  # noqa: RUF012 - the base class declares it this way

    def short_desc(self) -> str:
        return "Print the crawl rounds of NEWSSPIDER_REDIS_URL: queued, in flight, workers alive, written"

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        url = distributed(self.settings)
        if not url:
            print("scrapy crawlstatus: error: give -s NEWSSPIDER_REDIS_URL=redis://host:6379/0", file=sys.stderr)
            self.exitcode = EXIT_NO_REDIS
            return
        server = redis.Redis.from_url(url)
        try:
            statuses = round_statuses(server)
        except redis.RedisError as exc:
            print(f"scrapy crawlstatus: error: {url}: {exc}", file=sys.stderr)
            self.exitcode = EXIT_NO_REDIS
            return
        finally:
            server.close()
        print(status_table(statuses) if statuses else f"no crawl rounds on {url}")


def status_table(statuses: list[RoundStatus]) -> str:
    """The rounds as aligned columns, headed by the field names."""
    rows = [[field.name for field in fields(RoundStatus)]] + [
        [str(value) for value in astuple(status)] for status in statuses
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    return "\n".join(
        "  ".join(value.ljust(width) for value, width in zip(row, widths, strict=True)).rstrip() for row in rows
    )
