"""Who gains and who loses: the simulator's per-household results summed by household type.

Groups are those a council asks about first: number of children, single parents, disability
in the household, ISEE quintile, residence; plus the distribution of yearly savings.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
import numpy.typing as npt

from rete.tariffa.money import round_cent
from rete.tariffa.sim.population import ABSENT, FIGLIO, NO_DISABILITY, Ints, Population


def _euro(cents: float | int) -> Decimal:
    return Decimal(round(cents)) / 100


@dataclass(frozen=True)
class Group:
    """Yearly revenue and savings of one household type (euro; savings > 0 mean paying less)."""

    dimensione: str
    etichetta: str
    famiglie: int
    entrate_isee_anno: Decimal
    entrate_ff_anno: Decimal
    risparmio_totale_anno: Decimal
    risparmio_medio_anno: Decimal
    risparmio_massimo_anno: Decimal
    aumento_massimo_anno: Decimal
    risparmiano: int
    pagano_di_piu: int
    invariate: int

    def to_json_dict(self) -> dict[str, Any]:
        return {
            key: float(value) if isinstance(value, Decimal) else value
            for key, value in self.__dict__.items()
        }


@dataclass(frozen=True)
class SavingsBand:
    """How many households save a yearly amount in this range, and how much in all."""

    etichetta: str
    famiglie: int
    risparmio_totale_anno: Decimal

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "etichetta": self.etichetta,
            "famiglie": self.famiglie,
            "risparmio_totale_anno": float(self.risparmio_totale_anno),
        }


def _groups(
    dimension: str,
    labels: list[str],
    code: Ints,
    year_isee: Ints,
    year_ff: Ints,
    saving: Ints,
) -> list[Group]:
    k = len(labels)

    def total(values: npt.NDArray[Any]) -> npt.NDArray[np.float64]:
        return np.asarray(np.bincount(code, weights=values, minlength=k), dtype=np.float64)

    families = np.bincount(code, minlength=k)
    best = np.zeros(k, dtype=np.int64)
    worst = np.zeros(k, dtype=np.int64)
    np.maximum.at(best, code, saving)
    np.maximum.at(worst, code, -saving)
    gains, losses = total(saving > 0), total(saving < 0)
    sums_isee, sums_ff, sums_saving = total(year_isee), total(year_ff), total(saving)
    result = []
    for i, label in enumerate(labels):
        n = int(families[i])
        mean = round_cent(_euro(sums_saving[i]) / n) if n else Decimal(0)
        result.append(
            Group(
                dimensione=dimension,
                etichetta=label,
                famiglie=n,
                entrate_isee_anno=_euro(sums_isee[i]),
                entrate_ff_anno=_euro(sums_ff[i]),
                risparmio_totale_anno=_euro(sums_saving[i]),
                risparmio_medio_anno=mean,
                risparmio_massimo_anno=_euro(int(best[i])),
                aumento_massimo_anno=_euro(int(worst[i])),
                risparmiano=int(gains[i]),
                pagano_di_piu=int(losses[i]),
                invariate=n - int(gains[i]) - int(losses[i]),
            )
        )
    return result


def _quintiles(isee: Ints) -> tuple[Ints, tuple[Decimal, ...]]:
    """Quintile 0-4 of each household by ISEE (5 = no ISEE) and the four thresholds (euro)."""
    present = isee != ABSENT
    if not present.any():
        return np.full(isee.shape[0], 5, dtype=np.int64), ()
    cuts = np.quantile(isee[present], [0.2, 0.4, 0.6, 0.8], method="inverted_cdf").astype(np.int64)
    quintile = np.where(present, np.searchsorted(cuts, isee, side="left"), 5).astype(np.int64)
    return quintile, tuple(Decimal(int(c)) / 100 for c in cuts)


_SAVING_BANDS = ((1, "fino a 100 €"), (10_000, "da 100 a 500 €"), (50_000, "da 500 a 1.000 €"))


def _saving_bands(saving: Ints) -> tuple[SavingsBand, ...]:
    edges = np.array([0, 1, 10_001, 50_001, 100_001], dtype=np.int64)
    code = np.searchsorted(edges, saving, side="right")
    labels = [
        "pagano di più",
        "nessuna differenza",
        "risparmiano fino a 100 €",
        "risparmiano da 100 a 500 €",
        "risparmiano da 500 a 1.000 €",
        "risparmiano oltre 1.000 €",
    ]
    families = np.bincount(code, minlength=len(labels))
    sums = np.bincount(code, weights=saving, minlength=len(labels))
    return tuple(
        SavingsBand(label, int(families[i]), _euro(sums[i])) for i, label in enumerate(labels)
    )


def summarize(
    pop: Population, year_isee: Ints, year_ff: Ints, saving: Ints
) -> tuple[tuple[Group, ...], tuple[SavingsBand, ...], tuple[Decimal, ...]]:
    """Groups by household type, the distribution of savings, and the ISEE quintile thresholds."""
    children = np.minimum(pop.count(pop.ruolo == FIGLIO), 3)
    disabled = (pop.count(pop.disabilita != NO_DISABILITY) > 0).astype(np.int64)
    quintile, thresholds = _quintiles(pop.isee)
    dimensions: list[tuple[str, list[str], Ints]] = [
        ("totale", ["tutte le famiglie"], np.zeros(pop.n_households, dtype=np.int64)),
        ("figli", ["nessun figlio", "1 figlio", "2 figli", "3 o più figli"], children),
        (
            "genitore_solo",
            ["due genitori o altri adulti", "genitore solo"],
            pop.genitore_solo.astype(np.int64),
        ),
        ("disabilita", ["nessuna disabilità", "con disabilità"], disabled),
        (
            "quintile_isee",
            [
                "1° quintile ISEE",
                "2° quintile ISEE",
                "3° quintile ISEE",
                "4° quintile ISEE",
                "5° quintile ISEE",
                "senza ISEE",
            ],
            quintile,
        ),
        ("residenza", ["non residenti", "residenti"], pop.residente.astype(np.int64)),
    ]
    groups: list[Group] = []
    for dimension, labels, code in dimensions:
        groups += _groups(dimension, labels, code, year_isee, year_ff, saving)
    return tuple(groups), _saving_bands(saving), thresholds
