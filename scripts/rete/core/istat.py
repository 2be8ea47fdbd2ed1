"""The official list of Italian comuni (ISTAT, CC BY 3.0 IT) shipped inside the package."""

from __future__ import annotations

import csv
import functools
import io
from dataclasses import dataclass
from importlib import resources

from rete.core.slugs import slugify


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


@functools.cache
def by_name() -> dict[str, tuple[ComuneIstat, ...]]:
    """Slug of the name → the comuni so named: a few names (Livo, Calliano, Samone…) have two."""
    found: dict[str, list[ComuneIstat]] = {}
    for comune in comuni_istat().values():
        found.setdefault(slugify(comune.nome), []).append(comune)
    return {name: tuple(comuni) for name, comuni in found.items()}


def record_slug(comune: ComuneIstat) -> str:
    """The slug of a comune's record: its name, and for a homonym the province too (livo-co),
    so that neither of two namesakes takes the bare name from the other."""
    name = slugify(comune.nome)
    return name if len(by_name()[name]) == 1 else f"{name}-{comune.sigla.lower()}"
