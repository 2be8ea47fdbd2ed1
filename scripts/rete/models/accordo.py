"""Agreements (accordi di programma, protocols) with their signatories and commitments.

Who signed and who promotes are kept apart: the sources say the comuni signed the 2016
agreement and the organisations promote it, and a page must not turn a promoter into a
signatory. `evento` says what `data` is (the day of the signature, or of a presentation
when that is all the source gives), so pages show the date as that event.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from rete.core.fields import Data, Modello, Testo, Url
from rete.core.slugs import Slug
from rete.models.common import Record


class Firmatari(Modello):
    comuni: list[Slug] = Field(default_factory=list)
    organizzazioni: list[Slug] = Field(
        default_factory=list, description="Slug delle organizzazioni che una fonte dice "
                                          "firmatarie (tabella organizzazioni).")


class Documento(Modello):
    titolo: Testo
    url: Url


class Accordo(Record):
    titolo: Testo
    tipo: str = "accordo di programma"
    data: Data
    evento: Literal["firmato", "presentato"] = Field(
        default="firmato", description="Che cosa è avvenuto alla data: firmato (la firma) o "
                                       "presentato (la presentazione, quando la fonte dà solo "
                                       "quella).")
    luogo: Testo
    firmatari: Firmatari
    promotori: list[Slug] = Field(
        default_factory=list, description="Slug delle organizzazioni che le fonti dicono "
                                          "promotrici dell'accordo, senza dire che l'hanno "
                                          "firmato (tabella organizzazioni).")
    impegni: list[Testo] = Field(default_factory=list)
    descrizione: str = ""
    documenti: list[Documento] = Field(default_factory=list)
