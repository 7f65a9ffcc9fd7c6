"""The run records the report tests share."""

from __future__ import annotations

import pytest

from newsspider.monitoring.health import RunRecord
from tests.monitoring.test_report import run


@pytest.fixture(scope="module")
def runs() -> tuple[RunRecord, list[RunRecord]]:
    """The last run, and the four before it, newest first."""
    past = [run(number, authors) for number, authors in enumerate((0.9, 0.88, 0.92, 0.9))]
    latest = run(4, 0.1)
    latest.sites[0].samples[-1] = {
        "url": "javascript:alert(1)",
        "title": "<script>alert(1)</script>",
        "byline": None,
        "caption": "",
        "body": "",
    }
    latest.sites[1].samples.append({"url": "https://beta.example/6", "title": "A sixth sample"})
    return latest, past[::-1]
