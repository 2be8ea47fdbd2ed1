"""The Rete page's timeline: dated events from the records, each with its source.

Two kinds of entry, kept apart on the page: the Rete's own milestones (agreements, a
comune's dated decision to join, practices of its comuni) and outside precedents:
practices that started before its first agreement in no comune of the Rete, such as the
2011 Verona course or the Castelnuovo del Garda model. Events of one kind on one day are
one entry, so a day is never listed twice. `nascita` says once what each of the dates
given for the Rete's beginning is, the promoters' own dated statements (Afi's "dal 2014")
among them: those are said there only, not again as milestones.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from rete.core.fields import Fonte
from rete.records import page_map
from rete.web.render import data_it, md_text, url
from rete.web.view import SiteView

Tipo = Literal["rete", "precedente"]
HERE = page_map.NETWORK_PAGE


@dataclass
class Tappa:
    """One day (or year) of one kind, with what happened and the sources saying so."""

    data: date | int
    tipo: Tipo
    testi: list[str] = field(default_factory=list)  # Markdown, escaped
    fonti: list[str] = field(default_factory=list)  # Markdown links

    @property
    def ordine(self) -> tuple[int, int]:
        """A bare year sorts before the days of that year."""
        d = self.data
        return (d, 0) if isinstance(d, int) else (d.year, d.toordinal())


def _link(type_name: str, slug: str) -> str:
    target = page_map.page_of(type_name, slug) or ""
    path, _, anchor = target.partition("#")
    rel = posixpath.relpath(path, posixpath.dirname(HERE))
    return url(rel + (f"#{anchor}" if anchor else ""))


def _source(fonti: list[Fonte], campo: str, wanted: str | None = None) -> str:
    """The source backing `campo` (or the one at `wanted`), as a Markdown link, noting one
    that can no longer be opened."""
    chosen = [f for f in fonti if f.url == wanted] if wanted else []
    chosen = chosen or [f for f in fonti if campo in f.campi] or fonti
    if not chosen:
        return "non indicata"
    first = sorted(chosen, key=lambda f: f.non_raggiungibile is not None)[0]
    text = f"[{md_text(first.titolo)}]({url(first.url)})"
    if first.non_raggiungibile is not None:
        text += f" (non raggiungibile il {data_it(first.non_raggiungibile)}: solo citata)"
    return text


def first_agreement(view: SiteView) -> date | None:
    """The day of the Rete's first agreement: what came before is a precedent."""
    return min((e.model.data for e in view.accordi), default=None)


def _before(when: date | int, limit: date | None) -> bool:
    if limit is None:
        return False
    return when < limit.year if isinstance(when, int) else when < limit


def tappe(view: SiteView) -> list[Tappa]:
    """Every dated event, merged by (kind, day), oldest first."""
    merged: dict[tuple[Tipo, date | int], Tappa] = {}

    def add(when: date | int, tipo: Tipo, text: str, source: str) -> None:
        tappa = merged.setdefault((tipo, when), Tappa(when, tipo))
        tappa.testi.append(text)
        if source not in tappa.fonti:
            tappa.fonti.append(source)

    for a in view.accordi:
        m = a.model
        add(m.data, "rete", f"[{md_text(m.titolo)}]({_link('accordo', m.slug)}) {m.evento} a "
            f"{md_text(m.luogo)}", _source(m.fonti, "data"))
    for c in view.comuni:
        for r in c.model.relazioni:
            if r.data is not None and r.accordo is None:
                add(r.data, "rete", f"[{md_text(c.model.nome)}]({_link('comune', c.model.slug)}): "
                    f"{md_text(view.ruolo(r).lower())}", _source(c.model.fonti, "relazioni",
                                                                 r.fonte))
    limit = first_agreement(view)
    members = {c.model.slug for c in view.comuni_rete}
    for p in view.pratiche:
        pratica = p.model
        if pratica.periodo is None or pratica.illustrativo:
            continue
        start = pratica.periodo.dal
        outside = not any(s in members for s in pratica.comuni)
        tipo: Tipo = "precedente" if outside and _before(start, limit) else "rete"
        add(start, tipo, f"avvio di [{md_text(pratica.titolo)}]({_link('pratica', pratica.slug)})",
            _source(pratica.fonti, "periodo"))
    return sorted(merged.values(), key=lambda t: (t.ordine, t.tipo))


@dataclass(frozen=True)
class Data:
    """One of the dates given for the Rete's beginning, with what it is."""

    data: date | int
    che_cosa: str  # Markdown
    fonte: str  # Markdown link


def nascita(view: SiteView) -> list[Data]:
    """The promoters' dated statements and the agreements: each a different event."""
    out: list[Data] = []
    for o in view.organizzazioni.values():
        for t in o.model.tappe:
            out.append(Data(t.data, f"secondo {md_text(o.model.sigla or o.model.nome)}, "
                                    f"{md_text(t.testo)}",
                            _source(o.model.fonti, "tappe", t.fonte)))
    for a in view.accordi:
        m = a.model
        what = f"[{md_text(m.titolo)}]({_link('accordo', m.slug)}), {m.evento} a " \
               f"{md_text(m.luogo)}"
        out.append(Data(m.data, what, _source(m.fonti, "data")))
    return sorted(out, key=lambda d: Tappa(d.data, "rete").ordine)
