"""Shared fixtures: resources loaded once, and no downloaded NLTK data anywhere."""

from __future__ import annotations

import os
import tempfile

import pytest

# An empty NLTK_DATA makes any hidden dependency on downloaded models fail loudly.
os.environ["NLTK_DATA"] = tempfile.mkdtemp(prefix="dipstat-empty-nltk-")

from dipstat.resources import Resources, default_resources


@pytest.fixture(scope="session")
def res() -> Resources:
    return default_resources()


@pytest.fixture(scope="session")
def analyze_text(res: Resources):  # type: ignore[no-untyped-def]
    from dipstat import analyze

    def run(text: str):  # type: ignore[no-untyped-def]
        return analyze(text, "test.txt", resources=res).statements

    return run
