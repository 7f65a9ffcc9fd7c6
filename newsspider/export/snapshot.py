"""The Parquet snapshot of several runs' JSON Lines: one row per article id, its highest version."""

from __future__ import annotations

import json
import logging
import os
import re
import secrets
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import IO, Any, NamedTuple

from newsspider.pipelines.sinks.durable import PART_SUFFIX

logger = logging.getLogger(__name__)

EXTENSION = ".jsonl"
BATCH_ROWS = 1000  # records converted and written at a time: memory stays flat whatever the input size
# The JSON Lines sink writes id then version first, without spaces: read them without parsing the body.
HEAD = re.compile(rb'\{"id":"([^"\\]+)","version":(\d+)[,}]')
# <spider>-<UTC time>[-<n>].jsonl (durable.run_file_path): runs ordered by time, whatever the spider.
RUN_NAME = re.compile(r"-(\d{8}T\d{6}Z)(?:-(\d+))?\.jsonl$")


class NoInputError(ValueError):
    """No finished JSON Lines file among the paths given."""


@dataclass(frozen=True)
class Snapshot:
    """What write_snapshot did: the files and records it read, the rows it wrote, and where."""

    files: int
    records: int
    rows: int
    path: Path


class Line(NamedTuple):
    """Where the best record of an id is so far, and its version."""

    version: int
    file: int
    offset: int
    length: int


def write_snapshot(paths: Iterable[str | os.PathLike[str]], destination: str | os.PathLike[str]) -> Snapshot:
    """Write the latest record of each id found in the finished JSON Lines of `paths` as one zstd Parquet file.

    Directories are read for their *.jsonl files in run order; a higher version wins, and the later file (or
    line) on a tie. Two passes keep memory flat: the first finds each id's best line from the start of the
    line only, the second reads those lines alone, in batches, into a temporary file renamed when complete.
    """
    from newsspider.export import arrow  # imported late: pyarrow is an extra; fail before reading anything

    files = input_files(paths)
    if not files:
        raise NoInputError("no finished JSON Lines (*.jsonl) file to read")
    best, records = latest_lines(files)
    target = Path(destination)
    rows = _write_atomically(target, _batches(files, best.values()), arrow)
    logger.info("Wrote %d rows of %d records (%d files) to %s", rows, records, len(files), target)
    return Snapshot(len(files), records, rows, target)


def input_files(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """The files to read: a directory's finished *.jsonl files in run order, a file as given, each once."""
    found: dict[Path, None] = {}
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found.update(dict.fromkeys(sorted(path.glob(f"*{EXTENSION}"), key=run_order)))
        elif path.name.endswith(PART_SUFFIX):
            raise ValueError(f"{path}: a run still writing it, or killed (the next run finishes it)")
        elif path.is_file():
            found[path] = None
        else:
            raise FileNotFoundError(f"no such file or directory: {path}")
    return [path for path in found if path.is_file()]


def run_order(path: Path) -> tuple[str, int, str]:
    """Sort key of a run's file: its UTC time, then the -2, -3 of runs started in the same second."""
    match = RUN_NAME.search(path.name)
    if match is None:
        return ("", 0, path.name)  # not a run's name: before the runs, by name
    return (match.group(1), int(match.group(2) or 1), path.name)


def latest_lines(files: list[Path]) -> tuple[dict[str, Line], int]:
    """First pass: per id, the line of its highest version (the later one on a tie); and the records read."""
    best: dict[str, Line] = {}
    records = 0
    for index, path in enumerate(files):
        for key, version, offset, length in _heads(path):
            records += 1
            known = best.get(key)
            if known is None or version >= known.version:
                best[key] = Line(version, index, offset, length)
    return best, records


def _heads(path: Path) -> Iterator[tuple[str, int, int, int]]:
    """(id, version, offset, length) of each record of a file; unreadable lines are skipped and counted."""
    offset = skipped = 0
    with path.open("rb") as handle:
        for line in handle:
            head = _head(line)
            if head is not None:
                yield head[0], head[1], offset, len(line)
            elif line.strip():
                skipped += 1
            offset += len(line)
    if skipped:
        logger.warning("Skipped %d lines of %s that are no article record (no id and version)", skipped, path)


def _head(line: bytes) -> tuple[str, int] | None:
    """A line's id and version: from its first bytes when the sink wrote it, else from the parsed line."""
    match = HEAD.match(line)
    if match is not None:
        return match.group(1).decode("utf-8"), int(match.group(2))
    try:
        record = json.loads(line)
    except ValueError:
        return None
    if not isinstance(record, dict):
        return None
    key, version = record.get("id"), record.get("version")
    if not isinstance(key, str) or type(version) is not int:
        return None
    return key, version


def _batches(files: list[Path], chosen: Iterable[Line]) -> Iterator[list[dict[str, Any]]]:
    """Second pass: the chosen records, file by file in file order, BATCH_ROWS at a time."""
    by_file: dict[int, list[Line]] = defaultdict(list)
    for line in chosen:
        by_file[line.file].append(line)
    batch: list[dict[str, Any]] = []
    for index in sorted(by_file):
        with files[index].open("rb") as handle:
            for line in sorted(by_file[index], key=lambda line: line.offset):
                batch.append(_read_record(handle, line))
                if len(batch) >= BATCH_ROWS:
                    yield batch
                    batch = []
    if batch:
        yield batch


def _read_record(handle: IO[bytes], line: Line) -> dict[str, Any]:
    """The record of a line the first pass chose (only its first bytes were read then)."""
    handle.seek(line.offset)
    try:
        record: dict[str, Any] = json.loads(handle.read(line.length))
    except ValueError as exc:
        raise ValueError(f"{handle.name}: the line at byte {line.offset} is no JSON record: {exc}") from exc
    return record


def _write_atomically(target: Path, batches: Iterator[list[dict[str, Any]]], arrow: ModuleType) -> int:
    """Write the batches to a temporary file beside the target, then rename it: a reader of the target sees
    the previous snapshot or the new one, never half a file. The rows written."""
    import pyarrow.parquet as pq  # imported late: an extra

    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
    rows = 0
    try:
        with open(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644), "wb") as handle:
            with pq.ParquetWriter(handle, arrow.ARTICLE_SCHEMA, compression="zstd") as writer:
                for batch in batches:
                    writer.write_table(arrow.records_to_table(batch))
                    rows += len(batch)
            handle.flush()
            os.fsync(handle.fileno())  # on disk before the rename, or a crash could leave an empty snapshot
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return rows
