"""Shared pytest fixtures."""

from __future__ import annotations

import pytest
from jsonschema import Draft202012Validator

from tests.saved_pages import SCHEMA


@pytest.fixture(scope="session")
def schema_validator() -> Draft202012Validator:
    return Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)
