"""The learned body scorer: which rendered blocks are article text, by a tree ensemble over their FEATURES."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from newsspider.extraction.blockfeatures import FEATURES
from newsspider.extraction.trees import TreeEnsemble, model_spec

MODEL_FILE = "body.json"  # in newsspider/models/, written by benchmarks/train_body_model.py
PRUNED, ENGINE, IN_MAIN = FEATURES.index("pruned"), FEATURES.index("engine"), FEATURES.index("in_main")


class BodyModel(TreeEnsemble):
    """The trees and the thresholds a block's probability is held to."""

    def __init__(self, spec: dict[str, Any]) -> None:
        super().__init__(spec, FEATURES)
        self.threshold: float = spec["threshold"]
        self.pruned_threshold: float = spec["pruned_threshold"]
        self.engine_threshold: float = spec["engine_threshold"]

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
def body_model() -> BodyModel | None:
    """The shipped model, loaded once per process; None when the package ships none."""
    spec = model_spec(MODEL_FILE)
    return BodyModel(spec) if spec is not None else None
