"""Hostile records and a detector of live script in built pages (tests/test_hostile_*.py).

`records_for` writes one record of every type with a given text in every text field, a given
URL in every URL field and a given Markdown body; `LiveScript` reads a built page as a browser
would start to (html.parser) and names every way it could run code: a script element that is
not the theme's, an on* attribute, a script URL in a link or source attribute, CSS that loads
or computes, frames, objects, forms, base and refresh. The theme's own scripts are learnt from
a build of the valid fixture project, so nothing a record adds can pass for one of them.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from hostile_vectors import URL_VECTORS, VECTORS
from rete.core.diagnostics import Diagnostic
from rete.core.fields import url_problem
from rete.core.istat import comuni_istat
from rete.records import markdown_safety
from rete.records.validate import validate
from rete.web.build import build
from support import TODAY, VALID, make_buildable

SAFE_URL = "https://example.org/fonte"
USED_CODES = {"108040", "108034", "108008", "108033"}  # fixture comuni and their neighbours

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "data",
                  "background", "cite", "srcset", "ping", "codebase", "to", "from", "values",
                  "by", "lowsrc", "dynsrc", "longdesc", "usemap", "manifest", "icon"}
FORBIDDEN_ELEMENTS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base",
                      "math", "foreignobject", "animate", "set", "handler", "listener",
                      "template", "portal", "style"}
THEME_FORMS = {"md-header__option", "md-search__form", "rete-filtri", "rete-calc__modulo"}
_SCRIPT_SCHEME = re.compile(r"(?:java|vb|live)script:|data:|mocha:", re.IGNORECASE)
_IGNORED = re.compile(r"[\x00-\x20\x7f]")
_PREFIX = re.compile(r"^(?:\.\.?/)+")
_BASE = re.compile(r'"(?:\.\.?/)*\.\.?"')


class LiveScript(HTMLParser):
    """Every way a page could run code that is not the theme's, as readable findings."""

    def __init__(self, theme_scripts: frozenset[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.theme_scripts = theme_scripts
        self.findings: list[str] = []
        self._script: list[str] | None = None
        self._script_attrs: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            plain = _IGNORED.sub("", value)
            if name.startswith("on"):
                self.findings.append(f"<{tag} {name}=…>")
            elif name in URL_ATTRIBUTES and _SCRIPT_SCHEME.match(plain):
                self.findings.append(f"<{tag} {name}={value[:40]!r}>")
            elif name == "style" and re.search(r"url\(|expression|javascript|@import", plain,
                                               re.IGNORECASE):
                self.findings.append(f"<{tag} style={value[:40]!r}>")
        if tag in FORBIDDEN_ELEMENTS:
            self.findings.append(f"<{tag}>")
        elif tag == "meta" and "http-equiv" in values:
            self.findings.append(f"<meta http-equiv={values['http-equiv']!r}>")
        elif tag == "link" and "import" in values.get("rel", "").lower():
            self.findings.append(f"<link rel={values.get('rel')!r}>")
        elif tag == "form" and not set(values.get("class", "").split()) & THEME_FORMS:
            self.findings.append(f"<form {values}>")
        elif tag == "script":
            self._script, self._script_attrs = [], values

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self.handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            signature = script_signature(self._script_attrs, "".join(self._script))
            if signature not in self.theme_scripts:
                self.findings.append(f"<script> {signature[:80]!r}")
            self._script = None


def script_signature(attrs: dict[str, str], text: str) -> str:
    """What identifies a theme script on any page: its source or its code, prefixes dropped."""
    if "src" in attrs:
        return "src:" + _PREFIX.sub("", attrs["src"])
    return "inline:" + _BASE.sub('""', text.strip())


class _Scripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: set[str] = set()
        self._open: tuple[dict[str, str], list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self._open = ({n: v or "" for n, v in attrs}, [])

    def handle_data(self, data: str) -> None:
        if self._open:
            self._open[1].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._open:
            self.found.add(script_signature(self._open[0], "".join(self._open[1])))
            self._open = None


def theme_scripts(site: Path) -> frozenset[str]:
    """The scripts a site built from valid records has (theme, search, our assets)."""
    found: set[str] = set()
    for page in site.rglob("*.html"):
        parser = _Scripts()
        parser.feed(page.read_text(encoding="utf-8"))
        found |= parser.found
    return frozenset(found)


def live_script(site: Path, theme: frozenset[str]) -> dict[str, list[str]]:
    """Findings per built file: every page, the search index and the calculator's data."""
    out: dict[str, list[str]] = {}
    for page in sorted(site.rglob("*.html")):
        parser = LiveScript(theme)
        parser.feed(page.read_text(encoding="utf-8"))
        parser.close()
        if parser.findings:
            out[page.relative_to(site).as_posix()] = parser.findings
    index = site / "search" / "search_index.json"
    for doc in json.loads(index.read_text(encoding="utf-8"))["docs"] if index.is_file() else ():
        parser = LiveScript(theme)
        parser.feed(f"<div>{doc.get('title', '')}</div><div>{doc.get('text', '')}</div>")
        if parser.findings:
            out.setdefault(f"search_index.json:{doc.get('location')}", []).extend(
                parser.findings)
    parametri = site / "calcolatore" / "parametri.json"
    if parametri.is_file():
        urls = re.findall(r'"url":\s*"([^"]*)"', parametri.read_text(encoding="utf-8"))
        bad = [u for u in urls if not u.startswith(("https://", "http://", "mailto:", "#"))]
        if bad:
            out["calcolatore/parametri.json"] = bad
    return out


def hostile_codes(count: int) -> list[tuple[str, str, str]]:
    """(ISTAT code, name, province) of `count` real comuni the fixture project does not use."""
    rows = sorted(comuni_istat().values(), key=lambda c: c.codice)
    picked = [(c.codice, c.nome, c.sigla) for c in rows if c.codice not in USED_CODES]
    return picked[:count]


def _front(data: dict[str, Any], body: str) -> str:
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n\n" + body


def _yml(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def records_for(tag: str, text: str, url: str, body: str,
                comune: tuple[str, str, str]) -> dict[str, str]:
    """One record of every type, `text` in every text field, `url` in every URL field.

    Files are keyed by their path in the project; `tag` (ostile-3) makes every slug unique.
    Every record is illustrative, so the sourcing rule does not ask for `campi`.
    """
    fonti = [{"url": url, "titolo": text, "consultato": "2026-11-01", "campi": []}]
    common: dict[str, Any] = {"illustrativo": True, "ultima_verifica": "2026-11-01"}
    code, nome, sigla = comune
    course = f"corso-{tag}"
    notebook = (VALID / "courses/scuola-prova/introduzione.md").read_text(encoding="utf-8")
    return {
        f"good_practices/{tag}.md": _front({
            "slug": tag, "titolo": text, "sintesi": text, "comuni": [f"comune-{tag}"],
            "organizzazioni": [tag], "obiettivi": [5], "strumenti": [tag], "temi": [tag],
            "destinatari": [tag], "periodo": {"dal": 2015},
            "livello_evidenza": {"livello": "emergente", "efficacia": text,
                                 "trasferibilita": text, "durata": text},
            "risultati": [{"descrizione": text, "valore": 3, "unita": text, "anno": 2020}],
            "contatti": [{"organizzazione": tag, "pagina": url}],
            "fonti": fonti, **common}, body),
        f"content/pagine/{tag}.md": _front(
            {"slug": tag, "titolo": text, "descrizione": text, "fonti": fonti, **common}, body),
        f"content/organizzazioni/{tag}.yml": _yml({
            "slug": tag, "nome": text, "sigla": text, "tipo": "associazione",
            "ruolo": "promotore", "descrizione": text, "sito": url, "fonti": fonti, **common}),
        f"content/accordi/{tag}.yml": _yml({
            "slug": tag, "titolo": text, "tipo": text, "data": "2016-12-20", "luogo": text,
            "firmatari": {"comuni": [f"comune-{tag}"], "organizzazioni": [tag]},
            "impegni": [text], "descrizione": text,
            "documenti": [{"titolo": text, "url": url}], "fonti": fonti, **common}),
        f"comuni/comune-{tag}.yml": _yml({
            "slug": f"comune-{tag}", "nome": nome, "codice_istat": code, "provincia": sigla,
            "relazioni": [{"ruolo": "citato_come_membro", "nota": text, "fonte": url}],
            "tavolo_comunale": {"descrizione": text, "fonte": url},
            "assessore_delegato": {"delega": text, "fonte": url}, "sito": url,
            "servizi": [{"servizio": "mensa", "nome": text, "anni": ["2026/27"],
                         "unita": "pasto", "unita_per_anno": 170, "tipo_isee": "minorenni",
                         "metodo": "fasce", "fasce": [{"fino_a": 7000, "tariffa": 2.5},
                                                      {"tariffa": 6.5}],
                         "delibera": text, "illustrativo": True,
                         "fonti": copy.deepcopy(fonti)}],  # no YAML anchor
            "fonti": fonti, **common}),
        f"courses/{course}/corso.yml": _yml({
            "slug": course, "titolo": text, "sintesi": text, "destinatari": [tag],
            "livello": "base", "moduli": [f"modulo-{tag}"],
            "edizioni": [{"titolo": text, "dal": "2027-03-01", "al": "2027-03-29",
                          "modalita": "mista", "luogo": text, "chi_puo_iscriversi": text,
                          "come_iscriversi": text, "url": url, "illustrativa": True}],
            "fonti": fonti, **common}),
        f"courses/{course}/modulo-{tag}.yml": _yml({
            "slug": f"modulo-{tag}", "titolo": text, "sintesi": text, "destinatari": [tag],
            "obiettivi_formativi": [text], "punti_chiave": [text], "minuti_lezione": 20,
            "minuti_esercizi": 10, "fonti": fonti, **common}),
        f"courses/{course}/modulo-{tag}.md": notebook,
    }


def add_terms(root: Path, terms: Iterable[tuple[str, str]], title: str | None = None) -> None:
    """Vocabulary entries (id, text) in every vocabulary the records above cite."""
    entries = list(terms)
    for name in ("strumenti", "temi", "destinatari"):
        path = root / "content" / "vocabolari" / f"{name}.yml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["titolo"] = title or data["titolo"]
        data["voci"] += [{"id": term, "nome": text, "descrizione": text}
                         for term, text in entries]
        path.write_text(_yml(data), encoding="utf-8")


def add_scale_sources(root: Path, sources: Iterable[tuple[str, str]]) -> None:
    """Sources (title, url) of the family scale: the calculator page and its data list them."""
    path = root / "content" / "scale" / "fattore-famiglia.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["fonti"] += [{"url": url, "titolo": title, "consultato": "2026-11-27", "campi": []}
                      for title, url in sources]
    path.write_text(_yml(data), encoding="utf-8")


def write_files(root: Path, files: dict[str, str]) -> None:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")


def fresh_project(where: Path) -> Path:
    root = where / "progetto"
    shutil.copytree(VALID, root)
    return root


def files_of(tag: str) -> set[str]:
    """The files `records_for(tag, …)` writes."""
    return set(records_for(tag, "x", SAFE_URL, "", ("1", "x", "x")))


@dataclass
class Hostile:
    """A project holding every vector in every field, and what `rete check` said of it."""

    root: Path
    text_tags: dict[str, str]  # tag -> vector (bodies and text fields)
    url_tags: dict[str, str]  # tag -> URL vector (URL fields)
    diagnostics: list[Diagnostic]


def hostile_project(where: Path) -> Hostile:
    """The valid fixture project plus one record of every type per vector, the vectors in
    the vocabularies and the family scale's sources, and a home page holding them all."""
    root = fresh_project(where)
    text_tags = {f"ostile-{i}": v for i, v in enumerate(VECTORS, start=1)}
    url_tags = {f"url-ostile-{i}": v for i, v in enumerate(URL_VECTORS, start=1)}
    codes = iter(hostile_codes(len(text_tags) + len(url_tags)))
    for tag, vector in text_tags.items():
        write_files(root, records_for(tag, vector, SAFE_URL, vector, next(codes)))
    for tag, vector in url_tags.items():
        write_files(root, records_for(tag, "Testo di prova", vector, "Testo.", next(codes)))
    add_terms(root, [(tag, vector) for tag, vector in text_tags.items()]
              + [(tag, "Voce di prova") for tag in url_tags], title=VECTORS[0])
    add_scale_sources(root, [(vector, SAFE_URL) for vector in VECTORS]
                      + [("Fonte", url) for url in URL_VECTORS if url_problem(url) is None])
    write_files(root, {"content/pagine/home.md": (
        "---\nslug: home\ntitolo: \"</title><script>alert(1)</script>\"\n"
        "descrizione: '\"><script>alert(1)</script>'\nfonti: []\n"
        "ultima_verifica: 2026-11-01\n---\n\n" + "\n\n".join(VECTORS) + "\n")})
    make_buildable(root)
    return Hostile(root, text_tags, url_tags, validate(root, today=TODAY).diagnostics)


def build_inert(hostile: Hostile, where: Path) -> tuple[Path, set[str]]:
    """Build what the schema accepts, with the body scanner switched off (so bodies it
    refuses are built too); returns the site and the tags left out (refused, located)."""
    rejected = {d.file for d in hostile.diagnostics
                if d.severity == "errore" and d.key != "testo"}
    dropped = {tag for tag in [*hostile.text_tags, *hostile.url_tags]
               if files_of(tag) & rejected}
    root = where / "progetto"  # a copy: the project itself stays as `rete check` saw it
    shutil.copytree(hostile.root, root, symlinks=True)
    for tag in dropped:
        for rel in files_of(tag):
            (root / rel).unlink(missing_ok=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(markdown_safety, "scan", lambda body, links=None: [])
        site = build(root, today=TODAY, site=where / "site", work=where / "work").site
    return site, dropped
