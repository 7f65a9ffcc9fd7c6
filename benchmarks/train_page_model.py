"""Rebuild newsspider/models/pagekind.json: the page-kind classifier, trained on the tune halves of ../shared/bench.

    .venv/bin/pip install -e '.[train]'
    .venv/bin/python -m benchmarks.train_page_model [--bench ../shared/bench] [--check]

wcxb labels each page with one of seven types; the news corpora (aeb, fundus, naeb) are all articles.
trafilatura's corpus has no page types and is left out. wcxb's "collection" pages are listings and its
"service" pages are "other". The threshold on P(article) is chosen on out-of-fold predictions of the tune
half, so that it is not fitted to pages the trees have already seen. The check halves are never read.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from multiprocessing import Pool
from pathlib import Path
from typing import Any

import lxml.html
import numpy as np

from benchmarks.tree_export import export_trees, load_score, ship, training_arguments
from newsspider.extraction.pagefeatures import FEATURES, page_features
from newsspider.extraction.pagekind import KINDS, MODEL_FILE, PageKindModel, page_url
from newsspider.extraction.structured import read_metadata
from newsspider.extraction.trees import model_digest

MODEL_PATH = Path(__file__).resolve().parent.parent / "newsspider" / "models" / MODEL_FILE
KIND_OF_TYPE = {
    "article": "article",
    "listing": "listing",
    "collection": "listing",
    "forum": "forum",
    "product": "product",
    "documentation": "documentation",
    "service": "other",
}
LABELLED = ("aeb", "fundus", "naeb", "wcxb")
TREES = {
    "max_iter": 80,
    "max_depth": 3,
    "learning_rate": 0.1,
    "l2_regularization": 1.0,
    "min_samples_leaf": 8,
    "random_state": 0,
}
FOLDS, REPEATS = 5, 3  # out-of-fold predictions averaged over 3 shuffles: one shuffle's threshold is noisy
# Missing an article loses data for good; a non-article written is a bad record that a dataset can still
# filter (page_type). So the threshold maximises twice the share of articles kept minus the share of other
# pages kept.
MISSED_ARTICLE_COST = 2.0
THRESHOLDS = np.linspace(0.05, 0.95, 91)


def tune_pages(score: Any) -> Iterator[tuple[str, str, bytes]]:
    """(kind, url, page) of each tune-half page with a known kind."""
    for corpus in LABELLED:
        for key, url, path, gold in score.load(corpus):
            if score.half(key) == "tune":
                kind = KIND_OF_TYPE[gold.get("page_type", "article")] if corpus == "wcxb" else "article"
                yield kind, url or "https://example.com/", gzip.decompress(path.read_bytes())


def page_row(task: tuple[str, str, bytes]) -> tuple[np.ndarray, int]:
    """One page's features and the index of its kind."""
    kind, url, page = task
    root = lxml.html.fromstring(page)
    return page_features(root, page_url(root, url), read_metadata(root, url)), KINDS.index(kind)


def balanced_weights(labels: np.ndarray) -> np.ndarray:
    """Each kind weighs the same in all, whatever its number of pages."""
    counts = np.bincount(labels, minlength=len(KINDS)).astype(float)
    return np.array([len(labels) / (len(KINDS) * counts[label]) for label in labels])


def article_threshold(features: np.ndarray, labels: np.ndarray, weights: np.ndarray) -> float:
    """The P(article) that best tells articles from other pages, on out-of-fold predictions."""
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.model_selection import StratifiedKFold

    out_of_fold = np.zeros(len(labels))
    for repeat in range(REPEATS):
        for train, held_out in StratifiedKFold(FOLDS, shuffle=True, random_state=repeat).split(features, labels):
            fold = HistGradientBoostingClassifier(**TREES).fit(
                features[train], labels[train], sample_weight=weights[train]
            )
            out_of_fold[held_out] += fold.predict_proba(features[held_out])[:, 0] / REPEATS
    articles, others = out_of_fold[labels == 0], out_of_fold[labels != 0]
    gain = [MISSED_ARTICLE_COST * np.mean(articles >= each) - np.mean(others >= each) for each in THRESHOLDS]
    threshold = float(THRESHOLDS[int(np.argmax(gain))])
    print(
        f"out of fold: articles kept {np.mean(articles >= threshold):.3f}, "
        f"other pages kept {np.mean(others >= threshold):.3f} at P(article) >= {threshold:.3f}"
    )
    return threshold


def main() -> None:
    from sklearn.ensemble import HistGradientBoostingClassifier

    arguments = training_arguments(__doc__)
    score = load_score(arguments.bench.resolve())
    with Pool(2) as pool:
        rows = pool.map(page_row, tune_pages(score), chunksize=8)
    features = np.vstack([row[0] for row in rows])
    labels = np.array([row[1] for row in rows])
    weights = balanced_weights(labels)
    threshold = article_threshold(features, labels, weights)
    model = HistGradientBoostingClassifier(**TREES).fit(features, labels, sample_weight=weights)
    spec: dict[str, Any] = {
        "features": list(FEATURES),
        "classes": list(KINDS),
        "article_threshold": threshold,
        **export_trees(model),
    }
    spec["training"] = {
        "pages": len(labels),
        "per_kind": np.bincount(labels, minlength=len(KINDS)).tolist(),
        "trees": TREES,
        "corpora": "tune halves of aeb, fundus, naeb and wcxb (../shared/bench)",
    }
    spec["version"] = model_digest(spec)
    exported = PageKindModel(spec).class_probabilities(features)
    drift = float(np.abs(exported - model.predict_proba(features)).max())
    assert drift < 1e-3, f"the exported trees disagree with the trained model by {drift}"
    print(f"{len(labels)} pages")
    raise SystemExit(ship(MODEL_PATH, spec, arguments.check))


if __name__ == "__main__":
    main()
