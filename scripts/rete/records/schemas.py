"""JSON Schemas exported from the models, for editors' tools and the open data page.

Editors' YAML plugins (yaml-language-server) read the `$schema` comment that `rete new`
writes at the top of each record and then validate and autocomplete while the editor types.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rete.records.record_types import RECORD_TYPES, RecordType

SCHEMA_DIR = "schemas"


def schema_name(rtype: RecordType) -> str:
    return f"{rtype.name}.schema.json"


def schema_for(rtype: RecordType) -> dict[str, Any]:
    schema = rtype.model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"Scheda {rtype.name} della Rete dei Comuni amici della Famiglia"
    return schema


def render(rtype: RecordType) -> str:
    return json.dumps(schema_for(rtype), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schemas(target: Path) -> list[Path]:
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for rtype in RECORD_TYPES:
        path = target / schema_name(rtype)
        path.write_text(render(rtype), encoding="utf-8")
        written.append(path)
    return written
