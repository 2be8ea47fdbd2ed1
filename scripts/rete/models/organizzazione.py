"""Organisations (promoters, partners): referenced by practices and agreements.

Contacts are the organisation's own public channels (never a person's), written only when a
source gives them and listed in that source's `campi`; the "Aderire alla Rete" page shows
them beside each promoter and says "non disponibile" for the rest.
"""

from __future__ import annotations

from typing import Literal

from rete.core.fields import Email, Testo, Url
from rete.models.common import Record


class Organizzazione(Record):
    nome: Testo
    sigla: str | None = None
    tipo: Literal["associazione", "ente", "cooperativa", "scuola", "impresa", "altro"]
    ruolo: Literal["promotore", "partner", "sostenitore", "altro"] = "partner"
    descrizione: str = ""
    sito: Url | None = None
    email: Email | None = None  # the organisation's address (segreteria@…), never a person's
    indirizzo: Testo | None = None  # postal address of its office, as the source writes it
