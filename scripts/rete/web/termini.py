"""A page for each objective and each instrument of the Rete, listing the practices that serve it.

The objectives and the instruments are the seed of the Rete: a reader who meets «obiettivo 6»
or «Rete dei Negozi di Buon Vicinato» on a practice or on the network page can open what it
means and which documented practices serve it, or read plainly that none is documented yet.
The pages are generated from the vocabularies (content/vocabolari/obiettivi.yml,
strumenti.yml); where they go is the page map's (`page_map.TERM_FOLDERS`).
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment

from rete.models.vocabolario import Vocabolario
from rete.records import page_map
from rete.web.render import render, write_page
from rete.web.view import SiteView

KINDS = (("obiettivo", "obiettivi"), ("strumento", "strumenti"))
"""(page type, vocabulary and the practice key that lists its terms)."""


def write(view: SiteView, env: Environment, docs: Path) -> list[str]:
    written: list[str] = []
    for kind, vocabulary in KINDS:
        loaded = view.corpus.of("vocabolario").get(vocabulary)
        if loaded is None or (loaded.model.stato == "bozza" and not view.drafts):
            continue
        record = loaded.model
        assert isinstance(record, Vocabolario)
        for voce in record.voci:
            here = page_map.page_of(kind, voce.id)
            assert here is not None
            pratiche = [e for e in view.pratiche if voce.id in getattr(e.model, vocabulary)]
            text = render(env, "termine.md.j2", here=here, view=view, tipo=kind, voce=voce,
                          vocabolario=record, pratiche=pratiche,
                          contribuire="contribuire" in view.pagine,
                          edit_url=view.edit_url(loaded.raw.rel))
            written.append(write_page(docs, here, text))
    return written
