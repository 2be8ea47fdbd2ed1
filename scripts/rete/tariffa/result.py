"""What the engine returns: every figure with the rule that produced it, and the JSON view.

Families and comune officers must be able to check a fee by hand, so nothing is reported
without the Italian sentence that explains it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from rete.tariffa.money import round_fraction

JsonValue = float | int | str | bool | None | list["JsonValue"] | dict[str, "JsonValue"]


@dataclass(frozen=True)
class Figure:
    """A computed figure and the rule, in Italian, that produced it."""

    valore: Decimal
    regola: str


@dataclass(frozen=True)
class Base:
    """A base fee, kept as an exact fraction (it is rounded only after the modifiers)."""

    valore: Fraction
    regola: str


@dataclass(frozen=True)
class ChildFee:
    """The fee of one enrolled child (or of the assumed one when none is marked)."""

    componente: int | None
    """Index in `componenti`; None for the full-time child assumed when none is enrolled."""
    descrizione: str
    frequenza: str
    base_isee: Fraction
    """Base fee from the ISEE, exact and unrounded as the contract requires."""
    base_ff: Fraction
    modificatori: tuple[tuple[str, Decimal], ...]
    """The multipliers applied, in order (part_time, prolungato, fratelli)."""
    tariffa_isee: Decimal
    tariffa_ff: Decimal
    regola_isee: str
    regola_ff: str

    def to_json_dict(self) -> dict[str, JsonValue]:
        """Bases are shown to the cent; the fee was computed from the exact value."""
        return {
            "componente": self.componente,
            "descrizione": self.descrizione,
            "frequenza": self.frequenza,
            "base_isee": float(round_fraction(self.base_isee)),
            "base_ff": float(round_fraction(self.base_ff)),
            "modificatori": {name: float(value) for name, value in self.modificatori},
            "tariffa_isee": float(self.tariffa_isee),
            "tariffa_ff": float(self.tariffa_ff),
            "regola_isee": self.regola_isee,
            "regola_ff": self.regola_ff,
        }


@dataclass(frozen=True)
class FeeResult:
    """The fee of a household for a scheme, with ISEE and with the Fattore Famiglia."""

    servizio: str
    """Id of the scheme (its `servizio`)."""
    unita: str
    unita_per_anno: Decimal
    se_isee: Figure | None
    ise: Figure | None
    se_ff: Figure | None
    isee_ff: Figure | None
    base_isee: Base
    base_ff: Base
    dettaglio: tuple[ChildFee, ...]
    tariffa_isee: Decimal
    tariffa_ff: Decimal
    differenza: Decimal
    differenza_anno: Figure
    avvisi: tuple[str, ...]

    def to_json_dict(self, *, regole: bool = False) -> dict[str, JsonValue]:
        """The contract's keys (se_isee…differenza_anno), then `dettaglio` and `avvisi`.

        The first four are absent when they were not computed (no ISEE, non-residents).
        With `regole=True` a `regole` object adds the Italian rule of every figure.
        """
        result: dict[str, JsonValue] = {}
        for key in ("se_isee", "ise", "se_ff", "isee_ff"):
            figure: Figure | None = getattr(self, key)
            if figure is not None:
                result[key] = float(figure.valore)
        result |= {
            "tariffa_isee": float(self.tariffa_isee),
            "tariffa_ff": float(self.tariffa_ff),
            "differenza": float(self.differenza),
            "differenza_anno": float(self.differenza_anno.valore),
            "dettaglio": [child.to_json_dict() for child in self.dettaglio],
            "avvisi": list(self.avvisi),
        }
        if regole:
            result["regole"] = {name: figure.regola for name, figure in self.figure()}
        return result

    def figure(self) -> list[tuple[str, Figure | Base]]:
        """The household-level figures that were computed, in the order of the contract."""
        named = [
            ("se_isee", self.se_isee),
            ("ise", self.ise),
            ("se_ff", self.se_ff),
            ("isee_ff", self.isee_ff),
            ("base_isee", self.base_isee),
            ("base_ff", self.base_ff),
            ("differenza_anno", self.differenza_anno),
        ]
        return [(name, figure) for name, figure in named if figure is not None]

    def spiegazione(self) -> list[str]:
        """The whole computation as Italian lines, for the CLI's human output."""
        lines = [figure.regola for _, figure in self.figure() if _ != "differenza_anno"]
        for child in self.dettaglio:
            lines.append(f"{child.descrizione}: con ISEE {child.regola_isee}")
            lines.append(f"{child.descrizione}: con Fattore Famiglia {child.regola_ff}")
        lines.append(self.differenza_anno.regola)
        lines.extend(f"Avviso: {warning}" for warning in self.avvisi)
        return lines
