"""Agreements (accordi di programma, protocols) with their signatories and commitments."""

from __future__ import annotations

from pydantic import Field

from rete.core.fields import Data, Modello, Testo, Url
from rete.core.slugs import Slug
from rete.models.common import Record


class Firmatari(Modello):
    comuni: list[Slug] = Field(default_factory=list)
    organizzazioni: list[Slug] = Field(default_factory=list)


class Documento(Modello):
    titolo: Testo
    url: Url


class Accordo(Record):
    titolo: Testo
    tipo: str = "accordo di programma"
    data: Data
    luogo: Testo
    firmatari: Firmatari
    impegni: list[Testo] = Field(default_factory=list)
    descrizione: str = ""
    documenti: list[Documento] = Field(default_factory=list)
