"""Checks that need more than one record: references, duplicates, draft targets.

Each problem is reported on the record that holds the wrong value, so the message points at
the line an editor has to change.
"""

from __future__ import annotations

from rete.core.diagnostics import Diagnostic
from rete.records import page_map
from rete.records.corpus import Corpus, Summary
from rete.records.record_types import BY_NAME, COURSE_FILE
from rete.records.references import Ref

_AMONG = {"obiettivi": "tra gli obiettivi", "strumenti": "tra gli strumenti",
          "temi": "tra i temi", "destinatari": "tra i destinatari"}


def record_file(type_name: str, slug: str) -> str:
    """Where the record of `slug` lives, as a message names it."""
    rtype = BY_NAME[type_name]
    if type_name == "corso":
        return f"{rtype.folder}/{slug}/{COURSE_FILE}"
    if type_name == "modulo":
        return f"{rtype.folder}/<corso>/{slug}{rtype.suffix}"
    return f"{rtype.folder}/{slug}{rtype.suffix}"


def _check_courses(corpus: Corpus) -> None:
    """Every published module in a course; prerequisites without cycles."""
    modules = corpus.summaries.get("modulo", {})
    listed = {ref.slug for course in corpus.summaries.get("corso", {}).values()
              for ref in course.refs}
    for slug, module in sorted(modules.items()):
        if slug not in listed and module.stato != "bozza":
            corpus.report(module, ("slug",), f"il modulo '{slug}' non è in nessun corso: "
                                             "aggiungilo ai 'moduli' del corso.yml della sua "
                                             "cartella")
    graph = {slug: [r for r in m.refs if r.path[0] == "prerequisiti"]
             for slug, m in modules.items()}
    reported: set[frozenset[str]] = set()
    for start in sorted(graph):
        cycle = _cycle_from(start, graph)
        if cycle and frozenset(cycle) not in reported:
            reported.add(frozenset(cycle))
            first = next(r for r in graph[start] if r.slug == cycle[1 % len(cycle)])
            corpus.report(modules[start], first.path,
                          "i prerequisiti formano un ciclo (" + " → ".join([*cycle, start])
                          + "): nessuno dei moduli potrebbe essere seguito per primo")


def _cycle_from(start: str, graph: dict[str, list[Ref]]) -> list[str] | None:
    """The modules of a prerequisite cycle through `start`, from `start`, or None."""
    stack: list[tuple[str, list[str]]] = [(start, [start])]
    seen: set[str] = set()
    while stack:
        node, path = stack.pop()
        for ref in graph.get(node, []):
            if ref.slug == start:
                return path
            if ref.slug not in seen and ref.slug in graph:
                seen.add(ref.slug)
                stack.append((ref.slug, [*path, ref.slug]))
    return None


def _check_istat_unique(corpus: Corpus) -> None:
    seen: dict[str, str] = {}
    for summary in corpus.summaries.get("comune", {}).values():
        code = summary.istat
        if code is None:
            continue
        if code in seen:
            corpus.report(summary, ("codice_istat",), f"il codice ISTAT {code} è già usato da "
                                                      f"{seen[code]}: un comune, una scheda")
        else:
            seen[code] = summary.rel


def _check_refs(corpus: Corpus, summary: Summary) -> None:
    for ref in summary.refs:
        target = corpus.summaries.get(ref.type_name, {}).get(ref.slug)
        file = record_file(ref.type_name, ref.slug)
        if target is None and ref.slug in corpus.present.get(ref.type_name, set()):
            continue  # the file exists but has errors of its own, reported there
        if target is None:
            corpus.report(summary, ref.path,
                          f"{ref.what} '{ref.slug}' non ha una scheda: manca {file}")
        elif target.stato == "bozza" and summary.stato != "bozza":
            corpus.report(summary, ref.path, f"la scheda {file} è ancora in bozza e non sarà "
                                             "pubblicata: non può essere citata qui")


def _check_terms(corpus: Corpus, summary: Summary) -> None:
    vocabularies = corpus.summaries.get("vocabolario", {})
    for term in summary.terms:
        vocabulary = vocabularies.get(term.vocabulary)
        if vocabulary is None and term.vocabulary in corpus.present.get("vocabolario", set()):
            continue  # the vocabulary file has errors of its own
        if vocabulary is None:
            corpus.report(summary, term.path,
                          f"manca il vocabolario content/vocabolari/{term.vocabulary}.yml")
        elif term.term not in vocabulary.voci:
            choices = ", ".join(sorted(vocabulary.voci))
            corpus.report(summary, term.path,
                          f"'{term.term}' non è {_AMONG[term.vocabulary]} previsti ({choices}); "
                          "per aggiungere una voce modifica "
                          f"content/vocabolari/{term.vocabulary}.yml")


def _page_of(summary: Summary) -> str:
    """Where a record with a Markdown body lands in the site (docs path): the page map's."""
    page = page_map.page_of(summary.type_name, summary.slug)
    assert page is not None, summary.type_name  # only practices and pages have bodies
    return page


def _check_collisions(corpus: Corpus, summary: Summary) -> None:
    """A slug that would put the record's page where the site already has one."""
    problem = page_map.collision(summary.type_name, summary.slug)
    if problem:
        corpus.report(summary, ("slug",), problem)


def _check_links(corpus: Corpus, pages: set[str], summary: Summary) -> None:
    if not summary.links or summary.type_name not in ("pratica", "pagina"):
        return
    page = _page_of(summary)
    for line, col, target in summary.links:
        resolved = page_map.resolve(page, target)
        if not resolved.endswith(".md") or resolved in pages:
            continue
        corpus.diagnostics.append(Diagnostic(
            summary.rel, line, col, "testo", "errore",
            f"il collegamento \"{target}\" non porta a nessuna pagina del sito "
            "(es. ../comuni/seveso.md per un comune, ../pratiche/gaf.md per una pratica)"))


def _published_pages(corpus: Corpus) -> set[str]:
    pages = set(page_map.FIXED_PAGES)
    for type_name in ("comune", "pratica", "pagina"):
        for summary in corpus.summaries.get(type_name, {}).values():
            if summary.stato != "bozza":
                pages.add(_page_of(summary))
    return pages


def check(corpus: Corpus) -> None:
    _check_istat_unique(corpus)
    _check_courses(corpus)
    pages = _published_pages(corpus)
    for by_slug in corpus.summaries.values():
        for summary in by_slug.values():
            _check_refs(corpus, summary)
            _check_terms(corpus, summary)
            _check_links(corpus, pages, summary)
            _check_collisions(corpus, summary)
