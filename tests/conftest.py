"""Fixtures for every test: a throwaway copy of the valid fixture project."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from support import VALID, make_buildable


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A writable copy of tests/fixtures/valid: a small, complete, valid project."""
    root = tmp_path / "progetto"
    shutil.copytree(VALID, root)
    return root


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The valid fixture project, built once per test session; returns its site/ folder."""
    from rete.web.build import build
    from support import TODAY

    root = tmp_path_factory.mktemp("sito") / "progetto"
    shutil.copytree(VALID, root)
    make_buildable(root)
    return build(root, today=TODAY).site
