"""`scrapy export --format parquet [-o PATH] [PATH ...]`: the latest record of each article as one dataset file."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from scrapy.commands import ScrapyCommand

from newsspider.export.snapshot import write_snapshot
from newsspider.options import option

FORMATS = ("parquet",)
SNAPSHOT_NAME = "snapshot.parquet"


class Command(ScrapyCommand):
    """Read the finished JSON Lines of the output directory (or of the paths given) and write the snapshot."""

    requires_project = False
    requires_crawler_process = False  # no crawl: nor Scrapy's start-up lines on stderr

    def syntax(self) -> str:
        return "--format parquet [-o PATH] [PATH ...]"

    def short_desc(self) -> str:
        return "Write one row per article id, its highest version, from the runs' JSON Lines as Parquet"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--format", choices=FORMATS, default="parquet", help="the dataset format")
        parser.add_argument(
            "-o",
            "--output",
            metavar="PATH",
            help=f"the file to write, by default <NEWSSPIDER_OUTPUT_DIR>/{SNAPSHOT_NAME}",
        )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        # warnings only (lines skipped): the result is the one line on stdout
        logging.basicConfig(format="scrapy export: %(levelname)s: %(message)s", level=logging.WARNING)
        output_dir = Path(option(self.settings, "NEWSSPIDER_OUTPUT_DIR"))
        destination = Path(opts.output) if opts.output else output_dir / SNAPSHOT_NAME
        try:
            snapshot = write_snapshot(args or [output_dir], destination)
        except (OSError, ValueError) as exc:  # no input, an unreadable file, a record that does not fit
            self._fail(str(exc))
            return
        except ModuleNotFoundError as exc:
            if exc.name != "pyarrow":
                raise
            self._fail(str(exc))
            return
        print(
            f"read {snapshot.records} records from {snapshot.files} files, "
            f"wrote {snapshot.rows} rows (one per id, its highest version) to {snapshot.path}"
        )

    def _fail(self, message: str) -> None:
        print(f"scrapy export: error: {message}", file=sys.stderr)
        self.exitcode = 1
