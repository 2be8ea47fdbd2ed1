"""The site search: what MkDocs' search index lacks for Italian visitors, added after the build.

Material indexes each page section's title and text with lunr, in one file its search worker
downloads whole on first use. Here, after MkDocs:

- Records leave that file (`search_records`; `mkdocs_hooks` keeps Material's plugin from
  parsing their pages): comuni, practices and modules are found through
  a prefix index of their titles, places, tags and (at a lower weight) the words of their
  summary and body, in shards a query downloads when it needs them, so what one search
  downloads does not grow with the whole index. Material's
  full-text index keeps the prose pages, each section's text cut at `PROSE_TEXT` characters
  (the listing pages grow with the records; the records they list are found by the shards).
- Whitespace between block elements (`space_blocks`, an MkDocs hook, see `mkdocs_hooks`):
  the indexer joins `<dt>Anni</dt><dd>2024/25</dd>` into "Anni2024/25".
- Accents folded both ways: every accented word of a section is also indexed without its
  accents (`chiavi` for titles, `varianti` for text, two fields declared in mkdocs.yml),
  and `assets/cerca.js` adds the folded form of each word the visitor types. So "Muggio"
  finds Muggiò, and "città" finds a page that wrote "citta".
- Synonyms kept as data (`search_synonyms`): a section that uses one word of a group of
  `equivalenti` is also found by the others; a `rimando` leads its words to one page.
  Words from titles and rimandi go into `chiavi`, boosted as titles are; in the records'
  index they count as title words. So a record whose title matches ranks above pages that
  mention the word in passing.

Only index documents change; the page text shown in results stays as written.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rete.core.diagnostics import Diagnostic
from rete.records.page_map import course_of, module_page, page_of, url_of
from rete.web.render import numero_it
from rete.web.search_records import Postings, Scheda, postings, write_records
from rete.web.search_synonyms import SYNONYMS_FILE, Sinonimi, page_position
from rete.web.search_text import extra_words, fold, space_blocks, words
from rete.web.view import SiteView

__all__ = ["enrich", "enrich_document", "finish_index", "fold", "record_postings",
           "record_schede", "space_blocks"]

INDEX_FILE = "search/search_index.json"
TITLE_FIELD = "chiavi"
TEXT_FIELD = "varianti"
PROSE_TEXT = 6_000
_PARTIAL_END = re.compile(r"<[^>]*$|&#?\w*$")
_MARKDOWN_TARGETS = re.compile(r"\]\([^)]*\)|\[\^[^\]]*\]")
"""Link targets and footnote marks of a Markdown body: not words a visitor would type."""


def _text(summary: str, body: str) -> str:
    """A record's summary and body as the records' index takes their words."""
    return f"{summary}\n{_MARKDOWN_TARGETS.sub(' ', body)}"


def enrich_document(doc: dict[str, Any], separator: re.Pattern[str],
                    groups: list[list[list[str]]], pointers: Iterable[str]) -> None:
    """Add the `chiavi` and `varianti` fields to one index document (in place)."""
    title = words(str(doc.get("title", "")), separator)
    text = words(str(doc.get("text", "")), separator)
    keys = extra_words(title, groups) | {fold(w) for p in pointers for w in words(p, separator)}
    variants = extra_words(text, groups) - keys
    if keys:
        doc[TITLE_FIELD] = " ".join(sorted(keys))
    if variants:
        doc[TEXT_FIELD] = " ".join(sorted(variants))


def synonym_groups(synonyms: Sinonimi, separator: re.Pattern[str]) -> list[list[list[str]]]:
    """The `equivalenti`, each term cut into folded words."""
    return [[[fold(w) for w in words(term, separator)] for term in group]
            for group in synonyms.equivalenti]


def enrich(index: dict[str, Any], synonyms: Sinonimi,
           other_pages: Iterable[str] = ()) -> list[int]:
    """Enrich every document of a Material search index; the rimandi whose page is missing
    (neither in the index nor among `other_pages`, the records' pages)."""
    separator = re.compile(index["config"]["separator"])
    groups = synonym_groups(synonyms, separator)
    by_page: dict[str, list[str]] = {}
    for r in synonyms.rimandi:
        by_page.setdefault(r.pagina, []).extend(r.parole)
    pages = set(other_pages)
    for doc in index["docs"]:
        location = str(doc["location"])
        pages.add(location.split("#")[0])
        pointers = by_page.get(location, []) if "#" not in location else []
        enrich_document(doc, separator, groups, pointers)
    return [i for i, r in enumerate(synonyms.rimandi) if r.pagina not in pages]


def _cut(text: str) -> str:
    """A section's text (HTML) cut at PROSE_TEXT characters, without a broken tag at the end."""
    return text if len(text) <= PROSE_TEXT else _PARTIAL_END.sub("", text[:PROSE_TEXT])


def record_schede(view: SiteView, site: Path) -> list[Scheda]:
    """The records search finds by their words: comuni, practices, and the modules whose page
    the Scuola wrote into `site`. In id order: by type, then as their index pages sort them.
    Snippets come from the records, not the pages, which Material no longer indexes."""
    return _site_records(view) + _modules(view, site)


def record_postings(view: SiteView, synonyms: Sinonimi, separator: str) -> Postings:
    """The words of the comuni and practices, the first records of the index: they do not
    depend on the built site, so `rete build` finds them in a second process while MkDocs
    finishes (`finish_index` adds the modules' and writes the index)."""
    pattern = re.compile(separator)
    schede = _with_pointers(_site_records(view), synonyms)
    return postings(schede, pattern, synonym_groups(synonyms, pattern))


def _site_records(view: SiteView) -> list[Scheda]:
    out: list[Scheda] = []
    for c in view.comuni:
        m = c.model
        loc = url_of(page_of("comune", m.slug) or "")
        people = (f" Popolazione {numero_it(m.popolazione.valore)} abitanti "
                  f"({m.popolazione.anno})" if m.popolazione else "")
        out.append(Scheda(loc, m.nome, f"Provincia {m.provincia} Codice ISTAT "
                          f"{m.codice_istat}{people}", places=(m.provincia, m.codice_istat),
                          tags=tuple(s.nome for s in m.servizi), text=_text("", c.body)))
    for p in view.pratiche:
        q = p.model
        loc = url_of(page_of("pratica", q.slug) or "")
        places = tuple(view.comuni_by_slug[s].model.nome for s in q.comuni
                       if s in view.comuni_by_slug)
        tags = tuple(view.voce(key, term) for key in ("obiettivi", "strumenti", "temi",
                                                      "destinatari")
                     for term in getattr(q, key))
        out.append(Scheda(loc, q.titolo, q.sintesi, places=places, tags=tags,
                          text=_text(q.sintesi, p.body)))
    return out


def _modules(view: SiteView, site: Path) -> list[Scheda]:
    out: list[Scheda] = []
    courses = {c.model.slug: c.model for c in view.corsi}
    for mod in view.moduli:
        course = course_of(mod.rel)
        loc = module_page(course, mod.model.slug) if course else ""
        if not course or not (site / loc).is_file():
            continue
        title = courses[course].titolo if course in courses else ""
        out.append(Scheda(loc, mod.model.titolo, mod.model.sintesi, places=(title,),
                          tags=tuple(view.voce("destinatari", d)
                                     for d in mod.model.destinatari),
                          text=_text(mod.model.sintesi, mod.body)))
    return out


def _with_pointers(schede: list[Scheda], synonyms: Sinonimi) -> list[Scheda]:
    by_page: dict[str, list[str]] = {}
    for r in synonyms.rimandi:
        by_page.setdefault(r.pagina, []).extend(r.parole)
    return [Scheda(s.location, s.title, s.snippet, s.places, s.tags,
                   tuple(by_page.get(s.location, ())), s.text) if s.location in by_page else s
            for s in schede]


def finish_index(root: Path, site: Path, synonyms: Sinonimi,
                 view: SiteView | None = None, start: Postings | None = None,
                 ) -> list[Diagnostic]:
    """Rewrite the built site's search index, enriched, and with `view` move its records to
    the records' index (`search_records`); warn of rimandi to missing pages. `start` is
    `record_postings` of the same view and synonyms, if found beforehand."""
    path = site / INDEX_FILE
    if not path.is_file():
        return []
    index = json.loads(path.read_text(encoding="utf-8"))
    record_pages: set[str] = set()
    if view is not None:
        schede = _with_pointers(record_schede(view, site), synonyms)
        record_pages = {s.location for s in schede}
        # left out by mkdocs_hooks already; a page built without the hook would still go
        index["docs"] = [d for d in index["docs"]
                         if str(d["location"]).split("#")[0] not in record_pages]
        for doc in index["docs"]:
            doc["text"] = _cut(str(doc.get("text", "")))
        separator = re.compile(index["config"]["separator"])
        if start is not None and start.count != len(view.comuni) + len(view.pratiche):
            start = None  # not this view's: everything is found again here
        write_records(site, schede, separator, synonym_groups(synonyms, separator), start)
    missing = enrich(index, synonyms, record_pages)
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")),
                    encoding="utf-8")
    out = []
    for i in missing:
        line, col = page_position(root, i)
        out.append(Diagnostic(SYNONYMS_FILE, line, col, f"rimandi[{i + 1}].pagina", "avviso",
                              f"il sito non ha la pagina «{synonyms.rimandi[i].pagina}»: "
                              "le sue parole non portano a nessuna pagina"))
    return out
