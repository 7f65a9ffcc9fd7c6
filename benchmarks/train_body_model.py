"""Rebuild newsspider/models/body.json: the body scorer, trained on the tune halves of ../shared/bench.

    .venv/bin/pip install -e '.[train]'
    .venv/bin/python -m benchmarks.train_body_model [--bench ../shared/bench] [--check]

Each page's blocks are rendered as extraction renders them and labelled by the corpus's gold: a block is
article text when most of its word trigrams (its words, for short blocks) are in the gold body. trafilatura's
corpus only has snippets: blocks holding a wanted snippet are text, blocks holding an unwanted or comment
snippet are not, the rest is left out. The check halves are never read.
"""

from __future__ import annotations

import gzip
import re
import unicodedata
from collections.abc import Iterator
from multiprocessing import Pool
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from benchmarks.tree_export import export_trees, load_score, ship, training_arguments
from newsspider.extraction.article import candidates_from_html
from newsspider.extraction.blockfeatures import FEATURES, block_features
from newsspider.extraction.bodymodel import MODEL_FILE, BodyModel
from newsspider.extraction.trees import model_digest

MODEL_PATH = Path(__file__).resolve().parent.parent / "newsspider" / "models" / MODEL_FILE
WORD = re.compile(r"\w+", re.UNICODE)
TEXT_SHARE = 0.5  # of a block's trigrams found in the gold body that make it article text
TREES = {
    "max_iter": 150,
    "max_depth": 5,
    "max_leaf_nodes": 24,
    "learning_rate": 0.1,
    "l2_regularization": 1.0,
    "min_samples_leaf": 40,
    "random_state": 0,
}
THRESHOLD = 0.5
PRUNED_THRESHOLD = 0.65  # for blocks the pruning vocabulary names as chrome: its verdict is evidence too
ENGINE_THRESHOLD = 0.35  # for blocks the rules keep inside the page's named body container: evidence too


def words(text: str) -> list[str]:
    return WORD.findall(unicodedata.normalize("NFKC", text or "").casefold())


def trigrams(tokens: list[str]) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + 3]) for i in range(len(tokens) - 2)}


def gold_labeller(corpus: str, gold: dict[str, Any], score: ModuleType) -> Any:
    """A function block text -> 1 (article text), 0 (not) or None (unknown), from one page's gold."""
    if corpus == "traf":
        wanted = [" ".join(words(s)) for s in gold["with"]]
        unwanted = [" ".join(words(s)) for s in [*gold["without"], *(gold.get("comments") or [])]]

        def snippet_label(text: str) -> int | None:
            norm = " ".join(words(text))
            if any(s and s in norm for s in unwanted):
                return 0
            return 1 if any(s and (s in norm or (len(norm) > 20 and norm in s)) for s in wanted) else None

        return snippet_label
    body = {
        "aeb": lambda g: g.get("articleBody", ""),
        "fundus": score.fundus_body,
        "naeb": lambda g: g.get("text", ""),
        "wcxb": lambda g: g.get("main_content", ""),
    }[corpus](gold)
    tokens = words(body)
    grams, joined = trigrams(tokens), f" {' '.join(tokens)} "

    def body_label(text: str) -> int:
        own = words(text)
        if len(own) >= 3:
            mine = trigrams(own)
            return int(len(mine & grams) >= TEXT_SHARE * len(mine))
        return int(bool(own) and f" {' '.join(own)} " in joined)

    return body_label


def page_rows(task: tuple[str, str, bytes, dict[str, Any], str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Features, labels and weights of one page's labelled blocks."""
    corpus, url, page, gold, bench = task
    score = load_score(Path(bench))
    candidates = candidates_from_html(page, url)
    if candidates is None or not candidates.blocks:
        return np.zeros((0, len(FEATURES))), np.zeros(0), np.zeros(0)
    label = gold_labeller(corpus, gold, score)
    labels = [label(block.text) for block in candidates.blocks]
    known = [index for index, value in enumerate(labels) if value is not None]
    features = block_features(candidates.blocks, candidates.evidence)[known]
    # errors cost words: a block weighs by its length, and each page weighs the same in all
    weights = np.sqrt([len(candidates.blocks[index].text) for index in known])
    return features, np.array([labels[index] for index in known]), weights / max(1.0, weights.sum()) * 100


def tune_pages(score: ModuleType, bench: Path) -> Iterator[tuple[str, str, bytes, dict[str, Any], str]]:
    for corpus in score.CORPORA:
        for key, url, path, gold in score.load(corpus):
            if score.half(key) == "tune":
                yield corpus, url, gzip.decompress(path.read_bytes()), gold, str(bench)


def export(model: Any, pages: int, rows: int) -> dict[str, Any]:
    """The model file: the trees, the features and thresholds they were trained for, how, and a version."""
    spec: dict[str, Any] = {
        "features": list(FEATURES),
        "threshold": THRESHOLD,
        "pruned_threshold": PRUNED_THRESHOLD,
        "engine_threshold": ENGINE_THRESHOLD,
        **export_trees(model),
    }
    spec["training"] = {
        "pages": pages,
        "blocks": rows,
        "trees": TREES,
        "corpora": "tune halves of aeb, traf, fundus, naeb and wcxb (../shared/bench/README.md)",
    }
    spec["version"] = model_digest(spec)
    return spec


def main() -> None:
    from sklearn.ensemble import HistGradientBoostingClassifier

    arguments = training_arguments(__doc__)
    bench = arguments.bench.resolve()
    score = load_score(bench)
    with Pool(2) as pool:
        pages = pool.map(page_rows, tune_pages(score, bench), chunksize=4)
    features = np.vstack([page[0] for page in pages])
    labels = np.concatenate([page[1] for page in pages])
    weights = np.concatenate([page[2] for page in pages])
    model = HistGradientBoostingClassifier(**TREES).fit(features, labels, sample_weight=weights)
    spec = export(model, len(pages), len(labels))
    exported = BodyModel(spec).probability(features)
    drift = float(np.abs(exported - model.predict_proba(features)[:, 1]).max())
    assert drift < 1e-3, f"the exported trees disagree with the trained model by {drift}"
    print(f"{len(pages)} pages, {len(labels)} blocks ({labels.mean():.2f} text)")
    raise SystemExit(ship(MODEL_PATH, spec, arguments.check))


if __name__ == "__main__":
    main()
