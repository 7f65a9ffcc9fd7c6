"""The learned body scorer: a small ensemble of decision trees shipped as JSON, evaluated with numpy."""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from newsspider.extraction.blockfeatures import FEATURES

MODEL_FILE = "body.json"  # in newsspider/models/, written by benchmarks/train_body_model.py
PRUNED, ENGINE, IN_MAIN = FEATURES.index("pruned"), FEATURES.index("engine"), FEATURES.index("in_main")


class TreeEnsemble:
    """Gradient-boosted trees as flat arrays (one row per tree), evaluated for all blocks at once: a block
    goes left where its feature is <= the node's threshold; leaves point to themselves."""

    def __init__(self, spec: dict[str, Any]) -> None:
        if tuple(spec["features"]) != FEATURES:
            raise ValueError("the body model was trained on other features: rebuild it")
        self.version: str = spec["version"]
        self.threshold: float = spec["threshold"]
        self.pruned_threshold: float = spec["pruned_threshold"]
        self.engine_threshold: float = spec["engine_threshold"]
        self.baseline: float = spec["baseline"]
        self.depth: int = spec["depth"]
        # one flat array of nodes for all trees, so that each level is a plain 1-D take
        feature = np.array(spec["feature"], dtype=np.intp)
        offsets = (np.arange(feature.shape[0]) * feature.shape[1])[:, None]
        self.roots = offsets.ravel()
        self.feature = feature.ravel()
        self.split = np.array(spec["split"], dtype=float).ravel()
        self.left = (np.array(spec["left"], dtype=np.intp) + offsets).ravel()
        self.right = (np.array(spec["right"], dtype=np.intp) + offsets).ravel()
        self.value = np.array(spec["value"], dtype=float).ravel()

    def probability(self, rows: np.ndarray) -> np.ndarray:
        """The probability that each row (a block's FEATURES) is article text."""
        values = np.ascontiguousarray(rows, dtype=float).ravel()
        row_starts = (np.arange(len(rows)) * rows.shape[1])[:, None]
        node = np.broadcast_to(self.roots, (len(rows), len(self.roots)))
        for _ in range(self.depth):
            goes_left = values[row_starts + self.feature[node]] <= self.split[node]
            node = np.where(goes_left, self.left[node], self.right[node])
        raw = self.baseline + self.value[node].sum(axis=1)
        return 1.0 / (1.0 + np.exp(-raw))

    def keep(self, rows: np.ndarray, probability: np.ndarray | None = None) -> np.ndarray:
        """Whether each block is kept as body text (by its probability, computed when not given):
        overruling the pruning vocabulary takes more confidence."""
        if not len(rows):
            return np.zeros(0, dtype=bool)
        scores = self.probability(rows) if probability is None else probability
        threshold = np.where(rows[:, PRUNED] > 0.5, self.pruned_threshold, self.threshold)
        # and dropping what the rules keep inside the page's own body container takes more confidence too
        threshold = np.where((rows[:, ENGINE] > 0.5) & (rows[:, IN_MAIN] > 0.5), self.engine_threshold, threshold)
        return scores >= threshold


@lru_cache(maxsize=1)
def body_model() -> TreeEnsemble | None:
    """The shipped model, loaded once per process; None when the package ships none."""
    source = resources.files("newsspider.models").joinpath(MODEL_FILE)
    if not source.is_file():
        return None
    return TreeEnsemble(json.loads(source.read_text(encoding="utf-8")))


def model_digest(spec: dict[str, Any]) -> str:
    """The version of a model: a digest of everything in its file but the version itself."""
    content = json.dumps({key: value for key, value in spec.items() if key != "version"}, sort_keys=True)
    return hashlib.sha256(content.encode("utf-8")).hexdigest()[:16]
