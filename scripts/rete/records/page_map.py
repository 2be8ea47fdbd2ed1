"""Where every generated page lands, and the addresses no record may take.

The generator (`rete.web.pages`) writes each record's page at the path given here, and the
cross-record checks resolve body links and refuse colliding slugs with the same map: a record
can never replace the home page, an index, or a file MkDocs or the Scuola writes, because the
two sides cannot disagree on where a page goes. Paths are MkDocs "docs" paths
(`comuni/seveso.md`); `url_of` gives the address the built site serves (`comuni/seveso/`).
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import quote

HOME = "home"  # content/pagine/home.md opens the home page instead of being a page of its own

# Pages and files the generator writes beside the records' pages (docs paths).
HOME_PAGE = "index.md"
NETWORK_PAGE = "rete/index.md"
COMUNI_INDEX = "comuni/index.md"
PRATICHE_INDEX = "pratiche/index.md"
CATALOGUE_INDEX = "pratiche/indice.json"
CALCULATOR_PAGE = "calcolatore/index.md"
CALCULATOR_PARAMETERS = "calcolatore/parametri.json"
SCHOOL_PAGE = "scuola/index.md"
SCHOOL_CALENDAR = "scuola/edizioni.ics"
OPEN_DATA_PAGE = "dati/index.md"
JOIN_PAGE = "aderire/index.md"  # "Aderire alla Rete": how a comune joins
FEED = "feed.xml"
ASSETS = "assets/rete"

FIXED_PAGES = frozenset({HOME_PAGE, NETWORK_PAGE, COMUNI_INDEX, PRATICHE_INDEX,
                         CALCULATOR_PAGE, SCHOOL_PAGE, OPEN_DATA_PAGE, JOIN_PAGE})
"""Pages the site always has, whatever the records: the targets of links to indexes."""

RECORD_FOLDERS = {"comune": "comuni", "pratica": "pratiche"}

RESERVED: dict[str, str] = {
    "index": "la pagina iniziale del sito",
    "comuni": "l'elenco dei comuni (comuni/)",
    "pratiche": "il catalogo delle buone pratiche (pratiche/)",
    "rete": "la pagina La Rete (rete/)",
    "dati": "i dati aperti (dati/)",
    "aderire": "la pagina «Aderire alla Rete» (aderire/)",
    "calcolatore": "il calcolatore (calcolatore/)",
    "scuola": "la Scuola di formazione (scuola/)",
    "feed": "il feed delle buone pratiche (feed.xml)",
    "sitemap": "la mappa del sito per i motori di ricerca (sitemap.xml)",
    "search": "l'indice della ricerca (search/)",
    "assets": "gli stili e gli script del sito (assets/)",
    "404": "la pagina «non trovata» (404.html)",
}
"""Top-level addresses of the site that a page (content/pagine/<slug>.md) may not take:
the sections the generator writes (see `FIXED_PAGES`, mkdocs.yml `nav`) and what MkDocs and
Material write into the site (search index, theme assets, 404 page, sitemap) or the feed."""

FOLDER_INDEX = "index"
"""comuni/index and pratiche/index are the indexes; a comune or practice slug may not be it."""

SCHOOL_RESERVED: dict[str, str] = {"vendor": "gli script dei quaderni (scuola/vendor/)"}
"""Course folders under scuola/ that the Scuola's book already writes."""

MODULE_RESERVED: dict[str, str] = {"index": "la pagina iniziale del corso"}
"""Module pages the book never copies (its own index.html stays the site's catalogue)."""

TERM_FOLDERS = {"obiettivo": "rete/obiettivi", "strumento": "rete/strumenti"}
"""Each objective and each instrument of the Rete (the `obiettivi` and `strumenti`
vocabularies) has a page, rete/obiettivi/<id>.md: inside rete/, so no record slug reaches it."""

NETWORK_ANCHORS = frozenset({"obiettivi", "strumenti", "promotori", "tappe", "accordi"})
"""Section anchors of rete/index.md: an agreement is shown there at #<slug>."""
TOOL_ANCHOR = "strumento-"  # rete/index.md#strumento-<id>, one per tool of the vocabulary


def page_of(type_name: str, slug: str, course: str | None = None) -> str | None:
    """The docs path of a record's page (with #anchor for a section), or None if it has none.

    The `home` page is the opening of index.md; an agreement is a section of the network page;
    a module is a page of the Scuola's book (scuola/<corso>/<modulo>.html, not a docs page).
    """
    if type_name in RECORD_FOLDERS:
        return f"{RECORD_FOLDERS[type_name]}/{slug}.md"
    if type_name in TERM_FOLDERS:
        return f"{TERM_FOLDERS[type_name]}/{slug}.md"
    if type_name == "pagina":
        return HOME_PAGE if slug == HOME else f"{slug}.md"
    if type_name == "accordo":
        return f"{NETWORK_PAGE}#{slug}"
    if type_name == "corso":
        return f"{SCHOOL_PAGE}#{slug}"
    if type_name == "modulo" and course is not None:
        return module_page(course, slug)
    return None


def module_page(course: str, module: str) -> str:
    """The Scuola's page of a module, as a path of the built site."""
    return f"scuola/{course}/{module}.html"


def course_of(rel: str) -> str | None:
    """The course folder of a module file (courses/<corso>/<modulo>.yml)."""
    parts = rel.split("/")
    return parts[1] if len(parts) == 3 and parts[0] == "courses" else None


def collision(type_name: str, slug: str) -> str | None:
    """Why a record's slug would give its page an address the site already uses, or None."""
    taken: str | None = None
    where = ""
    if type_name == "pagina":
        taken = RESERVED.get(slug)
        where = f"{slug}/"
    elif type_name in RECORD_FOLDERS:
        folder = RECORD_FOLDERS[type_name]
        taken = f"l'indice della cartella {folder}/" if slug == FOLDER_INDEX else None
        where = f"{folder}/{slug}/"
    elif type_name == "corso":
        taken = SCHOOL_RESERVED.get(slug)
        where = f"scuola/{slug}/"
    elif type_name == "modulo":
        taken = MODULE_RESERVED.get(slug)
        where = f"scuola/<corso>/{slug}.html"
    elif type_name == "accordo":
        if slug in NETWORK_ANCHORS or slug.startswith(TOOL_ANCHOR):
            taken = "una sezione della pagina La Rete"
        where = f"rete/#{slug}"
    if taken is None:
        return None
    return (f"lo slug «{slug}» darebbe a questa scheda l'indirizzo {where}, già usato per "
            f"{taken}: scegli un altro slug (e rinomina il file)")


def url_of(docs_path: str) -> str:
    """The address the site serves a docs path at: comuni/seveso.md → comuni/seveso/,
    rete/index.md → rete/, index.md → "" (the site root); other files keep their name."""
    path, _, anchor = docs_path.partition("#")
    if path.endswith(".md"):
        stem = path[:-3]
        path = stem[:-5] if stem == "index" or stem.endswith("/index") else stem + "/"
    return f"{path}#{anchor}" if anchor else path


def resolve(page: str, target: str) -> str:
    """A relative link written in `page` as a docs path: MkDocs resolves links from the
    Markdown file's folder; `comuni/seveso/` (a page's address) means comuni/seveso.md."""
    path = target.split("#", 1)[0].split("?", 1)[0]
    base = "" if path.startswith("/") else posixpath.dirname(page)
    parts: list[str] = []
    for part in f"{base}/{path}".split("/"):
        if part == "..":
            if parts:
                parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    joined = "/".join(parts)
    if path.endswith("/") or not path:
        folder_index = f"{joined}/index.md" if joined else HOME_PAGE
        return folder_index if folder_index in FIXED_PAGES else f"{joined}.md"
    return joined


_PLAIN_PATH = re.compile(r"[A-Za-z0-9/._~-]*")
"""A path `quote` leaves as it is."""


def relative_path(path: str, start: str) -> str:
    """`posixpath.relpath` of two relative paths, without its two calls to `os.getcwd()`
    (a system call each): generated pages link to each other tens of thousands of times.
    A path that climbs (`..`) or is absolute goes to `posixpath.relpath`, whose answer
    depends on the working folder."""
    if path.startswith("/") or start.startswith("/") or ".." in path or ".." in start:
        return posixpath.relpath(path, start)
    to = [part for part in path.split("/") if part and part != "."]
    origin = [part for part in start.split("/") if part and part != "."]
    common = 0
    for a, b in zip(to, origin, strict=False):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(origin) - common) + to[common:]) or "."


def relative_url(page: str, target: str) -> str:
    """The address of docs path `target` (optionally #anchor) relative to the address of
    docs path `page`, percent-encoded so that it can never read as a scheme or leave an
    HTML attribute: what a body link to another page becomes in the built site."""
    path, _, anchor = target.partition("#")
    here = url_of(page)
    there = url_of(path)
    start = here if here.endswith("/") or not here else posixpath.dirname(here) + "/"
    if path == page:
        rel = ""
    else:
        rel = relative_path(there or ".", start.rstrip("/") or ".")
        if rel == ".":
            rel = "./"
        elif not there or there.endswith("/"):
            rel += "/"
    if not _PLAIN_PATH.fullmatch(rel):  # slugs are: nothing to encode
        rel = "/".join(quote(part, safe="-._~!$&*+,;=@%") for part in rel.split("/"))
    fragment = quote(anchor, safe="-._~!$&*+,;=@:/?%") if anchor else ""
    if not rel and not fragment:
        return "./"
    return rel + (f"#{fragment}" if fragment else "")
