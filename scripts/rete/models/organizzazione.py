"""Organisations (promoters, partners): referenced by practices and agreements."""

from __future__ import annotations

from typing import Literal

from rete.core.fields import Testo, Url
from rete.models.common import Record


class Organizzazione(Record):
    nome: Testo
    sigla: str | None = None
    tipo: Literal["associazione", "ente", "cooperativa", "scuola", "impresa", "altro"]
    ruolo: Literal["promotore", "partner", "sostenitore", "altro"] = "partner"
    descrizione: str = ""
    sito: Url | None = None


