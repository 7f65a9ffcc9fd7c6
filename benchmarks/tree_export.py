"""scikit-learn's HistGradientBoostingClassifier written as the flat arrays of newsspider.extraction.trees."""

from __future__ import annotations

import importlib.util
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
