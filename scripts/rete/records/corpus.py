"""The checked corpus: what the validator found, as plain data for checks and pages.

Data-only types shared by the validator, the corpus-wide checks and the views, kept apart from
the pipeline (`validate`) so that the checks it calls never import back into it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from rete.core.diagnostics import Diagnostic, KeyPath, Severity, key_text
from rete.models.common import Record
from rete.records.loader import RawRecord
from rete.records.references import Ref, Term
from rete.records.yaml_positions import Positions
from rete.tariffa.scale import ScalaFamiglia
from rete.tariffa.schema import SchemaTariffario


def located(rel: str, positions: Positions, path: KeyPath, message: str, *,
            severity: Severity = "errore", at_key: bool = False) -> Diagnostic:
    line, col = positions.locate(path, key=at_key)
    return Diagnostic(rel, line, col, key_text(path), severity, message)


@dataclass
class Summary:
    """What the corpus-wide checks need to know of one valid record."""

    type_name: str
    slug: str
    rel: str
    stato: str
    positions: Positions
    refs: list[Ref]
    terms: list[Term]
    istat: str | None = None  # comuni only
    voci: frozenset[str] = frozenset()  # vocabularies only
    links: list[tuple[int, int, str]] = field(default_factory=list)  # relative, in the body


@dataclass
class Loaded:
    raw: RawRecord
    model: Record


@dataclass
class Corpus:
    """Valid records by type and slug, with all the problems found on the way.

    `records` holds the models (for pages); it stays empty when `validate` was asked for a
    check only, since shipping models between processes costs more than checking them.
    """

    root: Path
    today: date
    summaries: dict[str, dict[str, Summary]] = field(default_factory=dict)
    records: dict[str, dict[str, Loaded]] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # files present by type, valid or not: a reference to a broken record is not reported
    # again as "missing" (its own errors already say what to fix)
    present: dict[str, set[str]] = field(default_factory=dict)
    schemes: dict[str, SchemaTariffario] = field(default_factory=dict)  # content/tariffe
    scale: ScalaFamiglia | None = None  # content/scale/fattore-famiglia.yml

    def report(self, summary: Summary, path: KeyPath, message: str) -> None:
        self.diagnostics.append(located(summary.rel, summary.positions, path, message))

    def of(self, type_name: str) -> dict[str, Loaded]:
        return self.records.get(type_name, {})

    def published(self, type_name: str) -> list[Loaded]:
        return [r for r in self.of(type_name).values() if r.model.stato != "bozza"]


Checked = tuple[Summary | None, Loaded | None, list[Diagnostic]]
"""What checking one file gives: its summary and model when usable, and its problems."""
