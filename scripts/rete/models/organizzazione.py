"""Organisations (promoters, partners): referenced by practices and agreements.

Contacts are the organisation's own public channels (never a person's), written only when a
source gives them and listed in that source's `campi`; the "Aderire alla Rete" page shows
them beside each promoter and says "non disponibile" for the rest.

`tappe` are dated statements the organisation's own sources make about the Rete's history
(Afi dates a network of comuni "dal 2014"): the Rete page shows them beside the agreements'
dates, each saying what it is, so that different dates for one beginning are reconciled.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from rete.core.fields import DataOAnno, Email, Modello, Testo, Url
from rete.models.common import Record


class Tappa(Modello):
    """A dated statement of a source about the Rete's history, as the source words it."""

    data: DataOAnno = Field(description="Data (AAAA-MM-GG) o anno che la fonte indica.")
    testo: Testo = Field(description="Che cosa la fonte dice di quella data.")
    fonte: Url = Field(description="Indirizzo della fonte (una delle fonti della scheda).")


class Organizzazione(Record):
    nome: Testo
    sigla: str | None = None
    tipo: Literal["associazione", "ente", "cooperativa", "scuola", "impresa", "altro"]
    ruolo: Literal["promotore", "partner", "sostenitore", "altro"] = "partner"
    descrizione: str = ""
    sito: Url | None = None
    email: Email | None = None  # the organisation's address (segreteria@…), never a person's
    indirizzo: Testo | None = None  # postal address of its office, as the source writes it
    tappe: list[Tappa] = Field(default_factory=list)
