"""`scrapy crawl`, for cron: arguments checked first, one run per output directory, a meaningful exit status.

- A wrong spider argument ends the run at once with a one-line error (status 2).
- A second run on an output directory another run holds exits at once, touching nothing (status 0).
- A run that failed (nothing fetched, too many failed requests, a write error) exits with status 1.
- A run stopped by SIGTERM or SIGINT exits with status 3 once it has saved what it wrote.
- A damaged state store (or an empty or missing one beside output files) stops the run at once (status 4).
- With NEWSSPIDER_MONITORS_FAIL_RUN on, a run whose monitors failed (a site's fields fell) exits with status 5.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import shutil
import sys
import tempfile
from pathlib import Path

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.crawler import Crawler
from scrapy.exceptions import UsageError
from scrapy.settings import BaseSettings

from newsspider import keys
from newsspider.options import option, option_bool
from newsspider.state import distributed, store_path
from newsspider.state.sqlite import store_damage

LOCK_NAME = ".newsspider.lock"
EXIT_FAILED, EXIT_BAD_ARGUMENTS, EXIT_INTERRUPTED, EXIT_DAMAGED_STORE, EXIT_DEGRADED = 1, 2, 3, 4, 5


class Command(ScrapyCrawlCommand):
    """Scrapy's crawl command with argument checks, a lock on the output directory, and exit statuses."""

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1 or self.crawler_process is None:
            raise UsageError("give exactly one spider name")
        if not self._arguments_accepted(args[0], opts.spargs):
            return
        assert self.settings is not None
        output_dir = Path(option(self.settings, "NEWSSPIDER_OUTPUT_DIR"))
        try:
            lock = acquire_lock(output_dir)
        except OSError as exc:  # a dangling link, a read-only or full disk: one line, not a traceback
            print(
                f"scrapy crawl {args[0]}: error: cannot use the output directory {output_dir}: {exc.strerror or exc}",
                file=sys.stderr,
            )
            self.exitcode = EXIT_FAILED
            return
        if lock is None:
            print(
                f"scrapy crawl {args[0]}: another crawl is already running on {output_dir}/; nothing done",
                file=sys.stderr,
            )
            return
        if self._store_damaged(args[0]):
            os.close(lock)
            return
        job_dir = self._disk_queue()
        try:
            crawler = self.crawler_process.create_crawler(args[0])
            self.crawler_process.crawl(crawler, **opts.spargs)
            self.crawler_process.start()
            self.exitcode = run_exit_status(crawler, self.crawler_process.bootstrap_failed)
        finally:
            if job_dir is not None:
                shutil.rmtree(job_dir, ignore_errors=True)
            os.close(lock)

    def _disk_queue(self) -> Path | None:
        """Without a JOBDIR of the user's, one for this run only, in the system's temporary directory:
        requests then wait on disk, not in memory (a sitemap may list 50,000), and it goes when the run ends."""
        assert self.settings is not None
        if self.settings.get("JOBDIR") or not option_bool(self.settings, "NEWSSPIDER_DISK_QUEUE"):
            return None
        job_dir = Path(tempfile.mkdtemp(prefix="newsspider-queue-"))
        self.settings.set("JOBDIR", str(job_dir), priority="cmdline")
        return job_dir

    def _store_damaged(self, spider_name: str) -> bool:
        """Whether the SQLite store cannot be trusted: then the run touches nothing and says how to recover."""
        assert self.settings is not None
        found = damaged_store(self.settings)
        if found is None:
            return False
        path, damage = found
        print(
            f"scrapy crawl {spider_name}: error: the state store {path} is {damage}; nothing done. Move it aside "
            "and rebuild it from the output with `scrapy rebuild-state`",
            file=sys.stderr,
        )
        self.exitcode = EXIT_DAMAGED_STORE
        return True

    def _arguments_accepted(self, spider_name: str, spargs: dict[str, str]) -> bool:
        assert self.crawler_process is not None
        spider_class = self.crawler_process.spider_loader.load(spider_name)
        check = getattr(spider_class, "check_arguments", None)
        if check is None:
            return True
        try:
            check(**spargs)
        except (TypeError, ValueError) as exc:
            print(f"scrapy crawl {spider_name}: error: {exc}", file=sys.stderr)
            self.exitcode = EXIT_BAD_ARGUMENTS
            return False
        return True


def damaged_store(settings: BaseSettings) -> tuple[Path, str] | None:
    """The SQLite store and what is wrong with it, when it cannot be trusted (see store_damage); else None."""
    path = None if distributed(settings) else store_path(settings)
    if path is None:
        return None
    damage = store_damage(path, Path(option(settings, "NEWSSPIDER_OUTPUT_DIR")))
    return (path, damage) if damage is not None else None


def run_exit_status(crawler: Crawler, bootstrap_failed: bool) -> int:
    """The documented exit status of a run that started: failed, interrupted (SIGTERM, or SIGINT) or done."""
    if bootstrap_failed or (crawler.stats and crawler.stats.get_value(keys.RUN_FAILED)):
        return EXIT_FAILED
    if crawler.stats and crawler.stats.get_value("finish_reason") == "shutdown":
        return EXIT_INTERRUPTED  # cron must not take a stopped run for a complete one
    if option_bool(crawler.settings, "NEWSSPIDER_MONITORS_FAIL_RUN") and crawler.stats.get_value(keys.MONITORS_FAILED):
        return EXIT_DEGRADED  # the run went, but a monitor failed: a site extracts worse than it did
    return 0


def acquire_lock(output_dir: Path) -> int | None:
    """An exclusive lock on the output directory, held until the process ends; None if another run has it."""
    output_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(output_dir / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd
