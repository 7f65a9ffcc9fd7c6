"""The recipes of the README's "Datasets" section, each run as written on output/*.jsonl and the snapshot."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from newsspider.export.snapshot import write_snapshot
from tests.export import article, write_jsonl
from tests.saved_pages import ROOT

SECTION = "## Datasets: Parquet and recipes"
CODE_BLOCK = re.compile(r"^```python\n(.*?)^```$", re.DOTALL | re.MULTILINE)
IMPORTED = re.compile(r"^(?:from|import) (\w+)", re.MULTILINE)
RESULT_NAMES = ("articles", "latest")  # the variable a recipe leaves its result in
# Runs the recipe with warnings as errors (as pytest would), then prints the ids and versions of its result.
HARNESS = """
import json, sys, warnings
warnings.simplefilter("error")
namespace = {}
exec(compile(sys.stdin.read(), "README recipe", "exec"), namespace)
name = next(name for name in sys.argv[1:] if name in namespace)
value = namespace[name]
frame = value.to_pandas() if hasattr(value, "to_pandas") else value.df() if hasattr(value, "df") else value
print(json.dumps({"name": name, "ids": frame["id"].tolist(), "versions": frame["version"].tolist()}))
"""


def section_recipes() -> list[str]:
    """The python code blocks of the README's Datasets section."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index(SECTION) + len(SECTION)
    end = text.find("\n## ", start)
    return CODE_BLOCK.findall(text[start : end if end != -1 else None])


RECIPES = section_recipes()


def recipe_id(code: str) -> str:
    return "-".join(dict.fromkeys(IMPORTED.findall(code))) + ("-jsonl" if ".jsonl" in code else "-snapshot")


def test_the_section_has_its_recipes() -> None:
    assert len(RECIPES) == 4
    assert {recipe_id(code) for code in RECIPES} == {
        "pandas-snapshot",
        "duckdb-snapshot",
        "datasets-snapshot",
        "duckdb-jsonl",
    }


@pytest.fixture
def workdir(tmp_path: Path) -> tuple[Path, dict[str, int]]:
    """A directory as a crawl leaves it: two runs' JSON Lines, a running one's .part, and the snapshot; the
    expected highest version of each id."""
    output = tmp_path / "output"
    first = [article(number) for number in range(5)]
    second = [article(1, 2), article(4, 2), article(4, 3), article(7)]
    write_jsonl(output / "site-20261101T060000Z.jsonl", first)
    write_jsonl(output / "site-20261102T060000Z.jsonl", second)
    write_jsonl(output / "site-20261103T060000Z.jsonl.part", [article(0, 8), article(12)])  # not finished: unread
    write_snapshot([output], output / "snapshot.parquet")
    expected: dict[str, int] = {}
    for record in first + second:
        expected[record["id"]] = max(expected.get(record["id"], 0), record["version"])
    return tmp_path, expected


def offline_environment(home: Path) -> dict[str, str]:
    """No network and no cache outside the test's directory (Hugging Face's hub and datasets)."""
    return {
        **os.environ,
        "HF_HOME": str(home / "hf"),
        "HF_DATASETS_CACHE": str(home / "hf" / "datasets"),
        "HF_DATASETS_OFFLINE": "1",
        "HF_HUB_OFFLINE": "1",
        "HF_HUB_DISABLE_TELEMETRY": "1",
        "HF_DATASETS_DISABLE_PROGRESS_BARS": "1",
    }


def run_recipe(code: str, directory: Path) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "-c", HARNESS, *RESULT_NAMES],
        input=code,
        cwd=directory,
        env=offline_environment(directory),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    outcome: dict[str, Any] = json.loads(result.stdout.splitlines()[-1])
    return outcome


@pytest.mark.parametrize("code", RECIPES, ids=[recipe_id(code) for code in RECIPES])
def test_recipe_gives_one_row_per_id_with_its_highest_version(code: str, workdir: tuple[Path, dict[str, int]]) -> None:
    for module in dict.fromkeys(IMPORTED.findall(code)):
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"{module} is not installed (the test extra installs it)")
    directory, expected = workdir
    outcome = run_recipe(code, directory)
    assert sorted(outcome["ids"]) == sorted(expected)  # one row per id
    assert dict(zip(outcome["ids"], outcome["versions"], strict=True)) == expected
