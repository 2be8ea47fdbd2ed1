"""Files of the tariff data contract: households, tariff schemes and family scales.

They are not records (no slug, no status): the contract fixes their keys. They are read with
the same YAML loader and their errors are located and worded like every other message, so
`famiglia.yml:9:12: errore: componenti[3].eta: …` reads the same as a record error.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import BaseModel, ValidationError

from rete.core.diagnostics import Diagnostic, KeyPath, Severity, key_text
from rete.records import messages as pydantic_messages
from rete.records import rules as record_rules
from rete.records.yaml_positions import Positions, load
from rete.tariffa.errors import TariffError
from rete.tariffa.household import Famiglia
from rete.tariffa.scale import ScalaFamiglia
from rete.tariffa.schema import SchemaTariffario

M = TypeVar("M", bound=BaseModel)

SCHEMES_DIR = "content/tariffe"  # tariff schemes of their own (the illustrative examples)
SCALE_FILE = "content/scale/fattore-famiglia.yml"  # the default family scale (illustrative)


@dataclass
class ContractFile(Generic[M]):
    model: M | None
    diagnostics: list[Diagnostic]
    positions: Positions


def file_problem(exc: OSError) -> str:
    """An unreadable path, said in Italian (the system's own text is English)."""
    if isinstance(exc, FileNotFoundError):
        return "il file non esiste"
    if isinstance(exc, IsADirectoryError):
        return "è una cartella, non un file"
    if isinstance(exc, PermissionError):
        return "non ho il permesso di leggere il file"
    return f"il file non si può leggere (errore di sistema {exc.errno})"


def _display(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return str(path)


def read_contract(path: Path, model: type[M], root: Path | None = None) -> ContractFile[M]:
    """Parse and validate one contract file; all its problems come back located."""
    shown = _display(path, root)
    try:
        text = path.read_text(encoding="utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        return ContractFile(None, [Diagnostic(shown, 1, 1, "(file)", "errore",
                                              "il file non è in UTF-8: salvalo in UTF-8")],
                            Positions())
    except OSError as exc:
        return ContractFile(None, [Diagnostic(shown, 1, 1, "(file)", "errore",
                                              file_problem(exc))], Positions())
    data, positions, problems = load(text, file=path)
    out = [Diagnostic(shown, p.line, p.col, key_text(p.path), "errore", p.message)
           for p in problems]
    if problems:
        return ContractFile(None, out, positions)
    if not isinstance(data, dict):
        out.append(Diagnostic(shown, 1, 1, "(file)", "errore",
                              "il file deve contenere chiavi e valori (chiave: valore)"))
        return ContractFile(None, out, positions)
    try:
        parsed = model.model_validate(data)
    except ValidationError as exc:
        out += located_errors(shown, positions, exc, model)
        return ContractFile(None, out, positions)
    return ContractFile(parsed, out, positions)


def located_errors(shown: str, positions: Positions, exc: ValidationError,
                   model: type[BaseModel], prefix: KeyPath = ()) -> list[Diagnostic]:
    out = []
    for error in exc.errors(include_url=False):
        loc = (*prefix, *error["loc"])
        line, col = positions.locate(loc, key=error["type"] == "extra_forbidden")
        if error["type"] == "extra_forbidden":
            text = pydantic_messages.unknown_key(model, tuple(error["loc"]))
        else:
            text = pydantic_messages.message(error)
        out.append(Diagnostic(shown, line, col, key_text(loc), "errore", text))
    return out


def read_household(path: Path) -> ContractFile[Famiglia]:
    return read_contract(path, Famiglia)


def read_scheme(path: Path, root: Path | None = None) -> ContractFile[SchemaTariffario]:
    return read_contract(path, SchemaTariffario, root)


def read_scale(root: Path) -> ContractFile[ScalaFamiglia]:
    return read_contract(root / SCALE_FILE, ScalaFamiglia, root)


def load_scale(root: Path) -> ScalaFamiglia:
    """The project's default scale (content/scale/fattore-famiglia.yml), or a located error."""
    read = read_scale(root)
    if read.model is None:
        raise TariffError("\n".join(d.format() for d in read.diagnostics))
    return read.model


def check_contract_content(root: Path) -> tuple[dict[str, SchemaTariffario], ScalaFamiglia | None,
                                                list[Diagnostic]]:
    """The shipped schemes and scale, for `rete check` and the build."""
    out: list[Diagnostic] = []
    schemes: dict[str, SchemaTariffario] = {}
    folder = root / SCHEMES_DIR
    for path in sorted(folder.glob("*.yml")) if folder.is_dir() else []:
        read = read_scheme(path, root)
        out += read.diagnostics
        if read.model is not None:
            _sourced(read.model, read, _display(path, root), out)
            schemes[path.stem] = read.model
    scale = None
    if (root / SCALE_FILE).is_file():
        read_s = read_scale(root)
        out += read_s.diagnostics
        scale = read_s.model
    return schemes, scale, out


def _sourced(model: SchemaTariffario, read: ContractFile[SchemaTariffario], shown: str,
             out: list[Diagnostic]) -> None:
    """A scheme of its own obeys the sourcing rule too: numbers need a source or the flag."""
    if model.illustrativo:
        return
    data, _, _ = load(read.positions.text or "")

    def report(path: KeyPath, message: str, severity: Severity = "errore",
               at_key: bool = False) -> None:
        line, col = read.positions.locate(path, key=at_key)
        out.append(Diagnostic(shown, line, col, key_text(path), severity, message))

    record_rules.check_sourced_data(data, {c for f in model.fonti for c in f.campi}, report,
                                    "errore")
