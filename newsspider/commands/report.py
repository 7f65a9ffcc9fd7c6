"""`scrapy report [RUN]`: write the HTML quality report of a past run again, and print its path.

RUN is a run id, or a prefix of one that no other run shares; without it, the latest run. The run and the
runs before it come from the state store's run history (the last NEWSSPIDER_HISTORY_RUNS runs). Exit status
2, with a one-line message, for an unknown or ambiguous run and when there is no history.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError
from scrapy.settings import BaseSettings

from newsspider.commands.crawl import EXIT_BAD_ARGUMENTS, EXIT_FAILED
from newsspider.monitoring.health import RunRecord
from newsspider.options import option, option_int
from newsspider.state import STORE_ERRORS, distributed, open_store, store_path


class NoRun(Exception):
    """The run asked for is not in the history (or there is no history)."""


class Command(ScrapyCommand):
    """Render a run of the state store's history as <output>/<spider>-<started>.report.html."""

    requires_project = True
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}  # noqa: RUF012 - the base class declares it this way

    def syntax(self) -> str:
        return "[RUN]"

    def short_desc(self) -> str:
        return "Write the HTML quality report of a run (default: the latest) and print its path"

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        if len(args) > 1:
            raise UsageError("give at most one run id")
        try:
            run, past = chosen_run(self.settings, args[0] if args else None)
        except NoRun as exc:
            self._fail(str(exc), EXIT_BAD_ARGUMENTS)
            return
        except STORE_ERRORS as exc:
            self._fail(f"could not read the run history: {exc}", EXIT_FAILED)
            return
        # imported here: matplotlib and spidermon take a second to import, and scrapy imports every command
        from newsspider.monitoring.monitors import thresholds
        from newsspider.monitoring.report import write_report

        output_dir = Path(option(self.settings, "NEWSSPIDER_OUTPUT_DIR"))
        try:
            path = write_report(output_dir, run, past, thresholds(self.settings))
        except OSError as exc:
            self._fail(f"could not write the report in {output_dir}/: {exc}", EXIT_FAILED)
            return
        print(path)

    def _fail(self, message: str, status: int) -> None:
        print(f"scrapy report: error: {message}", file=sys.stderr)
        self.exitcode = status


def chosen_run(settings: BaseSettings, wanted: str | None) -> tuple[RunRecord, list[RunRecord]]:
    """The run asked for (the latest when None) and the runs of the history before it, newest first."""
    runs = history(settings)
    run = _find(runs, wanted, settings) if wanted else max(runs, key=_finished)
    past = [other for other in runs if other.run_id != run.run_id and _finished(other) < _finished(run)]
    return run, sorted(past, key=_finished, reverse=True)


def history(settings: BaseSettings) -> list[RunRecord]:
    """The runs of the state store's history; NoRun when there are none."""
    keep = option_int(settings, "NEWSSPIDER_HISTORY_RUNS")
    if keep <= 0:
        raise NoRun("no run history: NEWSSPIDER_HISTORY_RUNS is off")
    path = None if distributed(settings) else store_path(settings)
    if path is not None and not path.exists():  # opening it would create an empty store
        raise NoRun(f"no run history: no state store at {path}")
    store = open_store(settings)
    if store is None:
        raise NoRun("no run history: the state store is off (NEWSSPIDER_STATE is empty)")
    try:
        runs = [RunRecord.from_json(data) for data in store.recent_runs(keep)]
    finally:
        store.close()
    if not runs:
        raise NoRun("no run history in the state store yet")
    return runs


def _find(runs: list[RunRecord], wanted: str, settings: BaseSettings) -> RunRecord:
    """The run of an id or of a prefix no other run shares."""
    matching = [run for run in runs if run.run_id.startswith(wanted)]
    exact = [run for run in matching if run.run_id == wanted]
    if exact or len(matching) == 1:
        return (exact or matching)[0]
    if matching:
        raise NoRun(f"run {wanted!r} is ambiguous: {', '.join(sorted(run.run_id for run in matching))}")
    older = _older_run(settings, wanted)
    if older is None:
        raise NoRun(f"no run {wanted!r} in the run history")
    return older


def _older_run(settings: BaseSettings, run_id: str) -> RunRecord | None:
    """A run beyond the recent ones, by its whole id."""
    store = open_store(settings)
    if store is None:
        return None
    try:
        data = store.find_run(run_id)
    finally:
        store.close()
    return RunRecord.from_json(data) if data else None


def _finished(run: RunRecord) -> datetime:
    try:
        moment = datetime.fromisoformat(run.finished_at)
    except ValueError:
        return datetime.min.replace(tzinfo=UTC)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
