"""A population of households as numpy columns, for the budget simulator.

One row per member, keyed by household, mirroring the household contract. Money is held in
integer cents and weights in ten-thousandths, so the simulator can round exactly like the
Decimal engine. Three ways in, all obeying the contract: a CSV file (`population_csv.py`,
every household checked by the `Famiglia` model), a list of `Famiglia` models
(`from_households`), or a synthetic population (`synthetic.py`, valid by construction).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
import numpy.typing as npt

from rete.tariffa.household import FREQUENZE, LIVELLI_DISABILITA, RUOLI, TIPI_ISEE, Famiglia

Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]

GENITORE, FIGLIO, ALTRO = (RUOLI.index(r) for r in ("genitore", "figlio", "altro"))
TEMPO_PIENO, PART_TIME, PROLUNGATO = (
    FREQUENZE.index(f) for f in ("tempo_pieno", "part_time", "prolungato")
)
NO_DISABILITY = 0
"""Disability code of a member without one; levels follow LIVELLI_DISABILITA from 1."""
ABSENT = -1
"""Marker for a missing ISEE, ISE, ISEE scale, ISEE type or birth group."""
WEIGHT_UNIT = 10_000
"""Weights and scales are stored in ten-thousandths (the contract allows four decimals)."""


@dataclass(frozen=True)
class Population:
    """Households (arrays of length n) and their members (length m, grouped by household)."""

    famiglia_id: npt.NDArray[np.str_]
    isee: Ints
    """Cents; ABSENT when no ISEE was submitted."""
    ise: Ints
    """Cents from the attestation; ABSENT when the engine computes it."""
    scala_isee: Ints
    """Ten-thousandths from the attestation; ABSENT when not given."""
    tipo_isee: Ints
    """Index in TIPI_ISEE; ABSENT when not given."""
    residente: Bools
    genitore_solo: Bools
    vedovo: Bools
    gravidanza: Bools
    household_of_member: Ints
    """Household index of each member, non-decreasing."""
    ruolo: Ints
    eta: Ints
    lavora: Bools
    iscritto: Bools
    frequenza: Ints
    parto: Ints
    """A population-wide birth-group id; ABSENT for none."""
    disabilita: Ints

    @property
    def n_households(self) -> int:
        return int(self.isee.shape[0])

    def household_starts(self) -> Ints:
        """Index of each household's first member (households are never empty)."""
        starts: Ints = np.searchsorted(
            self.household_of_member, np.arange(self.n_households)
        ).astype(np.int64)
        return starts

    def count(self, mask: Bools) -> Ints:
        """Per household, how many members satisfy `mask`."""
        counts: Ints = np.bincount(
            self.household_of_member[mask], minlength=self.n_households
        ).astype(np.int64)
        return counts

    def households(self, indices: Iterable[int] | None = None) -> list[Famiglia]:
        """Households back as contract models (for the engine cross-check and for display)."""
        chosen = range(self.n_households) if indices is None else indices
        starts = self.household_starts()
        ends = np.append(starts[1:], self.household_of_member.shape[0])
        return [
            Famiglia.model_validate(self._household_dict(h, starts[h], ends[h])) for h in chosen
        ]

    def _household_dict(self, h: int, start: int, end: int) -> dict[str, Any]:
        data: dict[str, Any] = {
            "isee": None if self.isee[h] == ABSENT else Decimal(int(self.isee[h])) / 100,
            "residente": bool(self.residente[h]),
            "genitore_solo": bool(self.genitore_solo[h]),
            "vedovo": bool(self.vedovo[h]),
            "gravidanza": bool(self.gravidanza[h]),
        }
        if self.tipo_isee[h] != ABSENT:
            data["tipo_isee"] = TIPI_ISEE[self.tipo_isee[h]]
        if self.ise[h] != ABSENT:
            data["ise"] = Decimal(int(self.ise[h])) / 100
            data["scala_isee"] = Decimal(int(self.scala_isee[h])) / WEIGHT_UNIT
        members = []
        for i in range(start, end):
            member: dict[str, Any] = {
                "ruolo": RUOLI[self.ruolo[i]],
                "eta": int(self.eta[i]),
                "lavora": bool(self.lavora[i]),
                "iscritto": bool(self.iscritto[i]),
                "frequenza": FREQUENZE[self.frequenza[i]],
            }
            if self.parto[i] != ABSENT:
                member["parto"] = int(self.parto[i])
            if self.disabilita[i] != NO_DISABILITY:
                member["disabilita"] = LIVELLI_DISABILITA[self.disabilita[i] - 1]
            members.append(member)
        data["componenti"] = members
        return data


class PopulationBuilder:
    """Validated households added one by one, then frozen into a Population."""

    _HOUSEHOLD = ("isee", "ise", "scala_isee", "tipo_isee", "residente", "genitore_solo",
                  "vedovo", "gravidanza")
    _MEMBER = ("household", "ruolo", "eta", "lavora", "iscritto", "frequenza", "parto",
               "disabilita")

    def __init__(self) -> None:
        self.ids: list[str] = []
        self.household: dict[str, list[int]] = {k: [] for k in self._HOUSEHOLD}
        self.member: dict[str, list[int]] = {k: [] for k in self._MEMBER}
        self.births: dict[tuple[int, int | str], int] = {}

    def add(self, household: Famiglia, famiglia_id: str) -> None:
        """Append one household that already obeys the contract (a `Famiglia` model)."""
        h = len(self.ids)
        self.ids.append(famiglia_id)
        hh = self.household
        hh["isee"].append(ABSENT if household.isee is None else int(household.isee * 100))
        hh["ise"].append(ABSENT if household.ise is None else int(household.ise * 100))
        hh["scala_isee"].append(
            ABSENT if household.scala_isee is None else int(household.scala_isee * WEIGHT_UNIT)
        )
        hh["tipo_isee"].append(
            ABSENT if household.tipo_isee is None else TIPI_ISEE.index(household.tipo_isee)
        )
        for key in ("residente", "genitore_solo", "vedovo", "gravidanza"):
            hh[key].append(int(getattr(household, key)))
        mm = self.member
        for member in household.componenti:
            mm["household"].append(h)
            mm["ruolo"].append(RUOLI.index(member.ruolo))
            mm["eta"].append(member.eta)
            mm["lavora"].append(int(member.lavora))
            mm["iscritto"].append(int(member.iscritto))
            mm["frequenza"].append(FREQUENZE.index(member.frequenza))
            birth = (
                ABSENT
                if member.parto is None
                else self.births.setdefault((h, member.parto), len(self.births))
            )
            mm["parto"].append(birth)
            level = member.disabilita
            mm["disabilita"].append(
                NO_DISABILITY if level is None else LIVELLI_DISABILITA.index(level) + 1
            )

    def freeze(self) -> Population:
        h, m = self.household, self.member

        def ints(values: list[int]) -> Ints:
            return np.asarray(values, dtype=np.int64)

        def bools(values: list[int]) -> Bools:
            return np.asarray(values, dtype=np.bool_)

        return Population(
            famiglia_id=np.asarray(self.ids, dtype=np.str_),
            isee=ints(h["isee"]),
            ise=ints(h["ise"]),
            scala_isee=ints(h["scala_isee"]),
            tipo_isee=ints(h["tipo_isee"]),
            residente=bools(h["residente"]),
            genitore_solo=bools(h["genitore_solo"]),
            vedovo=bools(h["vedovo"]),
            gravidanza=bools(h["gravidanza"]),
            household_of_member=ints(m["household"]),
            ruolo=ints(m["ruolo"]),
            eta=ints(m["eta"]),
            lavora=bools(m["lavora"]),
            iscritto=bools(m["iscritto"]),
            frequenza=ints(m["frequenza"]),
            parto=ints(m["parto"]),
            disabilita=ints(m["disabilita"]),
        )


def from_households(
    households: Sequence[Famiglia], ids: Sequence[str] | None = None
) -> Population:
    """A population from validated household models (each already obeys the contract)."""
    builder = PopulationBuilder()
    for h, household in enumerate(households):
        builder.add(household, ids[h] if ids is not None else str(h + 1))
    return builder.freeze()
