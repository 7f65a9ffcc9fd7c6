"""The project as users install it: a wheel, not the source checkout, crawls the bundled demo site."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.saved_pages import DEMO_EXPECTED, ROOT

EXPECTED = json.loads(DEMO_EXPECTED.read_text(encoding="utf-8"))


def run(*command: str | Path, cwd: Path = ROOT, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        [str(part) for part in command], cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stderr


def test_an_installed_wheel_crawls_the_demo_site_from_its_package_data(tmp_path: Path) -> None:
    source, wheels, installed, elsewhere, output = (
        tmp_path / name for name in ("source", "wheels", "installed", "elsewhere", "out")
    )
    # built from a copy: no build/ or egg-info of the checkout's can slip files into the wheel
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "newsspider", source / "newsspider", ignore=shutil.ignore_patterns("__pycache__"))
    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", wheels, source)
    (wheel,) = wheels.glob("newsspider-*.whl")
    run(sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", installed, wheel)
    elsewhere.mkdir()  # no scrapy.cfg, no checkout: the settings module is named, as the README says
    env = {**os.environ, "PYTHONPATH": str(installed), "SCRAPY_SETTINGS_MODULE": "newsspider.settings"}
    log = run(
        sys.executable,
        "-m",
        "scrapy",
        "crawl",
        "site",
        "-s",
        f"NEWSSPIDER_OUTPUT_DIR={output}",
        "-s",
        "AUTOTHROTTLE_ENABLED=0",
        cwd=elsewhere,
        env=env,
    )
    records = [json.loads(line) for path in output.glob("*.jsonl") for line in path.read_text().splitlines()]
    assert sorted(record["canonical_url"] for record in records) == sorted(
        article["canonical_url"] for article in EXPECTED["articles"]
    )
    demo_site = (installed / "newsspider" / "sites" / "demo-site").resolve().as_uri()
    assert all(record["url"].startswith(demo_site) for record in records)  # the wheel's copy, not the checkout's
    assert "newsspider summary: new=8 " in log
