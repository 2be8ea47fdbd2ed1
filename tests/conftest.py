"""Shared test helpers: a throwaway copy of the valid fixture project, a fixed "today"."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
VALID = FIXTURES / "valid"
INVALID = FIXTURES / "invalid"
TODAY = date(2026, 11, 27)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A writable copy of tests/fixtures/valid: a small, complete, valid project."""
    root = tmp_path / "progetto"
    shutil.copytree(VALID, root)
    return root


def place_fixture(fixture: Path, root: Path) -> Path:
    """Copy invalid/<folder>/<key>_<problem>.<ext> to <folder>/<key>-<problem>.<ext> in root.

    Fixture names use underscores like the keys they break; record slugs allow only hyphens.
    """
    rel = fixture.relative_to(INVALID)
    dest = root / rel.parent / (rel.stem.replace("_", "-") + rel.suffix)
    shutil.copy(fixture, dest)
    return dest
