"""The JSON Lines sink: each article one UTF-8 JSON line of output/<spider>-<UTC time>.jsonl."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler

from newsspider.downloadermiddlewares.capture import Exchange
from newsspider.pipelines.sinks import Leftover
from newsspider.pipelines.sinks.durable import (
    DurableFile,
    finish_part_file,
    run_file_path,
    sink_arguments,
    unfinished_files,
)

logger = logging.getLogger(__name__)
EXTENSION = ".jsonl"


class JsonLinesSink:
    """Append each article as one line (flushed, and fsynced unless NEWSSPIDER_FSYNC is off)."""

    def __init__(self, output_dir: Path, spider_name: str, fsync: bool) -> None:
        self.output_dir = output_dir
        self.file = DurableFile(run_file_path(output_dir, spider_name, EXTENSION), fsync)
        self.written = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> JsonLinesSink:
        return cls(*sink_arguments(crawler))

    def leftovers(self) -> Iterator[Leftover]:
        for part in unfinished_files(self.output_dir, EXTENSION):
            data = part.read_bytes()
            whole_length = data.rfind(b"\n") + 1
            yield Leftover(whole_records(part, data), partial(finish_part_file, part, whole_length))

    def write(self, record: dict[str, Any], exchange: Exchange | None) -> None:
        line = json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"
        self.file.append(line.encode("utf-8"))
        self.written += 1

    def close(self, finish: bool) -> None:
        if not self.file.close(finish):
            return
        if finish:
            logger.info("Wrote %d articles to %s", self.written, self.file.path)
        else:
            logger.error("Left %s as it is: the next run records its lines, then renames it", self.file.part_path.name)


def whole_records(part: Path, data: bytes | None = None) -> list[dict[str, Any]]:
    """The records of a killed run's file: its whole lines that parse (a cut last line is dropped)."""
    records = []
    for line in (part.read_bytes() if data is None else data).split(b"\n")[:-1]:
        try:
            records.append(json.loads(line))
        except ValueError:
            logger.warning("Skipping an unreadable line of %s", part.name)
    return records
