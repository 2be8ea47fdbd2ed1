"""The "Aderire alla Rete" page: how a comune joins, built from the records only.

A councillor of a comune outside the Rete needs one page: how the comuni joined so far (the
agreements' signatories and what the comuni's sourced relations say), the commitments of
the agreement, the promoters' contacts and the site's own. What no source gives (a model
deliberation) is offered as guidance, labelled as such on the page.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment

from rete.models.accordo import Accordo
from rete.models.comune import Comune, Relazione
from rete.records import page_map
from rete.web.render import render, url, write_page
from rete.web.view import Entry, SiteView

MEMBER_ROLES = frozenset({"firmatario", "membro_tavolo_intercomunale", "adesione_deliberata",
                          "citato_come_membro"})


def invited_to_join(comune: Comune) -> bool:
    """No source ties the comune to the Rete, or a source says it left: its page links here."""
    roles = {r.ruolo for r in comune.relazioni}
    return not roles & MEMBER_ROLES or "uscito" in roles


def join_link(here: str, comune: Comune) -> str | None:
    """The Markdown link target from a comune's page to this page, for a comune outside."""
    if not invited_to_join(comune):
        return None
    return url(posixpath.relpath(page_map.JOIN_PAGE, posixpath.dirname(here) or "."))


@dataclass(frozen=True)
class Note:
    """One sourced statement about comuni and the Rete, with the comuni it is said of."""

    nota: str
    fonte: str
    comuni: tuple[Entry[Comune], ...]


def _signatories(view: SiteView) -> set[str]:
    return {slug for e in view.accordi for slug in e.model.firmatari.comuni}


def later_notes(view: SiteView) -> list[Note]:
    """What the sources say of the comuni of the Rete that signed no agreement: the same
    statement said of several comuni is written once, with their names."""
    signed = _signatories(view)
    grouped: dict[tuple[str, str], list[Entry[Comune]]] = {}
    for e in view.comuni_rete:
        if e.model.slug in signed:
            continue
        relations: list[Relazione] = [r for r in e.model.relazioni
                                      if r.ruolo in MEMBER_ROLES and r.nota]
        for r in relations:
            grouped.setdefault((r.nota, r.fonte), []).append(e)
    notes = [Note(nota, fonte, tuple(comuni)) for (nota, fonte), comuni in grouped.items()]
    return sorted(notes, key=lambda n: (-len(n.comuni), n.comuni[0].model.nome, n.nota))


def commitments(view: SiteView) -> Entry[Accordo] | None:
    """The newest agreement that lists commitments: the ones a joining comune takes on."""
    with_commitments = [e for e in view.accordi if e.model.impegni]
    return with_commitments[-1] if with_commitments else None


def write(view: SiteView, env: Environment, docs: Path) -> list[str]:
    here = page_map.JOIN_PAGE
    promotori = [e for e in view.organizzazioni.values() if e.model.ruolo == "promotore"]
    accordo = commitments(view)
    fonti_impegni = [f for f in accordo.model.fonti if "impegni" in f.campi] if accordo else []
    text = render(env, "aderire.md.j2", here=here, view=view, settings=view.settings,
                  accordi=[e for e in view.accordi if e.model.firmatari.comuni],
                  accordo=accordo, fonti_impegni=fonti_impegni, note=later_notes(view),
                  promotori=promotori)
    return [write_page(docs, here, text)]
