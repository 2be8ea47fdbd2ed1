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

from rete.records import schemas
from rete.records.record_types import RECORD_TYPES
from rete.web.view import SiteView, is_cited_member

LICENZA = "CC BY 4.0"
PLURALI = {"comune": "comuni", "pratica": "pratiche", "accordo": "accordi",
           "organizzazione": "organizzazioni", "vocabolario": "vocabolari", "modulo": "moduli",
           "corso": "corsi",
           "pagina": "pagine"}


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


def to_csv(rows: list[dict[str, Any]]) -> str:
    """Flat columns; nested values (lists, sections) as compact JSON in their cell."""
    columns: list[str] = []
    for row in rows:
        columns += [k for k in row if k not in columns]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return buffer.getvalue()


def geojson(view: SiteView) -> dict[str, Any]:
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
    return {"type": "FeatureCollection", "features": features}


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def files(view: SiteView) -> dict[str, str]:
    """Relative path → content of every open data file."""
    out: dict[str, str] = {}
    for rtype in RECORD_TYPES:
        name = PLURALI[rtype.name]
        rows = _records(view, rtype.name)
        out[f"{name}.json"] = _dump(rows)
        out[f"{name}.csv"] = to_csv(rows)
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
