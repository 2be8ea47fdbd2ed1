"""Fixtures for every test: a throwaway copy of the valid fixture project."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from support import VALID


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A writable copy of tests/fixtures/valid: a small, complete, valid project."""
    root = tmp_path / "progetto"
    shutil.copytree(VALID, root)
    return root
