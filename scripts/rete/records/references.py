"""What each record points at: other records and vocabulary terms, with where it says so.

Extracted once per record so that the cross-record check works on these small lists alone
(and can receive them cheaply from worker processes), not on whole models.
"""

from __future__ import annotations

from dataclasses import dataclass

from rete.core.diagnostics import KeyPath
from rete.models.accordo import Accordo
from rete.models.common import Record
from rete.models.comune import Comune
from rete.models.corso import Corso
from rete.models.modulo import Modulo
from rete.models.pratica import Pratica


@dataclass(frozen=True)
class Ref:
    path: KeyPath
    type_name: str  # comune, organizzazione, accordo, modulo
    slug: str
    what: str  # how the message names it: "il comune", "l'organizzazione"...


@dataclass(frozen=True)
class Term:
    path: KeyPath
    vocabulary: str  # obiettivi, strumenti, temi, destinatari
    term: str


WHAT = {"comune": "il comune", "organizzazione": "l'organizzazione", "accordo": "l'accordo",
        "modulo": "il modulo", "corso": "il corso"}


def _refs(path: KeyPath, type_name: str, slugs: list[str]) -> list[Ref]:
    return [Ref((*path, i), type_name, slug, WHAT[type_name]) for i, slug in enumerate(slugs)]


def references(model: Record) -> tuple[list[Ref], list[Term]]:
    refs: list[Ref] = []
    terms: list[Term] = []
    if isinstance(model, Comune):
        for i, rel in enumerate(model.relazioni):
            if rel.accordo is not None:
                refs.append(Ref(("relazioni", i, "accordo"), "accordo", rel.accordo,
                                WHAT["accordo"]))
    elif isinstance(model, Pratica):
        refs += _refs(("comuni",), "comune", model.comuni)
        refs += _refs(("organizzazioni",), "organizzazione", model.organizzazioni)
        for vocabulary in ("obiettivi", "strumenti", "temi", "destinatari"):
            terms += [Term((vocabulary, i), vocabulary, term)
                      for i, term in enumerate(getattr(model, vocabulary))]
        for i, contatto in enumerate(model.contatti):
            if contatto.organizzazione:
                refs.append(Ref(("contatti", i, "organizzazione"), "organizzazione",
                                contatto.organizzazione, WHAT["organizzazione"]))
            if contatto.comune:
                refs.append(Ref(("contatti", i, "comune"), "comune", contatto.comune,
                                WHAT["comune"]))
    elif isinstance(model, Accordo):
        refs += _refs(("firmatari", "comuni"), "comune", model.firmatari.comuni)
        refs += _refs(("firmatari", "organizzazioni"), "organizzazione",
                      model.firmatari.organizzazioni)
        refs += _refs(("promotori",), "organizzazione", model.promotori)
    elif isinstance(model, Corso):
        terms += [Term(("destinatari", i), "destinatari", term)
                  for i, term in enumerate(model.destinatari)]
        refs += _refs(("moduli",), "modulo", model.moduli)
    elif isinstance(model, Modulo):
        terms += [Term(("destinatari", i), "destinatari", term)
                  for i, term in enumerate(model.destinatari)]
        refs += [r for r in _refs(("prerequisiti",), "modulo", model.prerequisiti)
                 if r.slug != model.slug]
    return refs, terms
