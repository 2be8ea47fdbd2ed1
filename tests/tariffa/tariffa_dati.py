"""Paths and data shared by the tariff tests (imported by name: keep it unique in tests/).

There is deliberately no conftest.py here: a second `conftest` module on sys.path would
shadow tests/conftest.py for any test that imports from it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

from rete.records.contracts import load_scale
from rete.tariffa.scale import ScalaFamiglia

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "tariffa"
CONTENT = ROOT / "content" / "tariffe"
SCALE = ROOT / "content" / "scale" / "fattore-famiglia.yml"


def load_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as stream:
        return yaml.safe_load(stream)


def load_examples() -> dict[str, Any]:
    """The worked examples (a copy of the shared domain test vectors)."""
    data: dict[str, Any] = load_yaml(FIXTURES / "worked-examples.yaml")
    return data


@cache
def scala_predefinita() -> ScalaFamiglia:
    """The illustrative default scale, read from content/scale as the CLI does."""
    return load_scale(ROOT)
