"""Fixtures shared by the article tests."""

import shutil

import pytest

from demo.loader import DEMO_DIR


@pytest.fixture
def demo_copy(tmp_path):
    """A copy of the demo data files (no code), free to break."""
    copy = tmp_path / "demo"
    shutil.copytree(DEMO_DIR, copy, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return copy
