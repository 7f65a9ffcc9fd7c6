"""The JSON Lines sink: each article one UTF-8 JSON line of output/<spider>-<UTC time>.jsonl."""

from __future__ import annotations

import json
import logging
from collections.abc import Collection, Iterator
from functools import partial
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler

from newsspider.downloadermiddlewares.capture import Exchange
from newsspider.pipelines.sinks import Leftover
from newsspider.pipelines.sinks.durable import (
    DurableFile,
    finish_part_file,
    replace_part_file,
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
            lines = whole_lines(part)
            yield Leftover([record for _, record in lines], partial(finish_leftover, part, lines))

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


def whole_records(part: Path) -> list[dict[str, Any]]:
    """The records of a killed run's file: its whole lines that parse (a cut last line is dropped)."""
    return [record for _, record in whole_lines(part)]


def whole_lines(part: Path) -> list[tuple[bytes, dict[str, Any]]]:
    """The whole lines of a killed run's file that parse, each with its record."""
    lines = []
    for line in part.read_bytes().split(b"\n")[:-1]:
        try:
            lines.append((line, json.loads(line)))
        except ValueError:
            logger.warning("Skipping an unreadable line of %s", part.name)
    return lines


def finish_leftover(part: Path, lines: list[tuple[bytes, dict[str, Any]]], left_out: Collection[int]) -> None:
    """Finish a killed run's file with its whole, readable lines, less those at the positions left out."""
    kept = b"".join(line + b"\n" for position, (line, _) in enumerate(lines) if position not in left_out)
    if not part.read_bytes().startswith(kept):  # else cutting the file after them is enough
        replace_part_file(part, kept)
    finish_part_file(part, len(kept))
