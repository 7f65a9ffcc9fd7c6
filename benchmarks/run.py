"""Run the benchmarks and print each figure against its target: `python -m benchmarks.run [--quick]`.

Every figure is a ratio of two measurements taken in the same run, interleaved or alternated where they can
be, so that a busy or slow machine still gives a stable figure.
"""

from __future__ import annotations

import argparse
import platform
import signal
import time
from collections.abc import Callable
from types import FrameType

from benchmarks import crawl, distributed, extraction, scaling, snapshot, store, warc
from benchmarks.common import Row, print_table, say

BENCHMARKS: dict[str, Callable[[bool], list[Row]]] = {
    "extraction": extraction.run,
    "crawl": crawl.run,
    "store": store.run,
    "scaling": scaling.run,
    "distributed": distributed.run,
    "snapshot": snapshot.run,
    "warc": warc.run,
}


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--quick", action="store_true", help="a smoke run of about 3 minutes: fewer rounds, smaller sites and stores"
    )
    parser.add_argument(
        "--only", action="append", choices=list(BENCHMARKS), help="run only this benchmark (repeatable); default: all"
    )
    parser.add_argument("--strict", action="store_true", help="exit with status 1 when a target is missed")
    return parser.parse_args(argv)


def stop_on_sigterm() -> None:
    """Turn SIGTERM into SystemExit, so that servers, crawler processes and temp dirs are cleaned up."""

    def exit_now(signal_number: int, frame: FrameType | None) -> None:
        """Leave through the cleanup code."""
        raise SystemExit(128 + signal_number)

    signal.signal(signal.SIGTERM, exit_now)


def main(argv: list[str] | None = None) -> int:
    """Run the chosen benchmarks, print the table; the exit status (1 for a missed target with --strict)."""
    arguments = parse_arguments(argv)
    stop_on_sigterm()
    started = time.perf_counter()
    say(
        f"newsspider benchmarks ({'quick' if arguments.quick else 'full'} run) on Python "
        f"{platform.python_version()}, {platform.machine()}"
    )
    rows: list[Row] = []
    for name in arguments.only or list(BENCHMARKS):
        section_started = time.perf_counter()
        rows += BENCHMARKS[name](arguments.quick)
        say(f"  ({name}: {time.perf_counter() - section_started:.0f}s)\n")
    print_table(rows)
    say(f"\ntotal time {time.perf_counter() - started:.0f}s")
    missed = [row for row in rows if row.passed is False]
    return 1 if arguments.strict and missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
