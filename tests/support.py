"""Paths and helpers shared by the tests (importable as `support`: tests/ is on pythonpath)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
VALID = FIXTURES / "valid"
INVALID = FIXTURES / "invalid"
TODAY = date(2026, 11, 27)


def place_fixture(fixture: Path, root: Path) -> Path:
    """Copy invalid/<folder>/<key>_<problem>.<ext> to <folder>/<key>-<problem>.<ext> in root.

    Fixture names use underscores like the keys they break; record slugs allow only hyphens.
    """
    rel = fixture.relative_to(INVALID)
    dest = root / rel.parent / (rel.stem.replace("_", "-") + rel.suffix)
    shutil.copy(fixture, dest)
    return dest
