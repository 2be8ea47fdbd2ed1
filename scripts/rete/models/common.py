"""The base every record type shares: identity, sources, status and freshness."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from rete.core.fields import Data, Fonte, Modello
from rete.core.slugs import Slug

Stato = Literal["bozza", "pubblicata", "archiviata"]


class Record(Modello):
    """Keys every record carries: identity, sources, status and freshness."""

    slug: Slug
    fonti: list[Fonte] = Field(default_factory=list)
    illustrativo: bool = False
    stato: Stato = "pubblicata"
    ultima_verifica: Data
