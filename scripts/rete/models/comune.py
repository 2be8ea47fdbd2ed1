"""A comune and its relation to the Rete exactly as the sources state it.

There is deliberately no "current member" flag: the sources give dated events (a signature,
a table, a mention), and membership changes with local majorities. Pages derive what they
show from these sourced relations only.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, model_validator

from rete.core.fields import DataOAnno, Modello, Testo, Url
from rete.core.slugs import Slug
from rete.models.common import Record
from rete.tariffa.schema import SchemaTariffario

Ruolo = Literal[
    "firmatario",  # signed an agreement (accordo required)
    "membro_tavolo_intercomunale",
    "adesione_deliberata",  # a source says the comune's giunta or council decided to join
    "citato_come_membro",  # named as a member by a source, without a date
    "uscito",  # a source says it left
    "riferimento_esterno",  # a model comune outside the Rete (Castelnuovo del Garda)
]
EVENT_ROLES = frozenset({"firmatario", "adesione_deliberata"})
"""Roles that are one-day events: they carry the day in `data`, never a period (`dal`/`al`),
so a page cannot read a signature as a membership that still lasts."""


def istat_text(value: object) -> object:
    """An unquoted code (108040, or 15077 after YAML dropped the zero) becomes six digits."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 1_000_000:
        return f"{value:06d}"
    return value


class Coordinate(Modello):
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)


class Population(Modello):
    valore: int = Field(gt=0)
    anno: int = Field(ge=1861, le=2100)


class Relazione(Modello):
    """`data` is the day of an event (a signature, a presentation, a decision), `dal`/`al`
    a period of membership, written only when a source gives one."""

    ruolo: Ruolo
    accordo: Slug | None = None
    data: DataOAnno | None = Field(
        default=None, description="Giorno (o anno) dell'evento secondo la fonte: la firma, "
                                  "la presentazione, la delibera di adesione.")
    dal: DataOAnno | None = Field(
        default=None, description="Inizio di un periodo di appartenenza indicato dalla fonte: "
                                  "data (AAAA-MM-GG) o solo anno.")
    al: DataOAnno | None = Field(
        default=None, description="Fine di un periodo di appartenenza indicato dalla fonte: "
                                  "data (AAAA-MM-GG) o solo anno.")
    nota: str = ""
    fonte: Url

    @model_validator(mode="after")
    def _event_not_period(self) -> Relazione:
        if self.ruolo in EVENT_ROLES and (self.dal is not None or self.al is not None):
            raise ValueError(
                f"'{self.ruolo}' è un evento, non un periodo: scrivi il giorno in 'data' "
                "(per esempio data: 2016-12-20); 'dal' e 'al' sono per un periodo di "
                "appartenenza che una fonte indica")
        return self


class TavoloComunale(Modello):
    descrizione: Testo
    dal: DataOAnno | None = None
    fonte: Url


class AssessoreDelegato(Modello):
    """The role only (e.g. "Assessore alle politiche familiari"): never a person's name."""

    delega: Testo
    fonte: Url | None = None


class Comune(Record):
    nome: Testo
    codice_istat: Annotated[str, BeforeValidator(istat_text)]
    provincia: str
    coordinate: Coordinate | None = None
    popolazione: Population | None = None
    relazioni: list[Relazione] = Field(default_factory=list)
    tavolo_comunale: TavoloComunale | None = None
    assessore_delegato: AssessoreDelegato | None = None
    sito: Url | None = None
    servizi: list[SchemaTariffario] = Field(default_factory=list)
