"""Hand-written pages (content/pagine/<slug>.md): privacy, guide, the home introduction."""

from __future__ import annotations

from rete.core.fields import Testo
from rete.models.common import Record


class Pagina(Record):
    """`home` is special: its body opens the home page instead of being a page of its own."""

    titolo: Testo
    descrizione: str = ""  # the page's meta description and the summary shown in lists
