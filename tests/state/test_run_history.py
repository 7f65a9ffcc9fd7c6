"""The run history in both state stores: the same records in, the same records out, the last runs kept."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsspider.state import StateStore
from newsspider.state.redis import RedisArticleStore
from newsspider.state.sqlite import ArticleStore
from tests.test_distributed import redis_url  # noqa: F401 - the fixture


def record(number: int) -> dict[str, Any]:
    return {
        "run_id": f"run-{number}",
        "finished_at": f"2026-11-{number:02d}T06:00:00+00:00",
        "sites": [{"site": "example.com", "articles": number, "coverage": {"authors": 0.9}}],
    }


@pytest.fixture(params=["sqlite", "redis"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StateStore]:
    opened: StateStore
    if request.param == "sqlite":
        opened = ArticleStore(tmp_path / "state.sqlite")
    else:
        opened = RedisArticleStore(request.getfixturevalue("redis_url"))
    yield opened
    opened.close()


def test_the_last_runs_are_kept_newest_first(store: StateStore) -> None:
    for number in (3, 1, 4, 2, 5):  # saved out of order: the order is the runs' end
        store.save_run(record(number), keep=3)
    assert [run["run_id"] for run in store.recent_runs(10)] == ["run-5", "run-4", "run-3"]
    assert [run["run_id"] for run in store.recent_runs(2)] == ["run-5", "run-4"]
    assert store.find_run("run-4") == record(4)
    assert store.find_run("run-1") is None  # beyond the last three
