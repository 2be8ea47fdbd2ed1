"""Open data: every record type as JSON and flat CSV tables, the comuni as GeoJSON, the JSON
Schemas, the Frictionless data package and the DCAT-AP_IT catalogue.

The same files are published under /dati/ by the site build and written by `rete export`,
so their URLs and contents never drift apart. Licence: CC BY 4.0 (ISTAT data CC BY 3.0 IT).

CSVs follow RFC 4180 (comma, double quotes, CRLF) in UTF-8 with a byte order mark: Excel
needs the mark to read accents when a file is opened with a double click, LibreOffice and
the csv readers of Python, R and Frictionless skip it. No cell holds JSON (see `tables`).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from rete.models.common import Record
from rete.records import schemas
from rete.records.record_types import RECORD_TYPES
from rete.tariffa.money import fmt_number
from rete.web import datapackage, dcat, tables
from rete.web.view import SiteView, is_cited_member

LICENZA = "CC BY 4.0"
PLURALI = tables.PLURALI
BOM = "\ufeff"
PACKAGE = "datapackage.json"
CATALOGUE = "catalogo-dcat-ap-it.rdf"


@dataclass(frozen=True)
class Published:
    """One file of /dati/ as the page lists it."""

    path: str
    format: str  # CSV, JSON, GeoJSON, JSON Schema, RDF/XML
    description: str
    size: int  # bytes

    @property
    def size_text(self) -> str:
        """1,2 kB: Italian decimal comma, 1 kB = 1000 bytes."""
        if self.size < 1000:
            return f"{self.size} byte"
        unit, amount = ("MB", Decimal(self.size) / 1_000_000) if self.size >= 1_000_000 \
            else ("kB", Decimal(self.size) / 1000)
        return f"{fmt_number(amount, 1)} {unit}"


def _records(view: SiteView, type_name: str) -> list[dict[str, Any]]:
    out = []
    for loaded in sorted(view.corpus.of(type_name).values(), key=lambda r: r.model.slug):
        if loaded.model.stato == "bozza":
            continue
        data = loaded.model.model_dump(mode="json")
        if loaded.raw.type.suffix == ".md":
            data[tables.BODY_COLUMN] = loaded.raw.body.strip()
        out.append(data)
    return out


def columns(model: type[Record]) -> list[str]:
    """The header of a record type's own CSV, from its model: the same with or without
    records."""
    rtype = next(t for t in RECORD_TYPES if t.model is model)
    return [c.name for c in tables.record_tables(rtype)[0].all_columns]


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (OWASP, "CSV injection")."""


def inert_cell(cell: str) -> str:
    """A text cell a spreadsheet shows as text: a leading apostrophe before a formula sign.

    Record text is free text; whatever the validator lets through, opening a CSV must never
    run it. A signed number ("-2.5") stays a number.
    """
    if not cell.startswith(FORMULA_START) or _is_number(cell):
        return cell
    return "'" + cell


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return cell.strip() == cell


def write_csv(header: list[str], rows: list[list[str]]) -> str:
    """A CSV with its header even when there are no rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([inert_cell(cell) for cell in row] for row in rows)
    return BOM + buffer.getvalue()


def to_csv(rows: list[dict[str, Any]], model: type[Record]) -> str:
    """A record type's own table (its nested lists are in the other tables of `files`)."""
    rtype = next(t for t in RECORD_TYPES if t.model is model)
    table = tables.record_tables(rtype)[0]
    return write_csv([c.name for c in table.all_columns],
                     tables.rows([table], rows)[table.name])


def unlocated(view: SiteView) -> list[str]:
    """Slugs of the published comuni without coordinates: in comuni.json, not on the map."""
    return sorted(e.model.slug for e in view.comuni if e.model.coordinate is None)


def geojson(view: SiteView) -> dict[str, Any]:
    """Every published comune with coordinates as a point.

    A comune without coordinates cannot be placed: it is listed by slug in the foreign member
    `senza_coordinate` (RFC 7946, section 6.1), so the omission is explicit, never silent.
    """
    features = []
    for entry in view.comuni:
        c = entry.model
        if c.coordinate is None:
            continue
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [c.coordinate.lon, c.coordinate.lat]},
            "properties": {"slug": c.slug, "nome": c.nome, "codice_istat": c.codice_istat,
                           "provincia": c.provincia, "membro_citato": is_cited_member(c),
                           "ruoli": sorted({r.ruolo for r in c.relazioni})},
        })
    return {"type": "FeatureCollection", "features": features,
            "senza_coordinate": unlocated(view)}


def _dump(value: Any) -> str:
    """JSON a person can read: a list of records one record to a line (Python's fast encoder
    works only without indentation: indenting 5,000 practices took a second and a half),
    anything else indented."""
    if isinstance(value, list):
        lines = ",\n".join(json.dumps(item, ensure_ascii=False, sort_keys=True)
                           for item in value)
        return f"[\n{lines}\n]\n" if value else "[]\n"
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _newest(records: list[dict[str, Any]]) -> str:
    return max((str(r["ultima_verifica"]) for r in records), default="")


def _csv_tables(view: SiteView) -> tuple[dict[str, str], dict[str, str]]:
    """file → CSV text, and record type → the newest `ultima_verifica` of its records."""
    out: dict[str, str] = {}
    modified: dict[str, str] = {}
    for rtype in RECORD_TYPES:
        records = _records(view, rtype.name)
        modified[rtype.name] = _newest(records)
        group = tables.record_tables(rtype)
        for name, rows in tables.rows(group, records).items():
            table = next(t for t in group if t.name == name)
            out[f"{name}.csv"] = write_csv([c.name for c in table.all_columns], rows)
    return out, modified


def files(view: SiteView) -> dict[str, str]:
    """Relative path → content of every open data file."""
    out: dict[str, str] = {}
    csvs, modified = _csv_tables(view)
    for rtype in RECORD_TYPES:
        out[f"{PLURALI[rtype.name]}.json"] = _dump(_records(view, rtype.name))
    out.update(csvs)
    out["comuni.geojson"] = _dump(geojson(view))
    for rtype in RECORD_TYPES:
        out[f"schemi/{schemas.schema_name(rtype)}"] = schemas.render(rtype)
    newest = max((d for d in modified.values() if d), default=view.today.isoformat())
    data = {name: text.encode("utf-8") for name, text in csvs.items()}
    package = datapackage.descriptor(tables.all_tables(), data, _dati_url(view), newest)
    out[PACKAGE] = _dump(package)
    sizes = {rel: len(text.encode("utf-8")) for rel, text in out.items()}
    what = {rel: describe(rel)[1] for rel in out}
    out[CATALOGUE] = dcat.catalogue(view.settings, _dati_url(view), modified, sizes, what)
    return out


def _dati_url(view: SiteView) -> str:
    return view.settings.site_url.rstrip("/") + "/dati/"


def describe(rel: str) -> tuple[str, str]:
    """(format, what the file holds) as the /dati/ page says it."""
    if rel == PACKAGE:
        return "JSON", "Pacchetto di dati Frictionless: lo schema di ogni tabella CSV"
    if rel == CATALOGUE:
        return "RDF/XML", "Metadati DCAT-AP_IT per il catalogo nazionale dati.gov.it"
    if rel.startswith("schemi/"):
        return "JSON Schema", f"Schema JSON delle schede di tipo {rel[7:].split('.')[0]}"
    if rel.endswith(".geojson"):
        return "GeoJSON", "Comuni con coordinate (punti WGS84)"
    stem, _, ext = rel.rpartition(".")
    if ext == "csv":
        table = next(t for t in tables.all_tables() if t.name == stem)
        if table.parent is None:
            return "CSV", f"Tabella delle schede di tipo {table.record_type}"
        return "CSV", (f"Elenco «{'.'.join(table.source)}» di {table.parent.name}.csv, "
                       "una riga per voce")
    return "JSON", "Elenco JSON delle schede, con i campi annidati"


def published(files_: dict[str, str]) -> list[Published]:
    """Every file with its format and size in bytes, in the order the page lists them."""
    out = []
    for rel, text in files_.items():
        kind, what = describe(rel)
        out.append(Published(rel, kind, what, len(text.encode("utf-8"))))
    return out


def write(view: SiteView, target: Path) -> list[str]:
    written = []
    for rel, text in files(view).items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))  # as counted in datapackage.json: no newline
        written.append(rel)                     # translation
    return written
