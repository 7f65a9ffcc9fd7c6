"""The one durable-write mechanism of every output: a run's file is written as <name>.part, each record
appended whole (and fsynced), cut back when a write fails, and renamed without .part when the run ends.

A reader only ever picks up complete files, and the .part file of a killed run is finished by the next run
once the records it holds are recorded in the state store.
"""

from __future__ import annotations

import logging
import os
from datetime import UTC, datetime
from pathlib import Path

from scrapy.crawler import Crawler

from newsspider.options import option, option_bool

logger = logging.getLogger(__name__)

PART_SUFFIX = ".part"  # a file still being written; renamed when its run ends


def run_file_path(output_dir: Path, spider_name: str, extension: str) -> Path:
    """Where a run's file goes: <output>/<spider>-<UTC time><extension>."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return output_dir / f"{spider_name}-{stamp}{extension}"


def sink_arguments(crawler: Crawler) -> tuple[Path, str, bool]:
    """What a sink's run file is made of: the output directory, the spider class's name (never `-a name=`:
    output paths come from settings only) and whether each record is fsynced."""
    settings = crawler.settings
    spider_name = type(crawler.spider).name if crawler.spider else "run"
    return Path(option(settings, "NEWSSPIDER_OUTPUT_DIR")), spider_name, option_bool(settings, "NEWSSPIDER_FSYNC")


class DurableFile:
    """A run's file, created on its first record: appended record by record, renamed when finished."""

    def __init__(self, path: Path, fsync: bool) -> None:
        self.path = path
        self.fsync = fsync
        self.fd: int | None = None
        self.broken = False

    @property
    def part_path(self) -> Path:
        return self.path.with_name(self.path.name + PART_SUFFIX)

    def append(self, data: bytes) -> int:
        """One append per record, at the returned offset: a failed write is cut back, and nothing is written
        after it."""
        if self.broken:
            raise OSError(f"{self.part_path} failed earlier in this run")
        if self.fd is None:  # opened on the first record: a run that writes nothing leaves no file
            self.fd = self._create()
        start = os.lseek(self.fd, 0, os.SEEK_END)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(self.fd, view) :]
            if self.fsync:
                os.fsync(self.fd)
        except OSError:
            self.broken = True
            os.ftruncate(self.fd, start)  # no half record left in the output
            raise
        return start

    def close(self, finish: bool) -> bool:
        """Close the file; give it its final name when finish is true. Whether a file was written."""
        if self.fd is None:
            return False
        os.close(self.fd)
        if finish:
            os.replace(self.part_path, self.path)
        return True

    def _create(self) -> int:
        """Create this run's file; never append to another run's (two runs in the same second)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        suffix = "".join(self.path.suffixes)  # .jsonl, .warc.gz: the number goes before all of them
        stem, number = self.path.name.removesuffix(suffix), 1
        while True:
            if not self.path.exists():
                try:
                    return os.open(self.part_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND, 0o644)
                except FileExistsError:
                    pass
            number += 1
            self.path = self.path.with_name(f"{stem}-{number}{suffix}")


def unfinished_files(output_dir: Path, extension: str) -> list[Path]:
    """The .part files of killed or failed runs, oldest first."""
    return sorted(output_dir.glob(f"*{extension}{PART_SUFFIX}"))


def replace_part_file(part: Path, data: bytes) -> None:
    """Give a killed run's file new contents at once: written beside it, fsynced, then renamed over it, so
    that a crash leaves either the old file or the new one."""
    draft = part.with_name(part.name + ".draft")
    with draft.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(draft, part)


def finish_part_file(part: Path, whole_length: int) -> None:
    """Cut a killed run's file after its last whole record and give it its final name (or remove it)."""
    if not whole_length:
        part.unlink()
        return
    if part.stat().st_size != whole_length:
        with part.open("r+b") as handle:
            handle.truncate(whole_length)
    final = part.with_name(part.name.removesuffix(PART_SUFFIX))
    os.replace(part, final)
    logger.info("Recovered %s from an interrupted run", final.name)
