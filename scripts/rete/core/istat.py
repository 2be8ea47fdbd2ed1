"""The official list of Italian comuni (ISTAT, CC BY 3.0 IT) shipped inside the package."""

from __future__ import annotations

import csv
import functools
import io
from dataclasses import dataclass
from importlib import resources


@dataclass(frozen=True)
class ComuneIstat:
    codice: str
    nome: str
    provincia: str
    sigla: str
    regione: str
    popolazione_2011: int


@functools.cache
def comuni_istat() -> dict[str, ComuneIstat]:
    """Code → comune; read once per process (7,904 rows, a few milliseconds)."""
    data = resources.files("rete.core").joinpath("data/comuni-istat.csv")
    text = data.read_text(encoding="utf-8")
    return {
        row["codice_istat"]: ComuneIstat(row["codice_istat"], row["nome"], row["provincia"],
                                         row["sigla"], row["regione"],
                                         int(row["popolazione_2011"] or 0))
        for row in csv.DictReader(io.StringIO(text))
    }
