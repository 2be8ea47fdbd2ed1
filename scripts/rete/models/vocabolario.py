"""Controlled vocabularies (obiettivi, strumenti, temi, destinatari) as editable data."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from rete.core.fields import Modello, Testo
from rete.core.slugs import TermId
from rete.models.common import Record

NOMI_VOCABOLARI = ("obiettivi", "strumenti", "temi", "destinatari")


class Voce(Modello):
    id: TermId
    nome: Testo
    descrizione: str = ""


class Vocabolario(Record):
    """One file per vocabulary: content/vocabolari/<slug>.yml; its entries are referenced by id."""

    slug: Literal["obiettivi", "strumenti", "temi", "destinatari"]
    titolo: Testo
    voci: list[Voce] = Field(min_length=1)
