"""Fixtures of the tariff tests; falls back to the source tree when `rete` is not installed."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

try:
    import rete  # noqa: F401
except ImportError:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

from rete.tariffa.scala import ScalaFamiglia, load_scale


@pytest.fixture(scope="session")
def scala() -> ScalaFamiglia:
    """The illustrative default scale, read from content/tariffe as the CLI does."""
    return load_scale()
