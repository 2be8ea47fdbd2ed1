"""The field dictionary page (/dati/dizionario/): every CSV, every column, from the tables.

Generated from `tables` (the models) and the published vocabularies, so it lists exactly the
columns the files have and the values the validator accepts.
"""

from __future__ import annotations

from dataclasses import dataclass

from rete.web.tables import PLURALI, SEPARATOR, Column, Table, all_tables
from rete.web.view import SiteView

PAGE = "dati/dizionario.md"
TIPI = {"string": "testo", "integer": "numero intero", "number": "numero (punto decimale)",
        "boolean": "true / false", "date": "data AAAA-MM-GG"}


@dataclass(frozen=True)
class Row:
    column: str
    type: str
    required: bool
    meaning: str
    values: str  # what the column accepts beyond its type, or ""


@dataclass(frozen=True)
class Sheet:
    file: str
    about: str
    key: str
    rows: list[Row]


def _values(column: Column, view: SiteView) -> str:
    parts: list[str] = []
    if column.enum:
        parts.append(", ".join(column.enum))
    if column.vocabulary:
        terms = view.vocabolari.get(column.vocabulary, {})
        parts.append("; ".join(f"{term} ({voce.nome})" for term, voce in terms.items()))
    if column.reference:
        parts.append(f"slug di {PLURALI[column.reference]}.csv")
    if column.pattern:
        parts.append("data AAAA-MM-GG oppure solo l'anno AAAA")
    if column.minimum is not None:
        parts.append(f"almeno {column.minimum:g}")
    if column.maximum is not None:
        parts.append(f"al massimo {column.maximum:g}")
    if column.joined:
        parts.append(f"più valori separati da «{SEPARATOR}»")
    return "; ".join(parts)


def _about(table: Table) -> str:
    if table.parent is None:
        return f"Una riga per scheda di tipo {table.record_type}."
    return (f"Una riga per ogni voce dell'elenco «{'.'.join(table.source)}» di "
            f"{table.parent.name}.csv; si collega alla riga da cui viene con "
            f"{', '.join(c.name for c in table.keys[:-1])}.")


def sheets(view: SiteView) -> list[Sheet]:
    out = []
    for table in all_tables():
        rows = [Row(c.name, TIPI[c.type], c.required, c.description, _values(c, view))
                for c in table.all_columns]
        out.append(Sheet(f"{table.name}.csv", _about(table), ", ".join(table.primary_key),
                         rows))
    return out
