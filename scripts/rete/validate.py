"""The one validator: schema per record, then the checks that need the whole corpus.

The CLI (`rete check`), the site build, the school build and the tests all call `validate`,
so an editor sees the same message wherever a record is used.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from rete import markdown_safety, pydantic_messages
from rete.diagnostics import Diagnostic, Gravita
from rete.loader import RawRecord, read_all
from rete.models.common import Record
from rete.record_types import RECORD_TYPES
from rete.yamlpos import Path_

STALE_AFTER = timedelta(days=365)


def key_text(path: Path_) -> str:
    """fonti[1].consultato: lists are counted from 1, as editors count."""
    out = ""
    for part in path:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(file)"


@dataclass
class Loaded:
    raw: RawRecord
    model: Record


@dataclass
class Corpus:
    """Every valid record by type and slug, with all the problems found on the way."""

    root: Path
    today: date
    records: dict[str, dict[str, Loaded]] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def report(self, raw: RawRecord, path: Path_, message: str, *,
               severity: Gravita = "errore", at_key: bool = False) -> None:
        line, col = raw.positions.locate(path, key=at_key)
        self.diagnostics.append(Diagnostic(raw.rel, line, col, key_text(path), severity, message))

    def of(self, type_name: str) -> dict[str, Loaded]:
        return self.records.get(type_name, {})

    def published(self, type_name: str) -> list[Loaded]:
        return [r for r in self.of(type_name).values() if r.model.stato != "bozza"]


def _model_errors(raw: RawRecord, exc: ValidationError, corpus: Corpus) -> None:
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        if error["type"] == "extra_forbidden":
            corpus.report(raw, loc, pydantic_messages.unknown_key(raw.type.model, loc),
                          at_key=True)
        else:
            corpus.report(raw, loc, pydantic_messages.message(error))


def _walk(value: Any, path: Path_) -> Iterator[tuple[Path_, Any]]:
    """Every leaf of a model with its path, to apply rules that look at values of a kind."""
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _walk(getattr(value, name), (*path, name))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _walk(item, (*path, i))
    elif isinstance(value, dict):
        for k, item in value.items():
            yield from _walk(item, (*path, k))
    else:
        yield path, value


# Date fields that may lie in the future: the planned end of a practice.
FUTURE_OK = {("periodo", "al")}


def _check_dates(loaded: Loaded, corpus: Corpus) -> None:
    raw, today = loaded.raw, corpus.today
    for path, value in _walk(loaded.model, ()):
        names = tuple(p for p in path if isinstance(p, str))
        if names in FUTURE_OK:
            continue
        if isinstance(value, date) and value > today:
            corpus.report(raw, path, f'"{value.isoformat()}" è una data nel futuro (oggi è '
                                     f"{today.isoformat()})")
        elif (isinstance(value, int) and not isinstance(value, bool) and names
              and names[-1] in ("dal", "anno") and value > today.year):
            corpus.report(raw, path, f"{value} è un anno nel futuro")
    age = today - loaded.model.ultima_verifica
    if age > STALE_AFTER:
        corpus.report(raw, ("ultima_verifica",),
                      f"scheda non verificata da {age.days} giorni: ricontrolla le fonti e "
                      "aggiorna la data", severity="avviso")


def _check_campi(loaded: Loaded, corpus: Corpus) -> None:
    data = loaded.raw.data
    for i, fonte in enumerate(loaded.model.fonti):
        for j, campo in enumerate(fonte.campi):
            node: Any = data
            for part in campo.split("."):
                node = node.get(part) if isinstance(node, dict) else None
            if node is None:
                corpus.report(loaded.raw, ("fonti", i, "campi", j),
                              f"'{campo}' non è un campo presente in questa scheda")


def _check_body(raw: RawRecord, corpus: Corpus) -> None:
    for problem in markdown_safety.scan(raw.body):
        corpus.diagnostics.append(Diagnostic(raw.rel, raw.body_line + problem.line - 1,
                                             problem.col, "testo", "errore", problem.message))


def load_records(root: Path, today: date | None = None) -> Corpus:
    """Read and check every record file; cross-record checks are in `rete.crossref`."""
    corpus = Corpus(root=root, today=today or date.today())
    raws, strays = read_all(root)
    for rtype, rel in strays:
        corpus.diagnostics.append(Diagnostic(
            rel, 1, 1, "(file)", "errore",
            f"file fuori posto: in {rtype.folder}/ vanno solo file {rtype.suffix}"))
    for raw in raws:
        for problem in raw.problems:
            corpus.diagnostics.append(Diagnostic(raw.rel, problem.line, problem.col,
                                                 key_text(problem.path), "errore",
                                                 problem.message))
        if raw.problems:
            continue
        if raw.type.suffix == ".md":
            _check_body(raw, corpus)
        if not isinstance(raw.data, dict):
            corpus.diagnostics.append(Diagnostic(
                raw.rel, 1, 1, "(file)", "errore",
                "la scheda è vuota o non è una sezione di chiavi e valori: parti da "
                f"`rete new {raw.type.name} {raw.stem}`"))
            continue
        try:
            model = raw.type.model.model_validate(raw.data)
        except ValidationError as exc:
            _model_errors(raw, exc, corpus)
            continue
        loaded = Loaded(raw, model)
        if model.slug != raw.stem:
            corpus.report(raw, ("slug",), f"lo slug '{model.slug}' deve essere uguale al nome "
                                          f"del file ('{raw.stem}{raw.type.suffix}')")
        same_type = corpus.records.setdefault(raw.type.name, {})
        if model.slug in same_type:
            other = same_type[model.slug].raw.rel
            corpus.report(raw, ("slug",), f"slug '{model.slug}' già usato da {other}")
            continue
        same_type[model.slug] = loaded
        _check_dates(loaded, corpus)
        _check_campi(loaded, corpus)
    return corpus


def validate(root: Path, today: date | None = None) -> Corpus:
    """The full check: per-record rules, then references and rules across records."""
    from rete import crossref  # late import: crossref needs Corpus from this module

    corpus = load_records(root, today)
    crossref.check(corpus)
    return corpus


__all__ = ["RECORD_TYPES", "Corpus", "Loaded", "key_text", "load_records", "validate"]
