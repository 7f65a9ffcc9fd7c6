"""Progress of long runs: a bar on a terminal, log lines otherwise."""

from __future__ import annotations

import logging

import pytest

from newsspider import progress
from newsspider.progress import Progress, format_seconds


def test_without_a_terminal_progress_is_logged_with_the_rate_and_time_left(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(progress, "LOG_EVERY_SECONDS", 0.0)
    caplog.set_level(logging.INFO, logger="newsspider.progress")
    counter = Progress("Re-extracted", "pages", 10, terminal=False)
    counter.advance(4)
    [line] = [record.getMessage() for record in caplog.records]
    assert line.startswith("Re-extracted 4 of 10 pages (")
    assert " pages/s, " in line and line.endswith(" left)")


def test_on_a_terminal_a_bar_counts_the_pages(capsys: pytest.CaptureFixture[str]) -> None:
    counter = Progress("Re-extracted", "pages", 3, terminal=True)
    for _ in range(3):
        counter.advance()
    counter.close()
    shown = capsys.readouterr().err
    assert "Re-extracted" in shown and "3/3" in shown


@pytest.mark.parametrize(("seconds", "shown"), [(12.4, "12s"), (200, "3m20s"), (3720, "1h02m"), (float("inf"), "?")])
def test_time_left_is_written_for_people(seconds: float, shown: str) -> None:
    assert format_seconds(seconds) == shown
