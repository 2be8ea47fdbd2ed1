"""Training modules of the Scuola di formazione: metadata beside each course notebook.

courses/<corso>/<slug>.yml describes the module; its MyST notebook sits beside it.
"""

from __future__ import annotations

from pydantic import Field

from rete.core.fields import Testo
from rete.core.slugs import Slug, TermId
from rete.models.common import Record


class Modulo(Record):
    titolo: Testo
    sintesi: Testo
    destinatari: list[TermId] = Field(min_length=1)
    obiettivi_formativi: list[Testo] = Field(min_length=1)
    punti_chiave: list[Testo] = Field(default_factory=list)
    minuti_lezione: int = Field(ge=0, le=600)
    minuti_esercizi: int = Field(ge=0, le=600)
    prerequisiti: list[Slug] = Field(default_factory=list)
    notebook: str | None = None  # beside this record; default <slug>.md

    @property
    def notebook_file(self) -> str:
        """The notebook's path relative to the module's course folder."""
        return self.notebook or f"{self.slug}.md"
