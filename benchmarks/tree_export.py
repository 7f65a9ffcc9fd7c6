"""scikit-learn's HistGradientBoostingClassifier written as the flat arrays of newsspider.extraction.trees."""

from __future__ import annotations

import argparse
import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np


def load_score(bench: Path) -> ModuleType:
    """score.py of the bench: it defines the corpora, their gold and the halves."""
    spec = importlib.util.spec_from_file_location("score", bench / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def training_arguments(description: str | None) -> argparse.Namespace:
    """The training scripts' command line: where the bench is, and whether to check the shipped file only."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bench", type=Path, default=Path("../shared/bench"))
    parser.add_argument(
        "--check",
        action="store_true",
        help="train, write nothing, and exit with status 1 when the shipped model is not the one the current "
        "extraction trains (a change to extraction that moved its features without a retrain)",
    )
    return parser.parse_args()


def ship(path: Path, spec: dict[str, Any], check: bool) -> int:
    """Write the model file, or with `check` compare its version with the shipped one; the exit status."""
    if not check:
        path.write_text(json.dumps(spec, separators=(",", ":")) + "\n", encoding="utf-8")
        print(f"{path} {path.stat().st_size // 1024} KiB, version {spec['version']}")
        return 0
    shipped = json.loads(path.read_text(encoding="utf-8")).get("version")
    print(f"{path.name}: shipped version {shipped}, trained now {spec['version']}")
    return 0 if shipped == spec["version"] else 1


def export_trees(model: Any) -> dict[str, Any]:
    """The trees of a fitted model, iteration by iteration and class by class, padded to the widest tree
    (padding nodes are leaves; a leaf points to itself and holds its value)."""
    trees = [predictor.nodes for predictors in model._predictors for predictor in predictors]
    width = max(len(nodes) for nodes in trees)
    spec: dict[str, Any] = {
        "baseline": np.ravel(model._baseline_prediction).tolist(),
        "depth": int(max(nodes["depth"].max() for nodes in trees)),
        "feature": [],
        "split": [],
        "left": [],
        "right": [],
        "value": [],
    }
    own = np.arange(width)
    for nodes in trees:

        def padded(name: str, nodes: np.ndarray = nodes) -> np.ndarray:
            """One node field of a tree, padded to the widest tree."""
            return np.pad(nodes[name], (0, width - len(nodes)))

        leaf = np.pad(nodes["is_leaf"].astype(bool), (0, width - len(nodes)), constant_values=True)
        spec["feature"].append(np.where(leaf, 0, padded("feature_idx")).tolist())
        spec["split"].append(padded("num_threshold").tolist())
        spec["left"].append(np.where(leaf, own, padded("left")).tolist())
        spec["right"].append(np.where(leaf, own, padded("right")).tolist())
        spec["value"].append(np.where(leaf, padded("value"), 0.0).tolist())
    return spec
