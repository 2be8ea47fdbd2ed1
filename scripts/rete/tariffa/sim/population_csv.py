"""The population CSV: one member per row, each household checked by the contract's model.

Format (UTF-8, comma-separated, header row, dot as decimal separator), one row per member in
the household's order:

    famiglia_id,isee,tipo_isee,ise,scala_isee,residente,genitore_solo,vedovo,gravidanza,
    ruolo,eta,lavora,iscritto,frequenza,parto,disabilita

- famiglia_id, ruolo, eta are required columns; every other column may be left out.
- Household columns (isee … gravidanza) are read from the household's first row; on its
  other rows they are empty or repeat the same value. Empty isee = no ISEE submitted.
- Booleans: true/false, sì/si/no, 1/0 (empty = the contract's default). Empty frequenza is
  tempo_pieno; empty parto and disabilita mean none. Values are those of the contract.
- Rows of one household need not be adjacent; their order is kept.

The rules are the contract's: the cells of each household become the dict a `famiglia.yml`
would hold and `Famiglia.model_validate` checks it, so a mistake reads the same in both. This
module only reads the CSV's own syntax (sì/no, numbers written as text) and maps each error's
location, e.g. ("componenti", 2, "eta"), back to the line and column of the cell. Columns are
found with the csv module's own parsing, and only when there is an error to place.
"""

from __future__ import annotations

import bisect
import csv
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from rete.core.diagnostics import Diagnostic
from rete.core.wording import quoted, unknown_key
from rete.tariffa.household import FREQUENZE, LIVELLI_DISABILITA, RUOLI, TIPI_ISEE, Famiglia
from rete.tariffa.sim.population import (
    ABSENT,
    NO_DISABILITY,
    WEIGHT_UNIT,
    Population,
    PopulationBuilder,
)

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
_SHOWN = 20
"""Problems shown in the exception's text; `PopulationError.diagnostics` holds them all."""

_TRUE = frozenset({"true", "sì", "si", "1", "vero"})
_FALSE = frozenset({"false", "no", "0", "falso"})
_WHOLE = re.compile(r"-?[0-9]{1,9}")
"""An age as the CSV writes it (ASCII digits: `str.isdigit` would take «²»)."""
_NUMBER = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_FLAGS = ("residente", "genitore_solo", "vedovo", "gravidanza", "lavora", "iscritto")
_EURO_PLACES = (2, "un importo in euro ha al massimo due decimali")
_NUMBERS = {
    "isee": _EURO_PLACES,
    "ise": _EURO_PLACES,
    "scala_isee": (4, "ha al massimo quattro decimali"),
}
"""Decimals a number may be written with, in the model's words. The model counts significant
decimals only, but in a CSV «15.000» is more likely fifteen thousand than fifteen euro."""
_DEFAULTS = {key: Famiglia.model_fields[key].default for key in HOUSEHOLD_COLUMNS}
"""What an empty household cell means: the contract's default."""

Place = tuple[int, str, str]
"""(CSV line of the record, column, message): a problem not yet given its column."""


class PopulationError(ValueError):
    """A population file that breaks the CSV format or the household contract, every problem
    located (`file:line:col: errore: column: message`)."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = sorted(diagnostics)
        shown = [d.format() for d in self.diagnostics[:_SHOWN]]
        if len(self.diagnostics) > _SHOWN:
            shown.append(f"… e altri {len(self.diagnostics) - _SHOWN} errori")
        super().__init__("\n".join(shown))


def _flag(text: str) -> Any:
    lower = text.lower()
    return lower in _TRUE if lower in _TRUE or lower in _FALSE else text


def _whole(text: str) -> Any:
    return int(text) if _WHOLE.fullmatch(text) else text


def _number(text: str) -> Any:
    return Decimal(text) if _NUMBER.fullmatch(text) else text


_READ: dict[str, Callable[[str], Any]] = {
    **dict.fromkeys(_FLAGS, _flag),
    "eta": _whole,
    **dict.fromkeys(_NUMBERS, _number),
}
"""How a non-empty cell becomes the contract's value; other columns stay text. What does not
read as a boolean, an age or a number stays text too, for the model to refuse in its own
words (numbers have the CSV's own wording: see `_number_problem`)."""


def _value(key: str, text: str) -> Any:
    read = _READ.get(key)
    return text if read is None else read(text)


def _number_problem(key: str, text: str) -> str | None:
    """The CSV's syntax for numbers: digits, a dot for decimals, as many as the contract."""
    if not _NUMBER.fullmatch(text):
        return f"deve essere un numero con il punto per i decimali, non {quoted(text)}"
    places, too_many = _NUMBERS[key]
    if len(text.partition(".")[2]) > places:
        return f"{too_many}, non {quoted(text)} (il punto separa i decimali, non le migliaia)"
    return None


@dataclass
class _Household:
    """The dict a `famiglia.yml` would hold, and where each of its members was written."""

    data: dict[str, Any]
    lines: list[int] = field(default_factory=list)
    """CSV line of each member's record; the first also holds the household cells."""
    reported: set[tuple[str | int, ...]] = field(default_factory=set)
    """Locations whose cell the CSV syntax already refused (the model's error is skipped)."""


class _Reader:
    """Rows grouped by household, with the CSV's own problems, as they are read."""

    def __init__(self, header: list[str]) -> None:
        index = {name: i for i, name in enumerate(header)}
        self.id_cell = index["famiglia_id"]
        self.household_cells = [(k, index[k]) for k in HOUSEHOLD_COLUMNS if k in index]
        self.member_cells = [(k, index[k], _READ.get(k)) for k in MEMBER_COLUMNS if k in index]
        self.households: dict[str, _Household] = {}
        self.problems: list[Place] = []

    def row(self, line: int, cells: list[str]) -> None:
        n = len(cells)  # a short row: the missing cells are empty
        name = cells[self.id_cell].strip() if self.id_cell < n else ""
        if not name:
            self.problems.append((line, "famiglia_id", "manca l'identificativo della famiglia"))
            return
        household = self.households.get(name)
        if household is None:
            household = self.households[name] = _Household({"componenti": []})
            self._first_row(household, line, cells)
        else:
            self._later_row(household, line, cells)
        member: dict[str, Any] = {}
        for key, i, read in self.member_cells:
            if i < n and (text := cells[i].strip()):
                member[key] = text if read is None else read(text)
        household.data["componenti"].append(member)
        household.lines.append(line)

    def _first_row(self, household: _Household, line: int, cells: list[str]) -> None:
        """The household cells, from the household's first row."""
        for key, i in self.household_cells:
            text = cells[i].strip() if i < len(cells) else ""
            if not text:
                continue
            household.data[key] = _value(key, text)
            problem = _number_problem(key, text) if key in _NUMBERS else None
            if problem is not None:  # the model would not see it, or word it for YAML
                household.data[key] = text
                self.problems.append((line, key, problem))
                household.reported.add((key,))

    def _later_row(self, household: _Household, line: int, cells: list[str]) -> None:
        """Household cells on a later row must be empty or repeat the first row's value."""
        for key, i in self.household_cells:
            text = cells[i].strip() if i < len(cells) else ""
            if text and _value(key, text) != household.data.get(key, _DEFAULTS[key]):
                self.problems.append((line, key, "diverso dalla prima riga della stessa famiglia"))


def _message(error: ErrorDetails) -> str:
    """The model's Italian sentence (its validators raise ValueError with it)."""
    cause = (error.get("ctx") or {}).get("error")
    return str(cause) if cause is not None else error["msg"]


def _contract_problems(household: _Household) -> tuple[Famiglia | None, list[Place]]:
    """The household through the contract's model; each error placed on its CSV cell."""
    try:
        return Famiglia.model_validate(household.data), []
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_url=False):
            loc = tuple(error["loc"])
            if loc in household.reported:
                continue
            member, key = 0, str(loc[0]) if loc else "famiglia_id"
            if key == "componenti":  # a rule on the members' roles (e.g. no adult)
                key = "ruolo"
                if len(loc) > 1 and isinstance(loc[1], int):
                    member = loc[1]
                    key = str(loc[2]) if len(loc) > 2 else key
            problems.append((household.lines[member], key, _message(error)))
        return None, problems


class _Locator:
    """Line and column of a cell, from the file read again (only when there are errors)."""

    def __init__(self, path: Path, header: Sequence[str]) -> None:
        with path.open(encoding="utf-8-sig", newline="") as stream:
            self.lines = list(stream)  # split as the csv module reads them: \n, \r\n or \r
        self.index = {name: i for i, name in enumerate(header)}

    def place(self, line: int, cell: int | None) -> tuple[int, int]:
        """(line, column) where cell number `cell` of the record starting on `line` begins;
        a quoted cell holding line breaks moves the following cells to later lines."""
        if cell is None:
            return line, 1
        reader = csv.reader(self.lines[i] for i in range(line - 1, len(self.lines)))
        next(reader, None)
        physical = self.lines[line - 1 : line - 1 + reader.line_num]
        offset = _cell_offset("".join(physical).rstrip("\r\n"), cell)
        for text in physical[:-1]:
            if offset < len(text):
                break
            offset -= len(text)
            line += 1
        return line, offset + 1

    def diagnostic(self, file: str, problem: Place) -> Diagnostic:
        line, col = self.place(problem[0], self.index.get(problem[1]))
        return Diagnostic(file, line, col, problem[1], "errore", problem[2])


def _cells(text: str) -> int:
    return len(next(csv.reader(io.StringIO(text, newline="")), []))


def _cell_offset(record: str, index: int) -> int:
    """Where cell `index` of one CSV record begins, as the csv module splits it (a comma in
    quotes starts no cell): the shortest prefix the module reads as `index + 1` cells ends
    with the comma before it. The record's end if the row is short."""
    if index == 0:
        return 0
    prefix = bisect.bisect_left(range(len(record) + 1), index + 1, key=lambda n: _cells(record[:n]))
    return min(prefix, len(record))


def _header_problems(path: Path, header: Sequence[str]) -> list[Diagnostic]:
    """Missing, unknown or repeated columns, each at its cell of the header."""
    problems: list[tuple[int | None, str]] = [
        (None, f"manca la colonna {quoted(c)}") for c in _REQUIRED if c not in header
    ]
    for i, name in enumerate(header):
        if name not in CSV_COLUMNS:
            problems.append((i, unknown_key(name, CSV_COLUMNS, "colonna non prevista")))
        elif name in header[:i]:
            problems.append((i, f"colonna ripetuta {quoted(name)}"))
    if not problems:
        return []
    locator = _Locator(path, header)
    return [
        Diagnostic(str(path), *locator.place(1, cell), "intestazione", "errore", message)
        for cell, message in problems
    ]


def read_population_csv(path: Path) -> Population:
    """Read a population file (format in this module's docstring); every household is checked
    by the contract's `Famiglia` model. Raises PopulationError listing every problem."""
    file, line = str(path), 1
    try:
        with path.open(encoding="utf-8-sig", newline="") as stream:
            rows = csv.reader(stream)
            header = next(rows, [])
            wrong_header = _header_problems(path, header)
            if wrong_header:
                raise PopulationError(wrong_header)
            reader = _Reader(header)
            line = rows.line_num + 1
            for cells in rows:
                if cells:
                    reader.row(line, cells)
                line = rows.line_num + 1
    except UnicodeDecodeError:
        raise PopulationError(
            [Diagnostic(file, 1, 1, "(file)", "errore", "il file non è in UTF-8: salvalo in UTF-8")]
        ) from None
    except csv.Error:
        message = "questa riga non si legge come CSV (una cella troppo lunga?)"
        raise PopulationError([Diagnostic(file, line, 1, "(file)", "errore", message)]) from None
    builder = PopulationBuilder()
    problems = reader.problems
    for name, household in reader.households.items():
        model, found = _contract_problems(household)
        problems += found
        if model is not None and not problems:
            builder.add(model, name)
    if problems:
        locator = _Locator(path, header)
        raise PopulationError(locator.diagnostic(file, p) for p in problems)
    return builder.freeze()


def write_population_csv(population: Population, path: Path) -> None:
    """Write a population in the CSV format (household cells on each household's first row)."""
    starts = set(population.household_starts().tolist())
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(CSV_COLUMNS)
        for i in range(population.household_of_member.shape[0]):
            h = int(population.household_of_member[i])
            household = (
                _household_text(population, h) if i in starts else [""] * len(HOUSEHOLD_COLUMNS)
            )
            writer.writerow([population.famiglia_id[h], *household, *_member_text(population, i)])


_YES = {True: "sì", False: "no"}


def _money(value: int, scale: int = 100) -> str:
    return "" if value == ABSENT else str(Decimal(value) / scale)


def _household_text(pop: Population, h: int) -> list[str]:
    return [
        _money(int(pop.isee[h])),
        "" if pop.tipo_isee[h] == ABSENT else TIPI_ISEE[pop.tipo_isee[h]],
        _money(int(pop.ise[h])),
        _money(int(pop.scala_isee[h]), WEIGHT_UNIT),
        _YES[bool(pop.residente[h])],
        _YES[bool(pop.genitore_solo[h])],
        _YES[bool(pop.vedovo[h])],
        _YES[bool(pop.gravidanza[h])],
    ]


def _member_text(pop: Population, i: int) -> list[str]:
    return [
        RUOLI[pop.ruolo[i]],
        str(pop.eta[i]),
        _YES[bool(pop.lavora[i])],
        _YES[bool(pop.iscritto[i])],
        FREQUENZE[pop.frequenza[i]],
        "" if pop.parto[i] == ABSENT else str(pop.parto[i]),
        "" if pop.disabilita[i] == NO_DISABILITY else LIVELLI_DISABILITA[pop.disabilita[i] - 1],
    ]
