"""Open data: every record type as JSON and CSV, the comuni as GeoJSON, the JSON Schemas.

The same files are published under /dati/ by the site build and written by `rete export`,
so their URLs and contents never drift apart. Licence: CC BY 4.0 (ISTAT data CC BY 3.0 IT).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from rete.models.common import Record
from rete.records import schemas
from rete.records.record_types import RECORD_TYPES
from rete.web.view import SiteView, is_cited_member

LICENZA = "CC BY 4.0"
PLURALI = {"comune": "comuni", "pratica": "pratiche", "accordo": "accordi",
           "organizzazione": "organizzazioni", "vocabolario": "vocabolari", "modulo": "moduli",
           "corso": "corsi",
           "pagina": "pagine"}

# models whose records are Markdown files: their body is published in the column "testo"
_BODY_MODELS: frozenset[type[Record]] = frozenset(
    t.model for t in RECORD_TYPES if t.suffix == ".md")


def _records(view: SiteView, type_name: str) -> list[dict[str, Any]]:
    out = []
    for loaded in sorted(view.corpus.of(type_name).values(), key=lambda r: r.model.slug):
        if loaded.model.stato == "bozza":
            continue
        data = loaded.model.model_dump(mode="json")
        if loaded.raw.type.suffix == ".md":
            data["testo"] = loaded.raw.body.strip()
        out.append(data)
    return out


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def columns(model: type[Record]) -> list[str]:
    """The CSV header of a record type, from its model: the same with or without records."""
    names = list(model.model_fields)
    if "testo" not in names and model in _BODY_MODELS:
        names.append("testo")  # the Markdown body of a .md record
    return names


def to_csv(rows: list[dict[str, Any]], model: type[Record] | None = None) -> str:
    """Flat columns; nested values (lists, sections) as compact JSON in their cell.

    The header comes from the model, so a table without records still says what it holds.
    """
    columns_: list[str] = columns(model) if model is not None else []
    for row in rows:
        columns_ += [k for k in row if k not in columns_]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns_)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns_])
    return buffer.getvalue()


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
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def files(view: SiteView) -> dict[str, str]:
    """Relative path → content of every open data file."""
    out: dict[str, str] = {}
    for rtype in RECORD_TYPES:
        name = PLURALI[rtype.name]
        rows = _records(view, rtype.name)
        out[f"{name}.json"] = _dump(rows)
        out[f"{name}.csv"] = to_csv(rows, rtype.model)
    out["comuni.geojson"] = _dump(geojson(view))
    for rtype in RECORD_TYPES:
        out[f"schemi/{schemas.schema_name(rtype)}"] = schemas.render(rtype)
    return out


def write(view: SiteView, target: Path) -> list[str]:
    written = []
    for rel, text in files(view).items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(rel)
    return written
