"""Good practices: YAML front matter of good_practices/<slug>.md, the body is Markdown."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from rete.core.fields import DataOAnno, Modello, Testo, Url
from rete.core.slugs import Slug, TermId
from rete.models.common import Record


class Periodo(Modello):
    dal: DataOAnno
    al: DataOAnno | None = None


class LivelloEvidenza(Modello):
    """The level is only credible with its reasons on each of the three criteria."""

    livello: Literal["emergente", "promettente", "consolidata"]
    efficacia: Testo
    trasferibilita: Testo
    durata: Testo


class Risultato(Modello):
    descrizione: Testo
    valore: float | None = None
    unita: str | None = None
    anno: int | None = Field(default=None, ge=1900, le=2100)


class Contatto(Modello):
    """Organisations or comuni only: no personal contacts are published."""

    organizzazione: Slug | None = None
    comune: Slug | None = None
    pagina: Url | None = None

    @model_validator(mode="after")
    def _one_target(self) -> Contatto:
        if (self.organizzazione is None) == (self.comune is None):
            raise ValueError("indica esattamente uno tra 'organizzazione' e 'comune'")
        return self


class Pratica(Record):
    titolo: Testo
    sintesi: Testo
    comuni: list[Slug] = Field(default_factory=list)
    organizzazioni: list[Slug] = Field(default_factory=list)
    obiettivi: list[TermId] = Field(min_length=1)
    strumenti: list[TermId] = Field(default_factory=list)
    temi: list[TermId] = Field(default_factory=list)
    destinatari: list[TermId] = Field(default_factory=list)
    periodo: Periodo | None = None
    livello_evidenza: LivelloEvidenza | None = None
    risultati: list[Risultato] = Field(default_factory=list)
    contatti: list[Contatto] = Field(default_factory=list)
