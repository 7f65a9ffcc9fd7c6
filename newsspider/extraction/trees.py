"""Gradient-boosted decision trees shipped as JSON and evaluated with numpy: the format of the package's models."""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from typing import Any

import numpy as np


class TreeEnsemble:
    """Trees as one flat array of nodes, evaluated for all rows at once: a row goes left where its feature
    is <= the node's threshold; leaves point to themselves. Tree t adds to the margin of class t % classes."""

    def __init__(self, spec: dict[str, Any], features: tuple[str, ...]) -> None:
        if tuple(spec["features"]) != features:
            raise ValueError("the model was trained on other features: rebuild it")
        self.version: str = spec["version"]
        self.baseline = np.ravel(np.array(spec["baseline"], dtype=float))
        self.depth: int = spec["depth"]
        feature = np.array(spec["feature"], dtype=np.intp)
        offsets = (np.arange(feature.shape[0]) * feature.shape[1])[:, None]
        self.roots = offsets.ravel()
        self.feature = feature.ravel()
        self.split = np.array(spec["split"], dtype=float).ravel()
        self.left = (np.array(spec["left"], dtype=np.intp) + offsets).ravel()
        self.right = (np.array(spec["right"], dtype=np.intp) + offsets).ravel()
        self.value = np.array(spec["value"], dtype=float).ravel()

    def margins(self, rows: np.ndarray) -> np.ndarray:
        """The raw score of each row for each class: shape (rows, classes)."""
        values = np.ascontiguousarray(rows, dtype=float).ravel()
        row_starts = (np.arange(len(rows)) * rows.shape[1])[:, None]
        node = np.broadcast_to(self.roots, (len(rows), len(self.roots)))
        for _ in range(self.depth):
            goes_left = values[row_starts + self.feature[node]] <= self.split[node]
            node = np.where(goes_left, self.left[node], self.right[node])
        classes = len(self.baseline)
        return self.baseline + self.value[node].reshape(len(rows), -1, classes).sum(axis=1)

    def probability(self, rows: np.ndarray) -> np.ndarray:
        """A binary model's probability of the positive class for each row."""
        return 1.0 / (1.0 + np.exp(-self.margins(rows)[:, 0]))

    def class_probabilities(self, rows: np.ndarray) -> np.ndarray:
        """A multi-class model's probabilities (softmax of the margins): shape (rows, classes)."""
        margins = self.margins(rows)
        exp = np.exp(margins - margins.max(axis=1, keepdims=True))
        return exp / exp.sum(axis=1, keepdims=True)


def model_spec(name: str) -> dict[str, Any] | None:
    """A model file shipped in newsspider/models, parsed; None when the package ships none."""
    source = resources.files("newsspider.models").joinpath(name)
    if not source.is_file():
        return None
    spec: dict[str, Any] = json.loads(source.read_text(encoding="utf-8"))
    return spec


def model_digest(spec: dict[str, Any]) -> str:
    """The version of a model: a digest of everything in its file but the version itself."""
    content = json.dumps({key: value for key, value in spec.items() if key != "version"}, sort_keys=True)
    return hashlib.sha256(content.encode("utf-8")).hexdigest()[:16]
