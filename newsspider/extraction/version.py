"""The extractor's version, written in every record: the package's, with the versions of its learned models."""

from __future__ import annotations

from functools import cache
from importlib.metadata import PackageNotFoundError, version

from newsspider.extraction.trees import model_spec

MODEL_FILES = {"body": "body.json", "pagekind": "pagekind.json"}  # label in extractor_version -> model file
MODEL_VERSION_DIGITS = 8  # enough to tell two builds of a model apart in a dataset


@cache
def extractor_version() -> str:
    """The package's version with its models' versions as a PEP 440 local label: 0.1.0+body.8ab2fea0.pagekind.1fd…"""
    try:
        package = version("newsspider")
    except PackageNotFoundError:  # run from a source tree that was never installed
        package = "0+unknown"
    labels = []
    for label, name in MODEL_FILES.items():
        spec = model_spec(name)
        if spec is not None:
            labels.append(f"{label}.{spec['version'][:MODEL_VERSION_DIGITS]}")
    return f"{package}+{'.'.join(labels)}" if labels and "+" not in package else package
