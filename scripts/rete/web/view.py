"""A read-only view of the published records, shaped for pages: sorted, linked, labelled.

Every page module reads from here, so what counts as "a comune of the Rete" or "the latest
practices" is decided once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Generic, TypeVar

from rete.core.fields import Fonte
from rete.core.settings import Settings
from rete.models.accordo import Accordo
from rete.models.common import Record
from rete.models.comune import Comune, Relazione
from rete.models.corso import Corso
from rete.models.modulo import Modulo
from rete.models.organizzazione import Organizzazione
from rete.models.pagina import Pagina
from rete.models.pratica import Pratica
from rete.models.vocabolario import Vocabolario, Voce
from rete.records.corpus import Corpus, Loaded

R = TypeVar("R", bound=Record)

RUOLI = {
    "firmatario": "Firmatario",
    "membro_tavolo_intercomunale": "Membro del tavolo intercomunale",
    "adesione_deliberata": "Adesione deliberata",
    "citato_come_membro": "Citato come membro",
    "uscito": "Uscito dalla Rete",
    "riferimento_esterno": "Riferimento esterno (non membro)",
}
LIVELLI = {"emergente": "Emergente", "promettente": "Promettente", "consolidata": "Consolidata"}
UNITA = {"mese": "al mese", "pasto": "a pasto", "giorno": "al giorno", "anno": "all'anno"}


@dataclass(frozen=True)
class Entry(Generic[R]):
    """A published record with what pages need beside the model."""

    model: R
    rel: str  # source file, for "modifica questa scheda"
    body: str


PREVIEW_DRAFT_TYPES = frozenset({"comune", "pratica", "accordo", "organizzazione", "pagina",
                                 "vocabolario"})
"""Draft types the preview (`rete serve`) shows: not courses and modules, whose pages the
school's book builds from published records only (a draft would be a dead link)."""


def _entries(loaded: Iterable[Loaded], kind: type[R], drafts: bool = False) -> list[Entry[R]]:
    out = []
    for item in loaded:
        if item.model.stato == "bozza" and not drafts:
            continue
        assert isinstance(item.model, kind)
        out.append(Entry(item.model, item.raw.rel, item.raw.body))
    return out


class SiteView:
    """`drafts` is for the local preview only: records in `stato: bozza` join the view (pages
    mark them); the published site never passes it."""

    def __init__(self, corpus: Corpus, settings: Settings, *, drafts: bool = False) -> None:
        self.corpus = corpus
        self.settings = settings
        self.today: date = corpus.today
        self.drafts = drafts

    def _of(self, type_name: str, kind: type[R]) -> list[Entry[R]]:
        return _entries(self.corpus.of(type_name).values(), kind,
                        self.drafts and type_name in PREVIEW_DRAFT_TYPES)

    @cached_property
    def comuni(self) -> list[Entry[Comune]]:
        return sorted(self._of("comune", Comune), key=lambda e: e.model.nome)

    @cached_property
    def comuni_by_slug(self) -> dict[str, Entry[Comune]]:
        return {e.model.slug: e for e in self.comuni}

    @cached_property
    def comuni_rete(self) -> list[Entry[Comune]]:
        """Comuni the sources tie to the Rete; a model comune outside it is not counted."""
        return [e for e in self.comuni if is_cited_member(e.model)]

    @cached_property
    def pratiche(self) -> list[Entry[Pratica]]:
        return sorted(self._of("pratica", Pratica), key=lambda e: e.model.titolo.casefold())

    @cached_property
    def pratiche_recenti(self) -> list[Entry[Pratica]]:
        """Newest first by last verification, then title: the "latest practices" list."""
        return sorted(self.pratiche, key=lambda e: (-e.model.ultima_verifica.toordinal(),
                                                    e.model.titolo.casefold()))

    @cached_property
    def accordi(self) -> list[Entry[Accordo]]:
        return sorted(self._of("accordo", Accordo), key=lambda e: e.model.data)

    @cached_property
    def accordi_by_slug(self) -> dict[str, Entry[Accordo]]:
        return {e.model.slug: e for e in self.accordi}

    @cached_property
    def organizzazioni(self) -> dict[str, Entry[Organizzazione]]:
        items = sorted(self._of("organizzazione", Organizzazione), key=lambda e: e.model.nome)
        return {e.model.slug: e for e in items}

    @cached_property
    def moduli(self) -> list[Entry[Modulo]]:
        return sorted(self._of("modulo", Modulo), key=lambda e: e.model.titolo)

    @cached_property
    def corsi(self) -> list[Entry[Corso]]:
        return sorted(self._of("corso", Corso), key=lambda e: e.model.titolo.casefold())

    @cached_property
    def moduli_by_slug(self) -> dict[str, Entry[Modulo]]:
        return {e.model.slug: e for e in self.moduli}

    @cached_property
    def pagine(self) -> dict[str, Entry[Pagina]]:
        return {e.model.slug: e for e in self._of("pagina", Pagina)}

    @cached_property
    def vocabolari(self) -> dict[str, dict[str, Voce]]:
        out: dict[str, dict[str, Voce]] = {}
        for entry in self._of("vocabolario", Vocabolario):
            out[entry.model.slug] = {v.id: v for v in entry.model.voci}
        return out

    def voce(self, vocabulary: str, term: str) -> str:
        voce = self.vocabolari.get(vocabulary, {}).get(term)
        return voce.nome if voce else term

    @cached_property
    def _pratiche_per_comune(self) -> dict[str, list[Entry[Pratica]]]:
        """Practices by the comuni they name, in the catalogue's order: one pass, where
        asking each comune's page in turn went through every practice (quadratic)."""
        out: dict[str, list[Entry[Pratica]]] = {}
        for e in self.pratiche:
            for slug in dict.fromkeys(e.model.comuni):
                out.setdefault(slug, []).append(e)
        return out

    def practices_of_comune(self, slug: str) -> list[Entry[Pratica]]:
        return list(self._pratiche_per_comune.get(slug, ()))

    def ruolo(self, rel: Relazione) -> str:
        return ruolo_label(rel)

    def citati(self, record: Record) -> list[str]:
        return cited_only(record)

    def fonte_non_raggiungibile(self, record: Record, url: str) -> Fonte | None:
        return unreachable_source(record, url)

    def non_raggiungibile_dal(self, record: Record) -> date | None:
        return unreachable_since(record)

    def edit_url(self, rel: str) -> str | None:
        base = self.settings.git_host_edit_url
        return f"{base.rstrip('/')}/{rel}" if base else None


def is_cited_member(comune: Comune) -> bool:
    """A source ties it to the Rete (a model comune outside it is not a member)."""
    return any(r.ruolo != "riferimento_esterno" for r in comune.relazioni)


def is_external_reference(comune: Comune) -> bool:
    return any(r.ruolo == "riferimento_esterno" for r in comune.relazioni)


def ruolo_label(rel: Relazione) -> str:
    return RUOLI[rel.ruolo]


def unreachable_source(record: Record, url: str) -> Fonte | None:
    """The record's source at `url` when it was found not to open, else None."""
    return next((f for f in record.fonti if f.url == url and f.non_raggiungibile), None)


def cited_only(record: Record) -> list[str]:
    """Fields (`campi`) that only sources found unreachable support: the page calls them
    cited, because no reader can check them any more."""
    reachable = {c for f in record.fonti if f.non_raggiungibile is None for c in f.campi}
    out: list[str] = []
    for f in record.fonti:
        if f.non_raggiungibile is not None:
            out += [c for c in f.campi if c not in reachable and c not in out]
    return out


def unreachable_since(record: Record) -> date | None:
    """The latest day one of the record's sources was found unreachable."""
    days = [f.non_raggiungibile for f in record.fonti if f.non_raggiungibile is not None]
    return max(days) if days else None


def anno(value: date | int | None) -> int | None:
    if value is None:
        return None
    return value if isinstance(value, int) else value.year
