"""Courses of the Scuola di formazione: courses/<corso>/corso.yml, modules in the same folder.

A course orders its modules and announces its editions; each edition says who may enrol and
how, and whether it is a sourced fact or an example (`illustrativa`), which pages show.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from rete.core.fields import Data, Modello, Testo, Url
from rete.core.slugs import Slug, TermId
from rete.models.common import Record


class Edizione(Modello):
    titolo: Testo
    dal: Data
    al: Data
    modalita: Literal["in presenza", "online", "mista"]
    luogo: Testo | None = None
    chi_puo_iscriversi: Testo
    come_iscriversi: Testo
    url: Url | None = None
    illustrativa: bool = False


class Corso(Record):
    titolo: Testo
    sintesi: Testo
    destinatari: list[TermId] = Field(min_length=1)
    livello: Literal["base", "intermedio", "avanzato"]
    moduli: list[Slug] = Field(default_factory=list)  # in order; a published course needs one
    edizioni: list[Edizione] = Field(default_factory=list)
