"""Organisations (promoters, partners): referenced by practices and agreements."""

from __future__ import annotations

from typing import Literal

from rete.models.common import Record, Testo, Url


class Organizzazione(Record):
    nome: Testo
    sigla: str | None = None
    tipo: Literal["associazione", "ente", "cooperativa", "scuola", "impresa", "altro"]
    ruolo: Literal["promotore", "partner", "sostenitore", "altro"] = "partner"
    descrizione: str = ""
    sito: Url | None = None


