"""The training scripts' last step: write the model file, or check that the shipped one is what training gives."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.tree_export import ship


def test_a_model_is_written_with_its_version(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    assert ship(path, {"version": "abc", "trees": [1, 2]}, check=False) == 0
    assert json.loads(path.read_text(encoding="utf-8")) == {"version": "abc", "trees": [1, 2]}


def test_the_check_passes_only_for_the_shipped_version_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    path.write_text('{"version": "abc"}\n', encoding="utf-8")
    assert ship(path, {"version": "abc", "trees": []}, check=True) == 0
    assert ship(path, {"version": "def", "trees": []}, check=True) == 1
    assert path.read_text(encoding="utf-8") == '{"version": "abc"}\n'
