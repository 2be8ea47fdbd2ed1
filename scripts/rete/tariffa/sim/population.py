"""A population of households as numpy columns, for the budget simulator.

One row per member, keyed by household, mirroring the household contract. Money is held in
integer cents and weights in ten-thousandths, so the simulator can round exactly like the
Decimal engine. Three ways in: a CSV file, a list of `Famiglia` models, or a synthetic
population (see `synthetic.py`).

CSV format (UTF-8, comma-separated, header row, dot as decimal separator), one row per
member in the household's order:

    famiglia_id,isee,tipo_isee,ise,scala_isee,residente,genitore_solo,vedovo,gravidanza,
    ruolo,eta,lavora,iscritto,frequenza,parto,disabilita

- famiglia_id, ruolo, eta are required columns; every other column may be left out.
- Household columns (isee … gravidanza) are read from the household's first row; on its
  other rows they are empty or repeat the same value. Empty isee = no ISEE submitted.
- Booleans: true/false, sì/si/no, 1/0 (empty = the contract's default). Empty frequenza is
  tempo_pieno; empty parto and disabilita mean none. Values are those of the contract.
- Rows of one household need not be adjacent; their order is kept.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from rete.tariffa.fields import quoted
from rete.tariffa.household import (
    ETA_MASSIMA_FIGLIO,
    FREQUENZE,
    LIVELLI_DISABILITA,
    RUOLI,
    TIPI_ISEE,
    Famiglia,
)

Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]

GENITORE, FIGLIO, ALTRO = (RUOLI.index(r) for r in ("genitore", "figlio", "altro"))
TEMPO_PIENO, PART_TIME, PROLUNGATO = range(3)
NESSUNA = 0
"""Disability code of a member without one; levels follow LIVELLI_DISABILITA from 1."""
ASSENTE = -1
"""Marker for a missing ISEE, ISE, ISEE scale, ISEE type or birth group."""
PESO = 10_000
"""Weights and scales are stored in ten-thousandths (the contract allows four decimals)."""

HOUSEHOLD_COLUMNS = (
    "isee",
    "tipo_isee",
    "ise",
    "scala_isee",
    "residente",
    "genitore_solo",
    "vedovo",
    "gravidanza",
)
MEMBER_COLUMNS = ("ruolo", "eta", "lavora", "iscritto", "frequenza", "parto", "disabilita")
CSV_COLUMNS = ("famiglia_id", *HOUSEHOLD_COLUMNS, *MEMBER_COLUMNS)
_REQUIRED = ("famiglia_id", "ruolo", "eta")
_TRUE = {"true", "sì", "si", "1", "vero"}
_FALSE = {"false", "no", "0", "falso"}
_MAX_ERRORS = 20


class PopulationError(ValueError):
    """A population file that breaks the household contract; the message lists the rows."""

    def __init__(self, problems: Sequence[str]) -> None:
        shown = list(problems[:_MAX_ERRORS])
        more = len(problems) - len(shown)
        if more:
            shown.append(f"… e altri {more} errori")
        super().__init__("\n".join(shown))
        self.problemi = list(problems)


@dataclass(frozen=True)
class Population:
    """Households (arrays of length n) and their members (length m, grouped by household)."""

    famiglia_id: npt.NDArray[np.str_]
    isee: Ints
    """Cents; ASSENTE when no ISEE was submitted."""
    ise: Ints
    """Cents from the attestation; ASSENTE when the engine computes it."""
    scala_isee: Ints
    """Ten-thousandths from the attestation; ASSENTE when not given."""
    tipo_isee: Ints
    """Index in TIPI_ISEE; ASSENTE when not given."""
    residente: Bools
    genitore_solo: Bools
    vedovo: Bools
    gravidanza: Bools
    membro_famiglia: Ints
    """Household index of each member, non-decreasing."""
    ruolo: Ints
    eta: Ints
    lavora: Bools
    iscritto: Bools
    frequenza: Ints
    parto: Ints
    """A population-wide birth-group id; ASSENTE for none."""
    disabilita: Ints
    riga: Ints
    """CSV line of each member (0 when not read from a file), for error messages."""

    @property
    def n_famiglie(self) -> int:
        return int(self.isee.shape[0])

    def inizio_famiglie(self) -> Ints:
        """Index of each household's first member (households are never empty)."""
        starts: Ints = np.searchsorted(self.membro_famiglia, np.arange(self.n_famiglie)).astype(
            np.int64
        )
        return starts

    def count(self, mask: Bools) -> Ints:
        """Per household, how many members satisfy `mask`."""
        counts: Ints = np.bincount(self.membro_famiglia[mask], minlength=self.n_famiglie).astype(
            np.int64
        )
        return counts

    def check(self) -> None:
        """The household input rules of the contract, checked on every household at once."""
        problems = _member_problems(self) + _household_problems(self)
        if problems:
            raise PopulationError(problems)

    def households(self, indici: Iterable[int] | None = None) -> list[Famiglia]:
        """Households back as contract models (for the engine cross-check and for display)."""
        chosen = range(self.n_famiglie) if indici is None else indici
        starts = self.inizio_famiglie()
        ends = np.append(starts[1:], self.membro_famiglia.shape[0])
        return [
            Famiglia.model_validate(self._household_dict(h, starts[h], ends[h])) for h in chosen
        ]

    def _household_dict(self, h: int, start: int, end: int) -> dict[str, Any]:
        data: dict[str, Any] = {
            "isee": None if self.isee[h] == ASSENTE else Decimal(int(self.isee[h])) / 100,
            "residente": bool(self.residente[h]),
            "genitore_solo": bool(self.genitore_solo[h]),
            "vedovo": bool(self.vedovo[h]),
            "gravidanza": bool(self.gravidanza[h]),
        }
        if self.tipo_isee[h] != ASSENTE:
            data["tipo_isee"] = TIPI_ISEE[self.tipo_isee[h]]
        if self.ise[h] != ASSENTE:
            data["ise"] = Decimal(int(self.ise[h])) / 100
            data["scala_isee"] = Decimal(int(self.scala_isee[h])) / PESO
        members = []
        for i in range(start, end):
            member: dict[str, Any] = {
                "ruolo": RUOLI[self.ruolo[i]],
                "eta": int(self.eta[i]),
                "lavora": bool(self.lavora[i]),
                "iscritto": bool(self.iscritto[i]),
                "frequenza": FREQUENZE[self.frequenza[i]],
            }
            if self.parto[i] != ASSENTE:
                member["parto"] = int(self.parto[i])
            if self.disabilita[i] != NESSUNA:
                member["disabilita"] = LIVELLI_DISABILITA[self.disabilita[i] - 1]
            members.append(member)
        data["componenti"] = members
        return data


def _where(pop: Population, member_mask: Bools, key: str, message: str) -> list[str]:
    """One located message per offending member row, on the column `key`."""
    problems = []
    for i in np.flatnonzero(member_mask)[:_MAX_ERRORS]:
        where = (
            f"riga {pop.riga[i]}: {key}"
            if pop.riga[i]
            else f"famiglia {pop.famiglia_id[pop.membro_famiglia[i]]}"
        )
        problems.append(f"{where}: {message}")
    return problems


def _at_household(pop: Population, household_mask: Bools, key: str, message: str) -> list[str]:
    problems = []
    starts = pop.inizio_famiglie()
    for h in np.flatnonzero(household_mask)[:_MAX_ERRORS]:
        line = pop.riga[starts[h]]
        where = f"riga {line}: {key}" if line else key
        problems.append(f"{where}: {message} (famiglia {pop.famiglia_id[h]})")
    return problems


def _member_problems(pop: Population) -> list[str]:
    child = pop.ruolo == FIGLIO
    return (
        _where(pop, (pop.eta < 0) | (pop.eta > 120), "eta", "deve essere un'età tra 0 e 120 anni")
        + _where(
            pop,
            child & (pop.eta > ETA_MASSIMA_FIGLIO),
            "eta",
            f"un figlio con più di {ETA_MASSIMA_FIGLIO} anni va indicato con ruolo altro",
        )
        + _where(
            pop, ~child & (pop.parto != ASSENTE), "parto", "il parto si indica solo per i figli"
        )
        + _where(
            pop, ~child & pop.iscritto, "iscritto", "solo un figlio può essere iscritto al servizio"
        )
    )


def _birth_age_mismatch(pop: Population) -> Bools:
    twins = np.flatnonzero(pop.parto != ASSENTE)
    mismatch = np.zeros(pop.n_famiglie, dtype=np.bool_)
    if twins.size:
        groups, inverse = np.unique(pop.parto[twins], return_inverse=True)
        low = np.full(groups.shape[0], np.iinfo(np.int64).max)
        high = np.full(groups.shape[0], np.iinfo(np.int64).min)
        np.minimum.at(low, inverse, pop.eta[twins])
        np.maximum.at(high, inverse, pop.eta[twins])
        mismatch[pop.membro_famiglia[twins][(low != high)[inverse]]] = True
    return mismatch


def _household_problems(pop: Population) -> list[str]:
    parents = pop.count(pop.ruolo == GENITORE)
    adults = pop.count(pop.ruolo != FIGLIO)
    given_ise = pop.ise != ASSENTE
    return (
        _at_household(pop, adults == 0, "ruolo", "manca un adulto (ruolo genitore o altro)")
        + _at_household(
            pop,
            pop.genitore_solo & (parents != 1),
            "genitore_solo",
            "genitore_solo richiede esattamente un genitore",
        )
        + _at_household(
            pop, pop.vedovo & ~pop.genitore_solo, "vedovo", "vedovo vale solo con genitore_solo"
        )
        + _at_household(
            pop,
            _birth_age_mismatch(pop),
            "parto",
            "i figli dello stesso parto devono avere la stessa età",
        )
        + _at_household(
            pop,
            given_ise != (pop.scala_isee != ASSENTE),
            "ise",
            "ise e scala_isee vanno indicati insieme",
        )
        + _at_household(
            pop, given_ise & (pop.isee == ASSENTE), "isee", "ise e scala_isee richiedono l'ISEE"
        )
        + _at_household(
            pop,
            (pop.scala_isee != ASSENTE) & (pop.scala_isee < PESO),
            "scala_isee",
            "scala_isee vale almeno 1",
        )
    )


# --- building a population -------------------------------------------------------------


class _Columns:
    """Column lists filled household by household, then frozen into a Population."""

    def __init__(self) -> None:
        self.ids: list[str] = []
        self.household: dict[str, list[int]] = {k: [] for k in HOUSEHOLD_COLUMNS}
        self.member: dict[str, list[int]] = {k: [] for k in (*MEMBER_COLUMNS, "famiglia", "riga")}

    def freeze(self) -> Population:
        h, m = self.household, self.member

        def ints(values: list[int]) -> Ints:
            return np.asarray(values, dtype=np.int64)

        def bools(values: list[int]) -> Bools:
            return np.asarray(values, dtype=np.bool_)

        order = np.argsort(ints(m["famiglia"]), kind="stable")
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
            membro_famiglia=ints(m["famiglia"])[order],
            ruolo=ints(m["ruolo"])[order],
            eta=ints(m["eta"])[order],
            lavora=bools(m["lavora"])[order],
            iscritto=bools(m["iscritto"])[order],
            frequenza=ints(m["frequenza"])[order],
            parto=ints(m["parto"])[order],
            disabilita=ints(m["disabilita"])[order],
            riga=ints(m["riga"])[order],
        )


def from_households(famiglie: Sequence[Famiglia], ids: Sequence[str] | None = None) -> Population:
    """A population from validated household models (each already obeys the contract)."""
    columns = _Columns()
    births: dict[tuple[int, int | str], int] = {}
    for h, famiglia in enumerate(famiglie):
        columns.ids.append(ids[h] if ids is not None else str(h + 1))
        hh = columns.household
        hh["isee"].append(ASSENTE if famiglia.isee is None else int(famiglia.isee * 100))
        hh["ise"].append(ASSENTE if famiglia.ise is None else int(famiglia.ise * 100))
        hh["scala_isee"].append(
            ASSENTE if famiglia.scala_isee is None else int(famiglia.scala_isee * PESO)
        )
        hh["tipo_isee"].append(
            ASSENTE if famiglia.tipo_isee is None else TIPI_ISEE.index(famiglia.tipo_isee)
        )
        for key in ("residente", "genitore_solo", "vedovo", "gravidanza"):
            hh[key].append(int(getattr(famiglia, key)))
        for member in famiglia.componenti:
            mm = columns.member
            mm["famiglia"].append(h)
            mm["riga"].append(0)
            mm["ruolo"].append(RUOLI.index(member.ruolo))
            mm["eta"].append(member.eta)
            mm["lavora"].append(int(member.lavora))
            mm["iscritto"].append(int(member.iscritto))
            mm["frequenza"].append(FREQUENZE.index(member.frequenza))
            birth = (
                ASSENTE
                if member.parto is None
                else births.setdefault((h, member.parto), len(births))
            )
            mm["parto"].append(birth)
            level = member.disabilita
            mm["disabilita"].append(
                NESSUNA if level is None else LIVELLI_DISABILITA.index(level) + 1
            )
    return columns.freeze()


# --- CSV --------------------------------------------------------------------------------


class _Row:
    """Parses one CSV row's cells, collecting Italian messages instead of stopping."""

    def __init__(self, cells: dict[str, str], line: int, problems: list[str]) -> None:
        self.cells, self.line, self.problems = cells, line, problems

    def text(self, key: str) -> str:
        return (self.cells.get(key) or "").strip()

    def fail(self, key: str, message: str) -> int:
        self.problems.append(f"riga {self.line}: {key}: {message}")
        return 0

    def flag(self, key: str, default: bool) -> int:
        value = self.text(key).lower()
        if not value:
            return int(default)
        if value in _TRUE or value in _FALSE:
            return int(value in _TRUE)
        return self.fail(key, f"deve essere sì o no (true/false), non {quoted(value)}")

    def cents(self, key: str, places: int = 2, scale: int = 100) -> int:
        value = self.text(key)
        if not value:
            return ASSENTE
        try:
            number = Decimal(value)
        except InvalidOperation:
            return self.fail(
                key, f"deve essere un numero con il punto per i decimali, non {quoted(value)}"
            )
        if not number.is_finite() or number < 0:
            return self.fail(key, f"deve essere un numero non negativo, non {quoted(value)}")
        exponent = number.as_tuple().exponent
        if isinstance(exponent, int) and -exponent > places:  # also catches "15.000" for 15000
            return self.fail(
                key,
                f"ha al massimo {places} decimali (il punto separa i decimali, non le "
                f"migliaia), non {quoted(value)}",
            )
        return int(number * scale)

    def code(self, key: str, allowed: Sequence[str], empty: int) -> int:
        value = self.text(key)
        if not value:
            return empty
        if value in allowed:
            return allowed.index(value)
        return self.fail(key, f"valore non previsto {quoted(value)}: ammessi {', '.join(allowed)}")

    def age(self) -> int:
        value = self.text("eta")
        if value.isdigit():
            return int(value)
        return self.fail("eta", f"deve essere un'età in anni compiuti, non {quoted(value)}")


def _household_values(row: _Row) -> dict[str, int]:
    return {
        "isee": row.cents("isee"),
        "tipo_isee": row.code("tipo_isee", TIPI_ISEE, ASSENTE),
        "ise": row.cents("ise"),
        "scala_isee": row.cents("scala_isee", places=4, scale=PESO),
        "residente": row.flag("residente", True),
        "genitore_solo": row.flag("genitore_solo", False),
        "vedovo": row.flag("vedovo", False),
        "gravidanza": row.flag("gravidanza", False),
    }


def read_population_csv(path: Path) -> Population:
    """Read and check a population file in the CSV format of this module's docstring."""
    problems: list[str] = []
    columns = _Columns()
    index: dict[str, int] = {}
    births: dict[tuple[int, str], int] = {}
    with path.open(encoding="utf-8-sig", newline="") as stream:
        reader = csv.DictReader(stream)
        header = reader.fieldnames or []
        missing = [c for c in _REQUIRED if c not in header]
        unknown = [c for c in header if c not in CSV_COLUMNS]
        if missing or unknown:
            told = [f"manca la colonna {quoted(c)}" for c in missing]
            told += [
                f"colonna non prevista {quoted(c)}: ammesse {', '.join(CSV_COLUMNS)}"
                for c in unknown
            ]
            raise PopulationError([f"riga 1: intestazione: {t}" for t in told])
        for line, cells in enumerate(reader, start=2):
            row = _Row(cells, line, problems)
            key = row.text("famiglia_id")
            if not key:
                row.fail("famiglia_id", "manca l'identificativo della famiglia")
                continue
            if key not in index:
                index[key] = len(columns.ids)
                columns.ids.append(key)
                for name, value in _household_values(row).items():
                    columns.household[name].append(value)
            else:
                _check_repeated(row, columns, index[key])
            _append_member(row, columns, index[key], births)
    if problems:
        raise PopulationError(problems)
    population = columns.freeze()
    population.check()
    return population


def _check_repeated(row: _Row, columns: _Columns, h: int) -> None:
    """Household cells on a later row must be empty or repeat the first row's value."""
    for name, value in _household_values(row).items():
        if row.text(name) and value != columns.household[name][h]:
            row.fail(name, "diverso dalla prima riga della stessa famiglia")


def _append_member(
    row: _Row, columns: _Columns, h: int, births: dict[tuple[int, str], int]
) -> None:
    mm = columns.member
    mm["famiglia"].append(h)
    mm["riga"].append(row.line)
    mm["ruolo"].append(row.code("ruolo", RUOLI, ASSENTE))
    if not row.text("ruolo"):
        row.fail("ruolo", "manca il ruolo (genitore, figlio o altro)")
    mm["eta"].append(row.age())
    mm["lavora"].append(row.flag("lavora", False))
    mm["iscritto"].append(row.flag("iscritto", False))
    mm["frequenza"].append(row.code("frequenza", FREQUENZE, TEMPO_PIENO))
    label = row.text("parto")
    mm["parto"].append(births.setdefault((h, label), len(births)) if label else ASSENTE)
    mm["disabilita"].append(row.code("disabilita", LIVELLI_DISABILITA, -1) + 1)


def write_population_csv(population: Population, path: Path) -> None:
    """Write a population in the CSV format (household cells on each household's first row)."""
    starts = set(population.inizio_famiglie().tolist())
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(CSV_COLUMNS)
        for i in range(population.membro_famiglia.shape[0]):
            h = int(population.membro_famiglia[i])
            household = (
                _household_cells(population, h) if i in starts else [""] * len(HOUSEHOLD_COLUMNS)
            )
            writer.writerow([population.famiglia_id[h], *household, *_member_cells(population, i)])


def _money(value: int, scale: int = 100) -> str:
    return "" if value == ASSENTE else str(Decimal(value) / scale)


def _household_cells(pop: Population, h: int) -> list[str]:
    yes = {True: "sì", False: "no"}
    return [
        _money(int(pop.isee[h])),
        "" if pop.tipo_isee[h] == ASSENTE else TIPI_ISEE[pop.tipo_isee[h]],
        _money(int(pop.ise[h])),
        _money(int(pop.scala_isee[h]), PESO),
        yes[bool(pop.residente[h])],
        yes[bool(pop.genitore_solo[h])],
        yes[bool(pop.vedovo[h])],
        yes[bool(pop.gravidanza[h])],
    ]


def _member_cells(pop: Population, i: int) -> list[str]:
    yes = {True: "sì", False: "no"}
    return [
        RUOLI[pop.ruolo[i]],
        str(pop.eta[i]),
        yes[bool(pop.lavora[i])],
        yes[bool(pop.iscritto[i])],
        FREQUENZE[pop.frequenza[i]],
        "" if pop.parto[i] == ASSENTE else str(pop.parto[i]),
        "" if pop.disabilita[i] == NESSUNA else LIVELLI_DISABILITA[pop.disabilita[i] - 1],
    ]
