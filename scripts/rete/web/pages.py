"""Write every generated page of the site into the MkDocs docs folder.

Each function writes one kind of page and returns the paths it wrote, so the build can
check afterwards that every record page was produced and is linked from an index. Where each
page goes is the page map's (`rete.records.page_map`), the same the validator checks slugs
and body links against; record bodies arrive as sanitised HTML (`rete.web.bodies`).
"""

from __future__ import annotations

import contextlib
import functools
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment

from rete.models.comune import Comune
from rete.models.pratica import Pratica
from rete.records import page_map
from rete.tariffa.schema import SchemaTariffario
from rete.web import (
    aderire,
    calculator,
    dizionario,
    feed,
    forked,
    mappa,
    opendata,
    scuola,
    statements,
    tappe,
    termini,
)
from rete.web.bodies import BodyRenderer
from rete.web.render import render, write_page
from rete.web.view import (
    LIVELLI,
    Entry,
    SiteView,
    anno,
    is_cited_member,
    is_external_reference,
    ruolo_label,
)

HOME_INTRO = page_map.HOME  # content/pagine/home.md opens the home page


class PageCollision(Exception):
    """Two generated pages at one path: a slug the validator should have refused."""


@dataclass
class Written:
    """Paths relative to the docs folder, grouped so the build can count them."""

    comuni: list[str] = field(default_factory=list)
    pratiche: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)


def _voci(view: SiteView, vocabulary: str) -> list[tuple[str, Any]]:
    return list(view.vocabolari.get(vocabulary, {}).items())


def home(view: SiteView, env: Environment, docs: Path, bodies: BodyRenderer) -> str:
    intro = view.pagine.get(HOME_INTRO)
    here = page_map.HOME_PAGE
    text = render(env, "home.md.j2", here=here, view=view, intro=intro,
                  intro_body=bodies.block(intro.body, here) if intro else "",
                  titolo=intro.model.titolo if intro else "Rete dei Comuni amici della Famiglia",
                  descrizione=intro.model.descrizione if intro else "",
                  obiettivi=_voci(view, "obiettivi"), strumenti=_voci(view, "strumenti"),
                  recenti=view.pratiche_recenti[:5])
    return write_page(docs, here, text)


def rete(view: SiteView, env: Environment, docs: Path) -> str:
    per_strumento: dict[str, list[Entry[Any]]] = {}
    for e in view.pratiche:
        for s in e.model.strumenti:
            per_strumento.setdefault(s, []).append(e)
    promotori = [e for e in view.organizzazioni.values() if e.model.ruolo == "promotore"]
    text = render(env, "rete.md.j2", here=page_map.NETWORK_PAGE, view=view,
                  obiettivi=_voci(view, "obiettivi"),
                  strumenti=_voci(view, "strumenti"), pratiche_per_strumento=per_strumento,
                  promotori=promotori, tappe=tappe.tappe(view), nascita=tappe.nascita(view),
                  primo_accordo=tappe.first_agreement(view))
    return write_page(docs, page_map.NETWORK_PAGE, text)


def _ruoli(c: Comune) -> str:
    labels = sorted({ruolo_label(r) for r in c.relazioni})
    return "; ".join(labels) if labels else "non disponibile"


def comuni(view: SiteView, env: Environment, docs: Path) -> list[str]:
    punti = [mappa.Punto(e.model.slug, e.model.nome, e.model.coordinate.lat,
                         e.model.coordinate.lon)
             for e in view.comuni_rete if e.model.coordinate is not None]
    written = [write_page(docs, page_map.COMUNI_INDEX, render(
        env, "comuni.md.j2", here=page_map.COMUNI_INDEX, view=view, righe=view.comuni_rete,
        esterni=[e for e in view.comuni
                 if is_external_reference(e.model) and not is_cited_member(e.model)],
        senza_ruolo=[e for e in view.comuni if not e.model.relazioni],
        ruoli={e.model.slug: _ruoli(e.model) for e in view.comuni}, mappa=mappa.svg(punti)))]
    accordi = view.accordi_by_slug
    for e in view.comuni:
        here, text = comune_page(view, env, e, accordi)
        written.append(write_page(docs, here, text))
    return written


def comune_page(view: SiteView, env: Environment, e: Entry[Comune],
                accordi: dict[str, Entry[Any]]) -> tuple[str, str]:
    """One comune's page (path, Markdown): the full build and `rete serve`'s page by page."""
    here = _page("comune", e.model.slug)

    def calc_url(schema: SchemaTariffario | None, comune: Comune = e.model,
                 here: str = here) -> str | None:
        """The calculator preset for a scheme it can compute, else no link; for None,
        the comune preset (an example scheme beside the comune's documented fees)."""
        calculator_page = page_map.relative_url(here, page_map.CALCULATOR_PAGE)
        if schema is None:
            ready = view.corpus.scale and calculator.has_examples(view.corpus.schemes)
            return f"{calculator_page}#comune={comune.slug}" if ready else None
        offer = calculator.scheme_id(comune, schema) if view.corpus.scale else None
        return f"{calculator_page}#schema={offer}" if offer else None

    return here, render(env, "comune.md.j2", here=here, c=e.model, view=view, accordi=accordi,
                        ruolo=ruolo_label, calc_url=calc_url,
                        pratiche=view.practices_of_comune(e.model.slug),
                        edit_url=view.edit_url(e.rel),
                        join_url=aderire.join_link(here, e.model))


FACETS = (("obiettivi", "Obiettivo"), ("strumenti", "Strumento"), ("comuni", "Comune"),
          ("temi", "Tema"), ("destinatari", "Destinatari"), ("livello", "Livello di evidenza"),
          ("anno", "Anno di avvio"))


def _facet_values(view: SiteView, entry: Entry[Any]) -> dict[str, list[str]]:
    p = entry.model
    start = anno(p.periodo.dal) if p.periodo else None
    return {"obiettivi": list(p.obiettivi), "strumenti": list(p.strumenti),
            "comuni": list(p.comuni), "temi": list(p.temi), "destinatari": list(p.destinatari),
            "livello": [p.livello_evidenza.livello] if p.livello_evidenza else [],
            "anno": [str(start)] if start else []}


def _label(view: SiteView, key: str, value: str) -> str:
    if key in ("obiettivi", "strumenti", "temi", "destinatari"):
        label = view.voce(key, value)
        return f"{value}. {label}" if key == "obiettivi" else label
    if key == "comuni":
        return view.comuni_by_slug[value].model.nome
    if key == "livello":
        return LIVELLI[value]
    return value


def catalogue_index(view: SiteView) -> dict[str, Any]:
    """The JSON the catalogue's filters read: each practice with its facet values."""
    return {"facets": [{"key": k, "label": label} for k, label in FACETS],
            "pratiche": [{"slug": e.model.slug, "titolo": e.model.titolo,
                          **_facet_values(view, e)} for e in view.pratiche]}


def pratiche(view: SiteView, env: Environment, docs: Path, bodies: BodyRenderer,
             pages: list[Entry[Pratica]] | None = None) -> list[str]:
    """The catalogue (index page and its JSON) and the pages of `pages` (default: all)."""
    counts: dict[str, Counter[str]] = {k: Counter() for k, _ in FACETS}
    for e in view.pratiche:
        for key, values in _facet_values(view, e).items():
            counts[key].update(values)
    facets = []
    for key, label in FACETS:
        ordered = sorted(counts[key], key=lambda v: (_label(view, key, v).casefold(), v))
        if key == "obiettivi":
            ordered = sorted(counts[key], key=lambda v: (len(v), v))
        facets.append({"key": key, "label": label,
                       "values": [(v, _label(view, key, v), counts[key][v]) for v in ordered]})
    index = json.dumps(catalogue_index(view), ensure_ascii=False, sort_keys=True,
                       separators=(",", ":"))  # the browser reads it: no spaces
    here = page_map.PRATICHE_INDEX
    written = [write_page(docs, here, render(env, "pratiche.md.j2", here=here, view=view,
                                             facets=facets, livelli=LIVELLI)),
               write_page(docs, page_map.CATALOGUE_INDEX, index + "\n")]
    return written + pratica_pages(view, env, docs, bodies,
                                   view.pratiche if pages is None else pages)


def pratica_pages(view: SiteView, env: Environment, docs: Path, bodies: BodyRenderer,
                  entries: Iterable[Entry[Pratica]]) -> list[str]:
    written = []
    for e in entries:
        here, text = pratica_page(view, env, bodies, e)
        written.append(write_page(docs, here, text))
    return written


def pratica_page(view: SiteView, env: Environment, bodies: BodyRenderer,
                 e: Entry[Pratica]) -> tuple[str, str]:
    """One practice's page (path, Markdown): the full build and `rete serve`'s page by page."""
    here = _page("pratica", e.model.slug)
    return here, render(env, "pratica.md.j2", here=here, p=e.model,
                        body=bodies.block(e.body, here), view=view, livelli=LIVELLI,
                        edit_url=view.edit_url(e.rel))


def pagine(view: SiteView, env: Environment, docs: Path, bodies: BodyRenderer) -> list[str]:
    written = []
    for slug, e in sorted(view.pagine.items()):
        if slug == HOME_INTRO:
            continue
        here = _page("pagina", slug)
        extra = statements.section(env, slug, view.settings, here, frozenset(view.pagine))
        text = render(env, "pagina.md.j2", here=here, p=e.model,
                      body=bodies.block(e.body, here) + extra, edit_url=view.edit_url(e.rel))
        written.append(write_page(docs, here, text))
    return written


def dati(view: SiteView, env: Environment, docs: Path) -> list[str]:
    files = opendata.files(view)
    for rel, text in files.items():
        write_page(docs, f"dati/{rel}", text)
    text = render(env, "dati.md.j2", here=page_map.OPEN_DATA_PAGE,
                  files=opendata.published(files), licenza=opendata.LICENZA,
                  editore=view.settings.publisher, senza_coordinate=opendata.unlocated(view))
    words = render(env, "dizionario.md.j2", here=dizionario.PAGE,
                   sheets=dizionario.sheets(view))
    return [write_page(docs, page_map.OPEN_DATA_PAGE, text),
            write_page(docs, dizionario.PAGE, words)]


def _page(type_name: str, slug: str) -> str:
    page = page_map.page_of(type_name, slug)
    assert page is not None and "#" not in page, type_name
    return page


def _second_share(view: SiteView, env: Environment, docs: Path, site_url: str,
                  practices: Iterable[Entry[Pratica]]) -> Written:
    """The pages `write_all` leaves to a second process: the comuni, the open data, the
    Rete's terms, the join page and the feed, then practices' pages as `write_all` does."""
    out = Written()
    out.other += termini.write(view, env, docs)
    out.comuni += comuni(view, env, docs)
    out.other += dati(view, env, docs)
    out.other += aderire.write(view, env, docs)
    out.other.append(write_page(docs, page_map.FEED, feed.atom(view, site_url)))
    out.pratiche += pratica_pages(view, env, docs, BodyRenderer(view.corpus.root), practices)
    return out


def write_all(view: SiteView, env: Environment, docs: Path, site_url: str, *,
              processes: int = 1) -> Written:
    """Every generated page; with `processes` 2, a forked process writes part of them.

    Each process first writes pages of its own, then practices' pages (whose bodies are
    rendered: most of the work at scale) taken one by one from a list they share, so that
    both finish together (a fixed share of the practices left one 3 s behind at size M)."""
    bodies = BodyRenderer(view.corpus.root)
    out = Written()
    practices = forked.Shared(view.pratiche)
    child = (forked.start(functools.partial(_second_share, view, env, docs, site_url,
                                            practices))
             if processes > 1 else None)
    try:
        out.other += [home(view, env, docs, bodies), rete(view, env, docs)]
        out.pratiche += pratiche(view, env, docs, bodies, [])  # the catalogue
        out.other += pagine(view, env, docs, bodies)
        out.other += calculator.write(view, env, docs)
        out.other += scuola.write(view, env, docs)
        out.pratiche += pratica_pages(view, env, docs, bodies, practices)
    except BaseException:
        if child is not None:
            with contextlib.suppress(forked.ChildFailed):
                forked.join(child)
        raise
    second = (forked.join(child) if child is not None
              else _second_share(view, env, docs, site_url, practices))
    out.comuni += second.comuni
    out.pratiche += second.pratiche
    out.other += second.other
    counts = Counter(out.comuni + out.pratiche + out.other)
    twice = sorted(path for path, n in counts.items() if n > 1)
    if twice:  # the validator refuses such slugs; never let one page replace another
        raise PageCollision("due pagine generate nello stesso file: " + ", ".join(twice))
    return out
