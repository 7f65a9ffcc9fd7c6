"""The run report in a real headless browser (Debian's Chromium, driven by Playwright): it renders, offline,
and every plot has a size. Skipped where no Chromium is installed, except in CI (NEWSSPIDER_REQUIRE_BROWSER),
where .ci/run installs one."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from newsspider.monitoring.health import RunRecord
from newsspider.monitoring.report import write_report
from tests.monitoring.test_report import THRESHOLDS

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# As the machine's notes advise: no background networking, no first-run work, no sandbox as root.
CHROMIUM_ARGUMENTS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

if CHROMIUM is None and not os.environ.get("NEWSSPIDER_REQUIRE_BROWSER"):
    pytest.skip("no Chromium on this machine (CI installs one)", allow_module_level=True)


def test_the_report_renders_in_a_browser_with_every_plot_drawn(
    runs: tuple[RunRecord, list[RunRecord]], tmp_path: Path
) -> None:
    from playwright.sync_api import sync_playwright

    assert CHROMIUM is not None, "NEWSSPIDER_REQUIRE_BROWSER is set but no Chromium is installed"
    run, past = runs
    report = write_report(tmp_path, run, past, THRESHOLDS)
    requested: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGUMENTS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.on("request", lambda request: requested.append(request.url))
            page.goto(report.as_uri())
            boxes = [plot.bounding_box() for plot in page.query_selector_all("svg")]
            screenshot = page.screenshot(full_page=True)
        finally:
            browser.close()
    assert requested == [report.as_uri()]  # the page itself, and nothing from anywhere
    assert len(boxes) >= 4
    assert all(box is not None and box["width"] > 0 and box["height"] > 0 for box in boxes)
    assert screenshot.startswith(PNG_SIGNATURE) and len(screenshot) > 10_000
