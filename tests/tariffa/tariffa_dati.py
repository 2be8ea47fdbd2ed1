"""Paths and data shared by the tariff tests (imported by name: keep it unique in tests/)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "tariffa"
CONTENT = ROOT / "content" / "tariffe"


def load_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as stream:
        return yaml.safe_load(stream)


def load_examples() -> dict[str, Any]:
    """The worked examples (a copy of the shared domain test vectors)."""
    data: dict[str, Any] = load_yaml(FIXTURES / "worked-examples.yaml")
    return data
