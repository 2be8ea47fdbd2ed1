"""datapackage.json: a Frictionless Table Schema for every CSV, generated from the tables.

Written from `tables`, which reads the record models, so a new field reaches the schema, the
CSV and the dictionary together. `tests/test_opendata_package.py` validates the result with
the frictionless library (types, required values, keys, foreign keys, sizes and hashes).
"""

from __future__ import annotations

import hashlib
from typing import Any

from rete.web.tables import PLURALI, SEPARATOR, Column, Table

LICENZA = {"name": "CC-BY-4.0", "title": "Creative Commons Attribuzione 4.0 Internazionale",
           "path": "https://creativecommons.org/licenses/by/4.0/"}
FONTI = [
    {"title": "ISTAT, Codici statistici delle unità amministrative territoriali (codici, "
              "province, popolazione al censimento 2011), licenza CC BY 3.0 IT",
     "path": "https://www.istat.it/it/archivio/6789"},
    {"title": "Coordinate dei comuni: opendatasicilia/comuni-italiani, dati/coordinate.csv",
     "path": "https://github.com/opendatasicilia/comuni-italiani"},
]
NOME = "rete-comuni-amici-della-famiglia"
TITOLO = "Rete dei Comuni amici della Famiglia: schede pubblicate"
DESCRIZIONE = ("Comuni, buone pratiche, accordi, organizzazioni, vocabolari, pagine e Scuola di "
               "formazione della Rete, come tabelle CSV con le loro fonti.")


def field(column: Column) -> dict[str, Any]:
    """One Table Schema field; its constraints are the model's."""
    out: dict[str, Any] = {"name": column.name, "type": column.type,
                           "description": column.description}
    if column.joined:
        out["description"] += f" Più valori separati da «{SEPARATOR}»."
    if column.type == "boolean":
        out.update(trueValues=["true"], falseValues=["false"])
    constraints: dict[str, Any] = {}
    if column.required:
        constraints["required"] = True
    if column.enum:
        constraints["enum"] = list(column.enum)
    if column.pattern:
        constraints["pattern"] = column.pattern
    if column.minimum is not None:
        constraints["minimum"] = column.minimum
    if column.maximum is not None:
        constraints["maximum"] = column.maximum
    if constraints:
        out["constraints"] = constraints
    return out


def schema(table: Table) -> dict[str, Any]:
    foreign: list[dict[str, Any]] = []
    if table.parent is not None:
        own = [c.name for c in table.keys[:-1]]
        foreign.append({"fields": own, "reference": {"resource": table.parent.name,
                                                     "fields": table.parent.primary_key}})
    for column in table.columns:
        if column.reference and not column.joined:
            foreign.append({"fields": [column.name], "reference": {
                "resource": PLURALI[column.reference], "fields": ["slug"]}})
    out: dict[str, Any] = {"fields": [field(c) for c in table.all_columns],
                           "primaryKey": table.primary_key, "missingValues": [""]}
    if foreign:
        out["foreignKeys"] = foreign
    return out


def resource(table: Table, data: bytes) -> dict[str, Any]:
    return {"name": table.name, "path": f"{table.name}.csv", "profile": "tabular-data-resource",
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "bytes": len(data), "hash": f"sha256:{hashlib.sha256(data).hexdigest()}",
            "dialect": {"delimiter": ",", "quoteChar": '"', "header": True},
            "schema": schema(table)}


def descriptor(tables: list[Table], data: dict[str, bytes], homepage: str,
               modified: str) -> dict[str, Any]:
    """The package: `data` maps each table's CSV file name to its bytes."""
    return {"profile": "tabular-data-package", "name": NOME, "title": TITOLO,
            "description": DESCRIZIONE, "homepage": homepage,
            "created": f"{modified}T00:00:00Z",
            "licenses": [LICENZA], "sources": FONTI,
            "resources": [resource(t, data[f"{t.name}.csv"]) for t in tables]}
