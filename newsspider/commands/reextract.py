"""`scrapy reextract PATH.warc.gz [...]`: today's extraction over stored pages, written as a crawl writes.

The exit statuses are the crawl's (newsspider.commands.crawl): 1 for a failed run, 2 for wrong arguments,
3 when interrupted, 4 for a damaged state store; a second run on a locked output directory does nothing.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from newsspider.commands.crawl import (
    EXIT_BAD_ARGUMENTS,
    EXIT_DAMAGED_STORE,
    acquire_lock,
    damaged_store,
    run_exit_status,
)
from newsspider.options import option
from newsspider.replay import WARC_ERRORS, ReplaySpider, count_pages, profile_argument
from newsspider.sites import ProfileError


class Command(ScrapyCommand):
    """Replay WARC files through the extraction and the pipelines of a crawl."""

    requires_project = True

    def syntax(self) -> str:
        return "PATH.warc.gz [PATH ...] [--profile NAME|FILE.toml]"

    def short_desc(self) -> str:
        return "Re-extract the pages of WARC files and write their articles as a crawl would"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--profile", help="a site profile to apply: a name of newsspider/sites, or a TOML file")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None and self.crawler_process is not None
        paths = [Path(arg) for arg in args]
        if not paths:
            raise UsageError("give at least one WARC file")
        missing = [str(path) for path in paths if not path.is_file()]
        try:
            profile = profile_argument(opts.profile)
        except ProfileError as exc:
            missing.append(str(exc))
        if missing:
            print(f"scrapy reextract: error: {', '.join(missing)}: no such file", file=sys.stderr)
            self.exitcode = EXIT_BAD_ARGUMENTS
            return
        try:
            pages = count_pages(paths)  # read through once: a file that is no WARC file stops here
        except WARC_ERRORS as exc:
            print(f"scrapy reextract: error: not a readable WARC file: {exc}".strip(), file=sys.stderr)
            self.exitcode = EXIT_BAD_ARGUMENTS
            return
        output_dir = Path(option(self.settings, "NEWSSPIDER_OUTPUT_DIR"))
        lock = acquire_lock(output_dir)
        if lock is None:
            print(f"scrapy reextract: another run is using {output_dir}/; nothing done", file=sys.stderr)
            return
        try:
            if not self._store_damaged():
                crawler = self.crawler_process.create_crawler(ReplaySpider)
                self.crawler_process.crawl(crawler, warc_paths=paths, pages=pages, profile=profile)
                self.crawler_process.start()
                self.exitcode = run_exit_status(crawler, self.crawler_process.bootstrap_failed)
        finally:
            os.close(lock)

    def _store_damaged(self) -> bool:
        """Whether the SQLite store cannot be trusted (then nothing is done: see `scrapy crawl`)."""
        assert self.settings is not None
        found = damaged_store(self.settings)
        if found is None:
            return False
        path, damage = found
        print(f"scrapy reextract: error: the state store {path} is {damage}; nothing done", file=sys.stderr)
        self.exitcode = EXIT_DAMAGED_STORE
        return True
