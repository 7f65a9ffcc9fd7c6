"""Progress of a long run: a tqdm bar (done, rate, time left) on a terminal, plain log lines otherwise."""

from __future__ import annotations

import logging
import sys
import time
from typing import Any

from tqdm import tqdm

logger = logging.getLogger(__name__)

LOG_EVERY_SECONDS = 30.0  # without a terminal: one line this often, as Scrapy's LogStats does


class Progress:
    """Count units done out of a known total."""

    def __init__(self, verb: str, unit: str, total: int, terminal: bool | None = None) -> None:
        self.verb, self.unit, self.total = verb, unit, total
        self.done = 0
        self.started = self.logged = time.monotonic()
        on_terminal = sys.stderr.isatty() if terminal is None else terminal
        self.bar: tqdm[Any] | None = (
            tqdm(total=total, unit=f" {unit}", desc=verb, dynamic_ncols=True) if on_terminal else None
        )

    def advance(self, count: int = 1) -> None:
        self.done += count
        if self.bar is not None:
            self.bar.update(count)
            return
        now = time.monotonic()
        if now - self.logged >= LOG_EVERY_SECONDS:
            self.logged = now
            self.log()

    def log(self) -> None:
        """One line: done of total, rate, time left."""
        elapsed = max(time.monotonic() - self.started, 1e-9)
        rate = self.done / elapsed
        left = (self.total - self.done) / rate if rate else float("inf")
        logger.info(
            "%s %d of %d %s (%.1f %s/s, %s left)",
            self.verb,
            self.done,
            self.total,
            self.unit,
            rate,
            self.unit,
            format_seconds(left),
        )

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
        else:
            self.log()


def format_seconds(seconds: float) -> str:
    """1h02m, 3m20s, 12s; "?" when unknown."""
    if seconds == float("inf"):
        return "?"
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours}h{minutes:02d}m"
    return f"{minutes}m{secs:02d}s" if minutes else f"{secs}s"
