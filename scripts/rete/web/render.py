"""Jinja2 set up for writing Markdown pages: filters that keep editors' text inert."""

from __future__ import annotations

import functools
import html
import json
import posixpath
import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context
from jinja2.runtime import Context

from rete.records import page_map
from rete.tariffa.money import fmt_euro, fmt_number
from rete.web.sanitize import safe_href
from rete.web.view import UNITA

MESI = ("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
        "settembre", "ottobre", "novembre", "dicembre")


CAMPI = {"codice_istat": "codice ISTAT", "relazioni": "rapporto con la Rete",
         "tavolo_comunale": "tavolo comunale", "assessore_delegato": "delega alle famiglie",
         "servizi": "servizi e tariffe", "livello_evidenza": "livello di evidenza",
         "ultima_verifica": "ultima verifica", "figli_eta": "pesi dei figli per età"}


def campo(key: str) -> str:
    """A record key as readers say it: codice_istat → codice ISTAT, tavolo_comunale → …"""
    return CAMPI.get(key, key.replace("_", " ").replace(".", ": "))


_INVISIBLE = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")
"""Every character Markdown can give a meaning to."""
_ANYWHERE = re.compile(r"([\\`*_{}\[\]#!|])")
"""Those that start a construct wherever they stand (emphasis, code, links and images,
attribute lists, tables, headings' closing hashes, admonitions)."""
_LINE_START = re.compile(r"[-+(]|[0-9]+(?=\.)|[?=:~]")
"""What starts a construct only at the start of a line (a list, a rule, an ordered list;
`???` a collapsible block, `===` a heading of the line above, `:` a definition, `~~~` a
code fence) or right after a link's text: the text's own start, since it never holds a
newline. Markdown has no escape for `?=:~`: they are written as character references."""
_ATTR = {**{ord(c): f"&#{ord(c)};" for c in "\\`*_{}[]()!|\n\t"},
         ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;", ord('"'): "&quot;",
         ord("'"): "&#x27;", ord("\r"): None}


def md_text(value: object) -> str:
    """Editors' plain text inside generated Markdown: inert in any Markdown context.

    Newlines and control characters become spaces (no new block can start), every character
    Markdown gives a meaning to is backslash-escaped (no link, emphasis, attribute list
    `{: … }`, table cell or heading), and HTML is escaped (no tag, no entity).
    """
    text = str(value)
    return _short_md_text(text) if len(text) <= _SHORT else _md_text(text)


def _md_text(text: str) -> str:
    """Each backslash escape costs Python-Markdown a pass of its inline patterns (a fifth of
    its time on the generated pages when every `.`, `-` and `(` of every text was escaped):
    `.`, `-`, `+`, `(` and `)` are escaped only where they could mean something, which
    renders the same HTML (`tests/test_render_cache.py` holds the two equal), but for a
    text that starts with `?`, `=`, `:` or `~`, which no longer starts a block."""
    text = _INVISIBLE.sub(" ", text)
    if text[:1].isspace():  # indented: it may be read as code, where escapes are shown
        return html.escape(_MARKDOWN.sub(r"\\\1", text), quote=True)
    head, start = "", _LINE_START.match(text)
    if start and start.group() in "-+(":
        head, text = f"\\{start.group()}", text[1:]
    elif start and start.group() in "?=:~":
        head, text = f"&#{ord(start.group())};", text[1:]
    elif start:
        head, text = f"{start.group()}\\.", text[start.end() + 1:]
    return head + html.escape(_ANYWHERE.sub(r"\\\1", text), quote=True)


_SHORT = 120
_short_md_text = functools.lru_cache(maxsize=1 << 15)(_md_text)
"""Names, labels and places repeat on every page: each short text is escaped once. Prose
(summaries, bodies' headings) is mostly unique: not kept."""


def attr_text(value: object) -> str:
    """Editors' text inside raw HTML (an attribute or an element's text): HTML-escaped, and
    Markdown's characters written as character references, which mean the same to a browser
    but nothing to Markdown, so the text stays inert even where Markdown reads the HTML
    (an inline tag in a paragraph, a `markdown` block)."""
    return str(value).translate(_ATTR)


def url(value: object) -> str:
    """The one way a template writes a URL (Markdown link target or HTML attribute): parsed
    and percent-encoded by `safe_href` (a script URL becomes "#"), then HTML-escaped."""
    return _url(str(value))


@functools.lru_cache(maxsize=1 << 16)
def _url(text: str) -> str:
    """`url` of a text, once per text: thousands of pages cite the same few hundred
    sources, and every link between pages repeats (a pure function of the text)."""
    return html.escape(safe_href(text), quote=True)


def meta(value: object) -> str:
    """A front matter value (page title, description) as JSON: MkDocs themes print these
    without escaping, so the text is HTML-escaped first (quotes too, for the description's
    attribute; apostrophes stay, since some places escape them again)."""
    text = _INVISIBLE.sub(" ", str(value))
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return json.dumps(escaped.replace('"', "&quot;"), ensure_ascii=False)


def data_it(value: date | int | None) -> str:
    """20 dicembre 2016; a bare year stays a year."""
    if value is None:
        return "non disponibile"
    if isinstance(value, int):
        return str(value)
    return f"{value.day} {MESI[value.month - 1]} {value.year}"


def numero_it(value: float | int | Decimal | None, decimals: int = 0) -> str:
    """1.242.123 and 2,50: Italian separators."""
    if value is None:
        return "non disponibile"
    return fmt_number(Decimal(str(value)), decimals)


def euro(value: float | Decimal | None) -> str:
    return "non disponibile" if value is None else fmt_euro(Decimal(str(value)))


@pass_context
def page_link(context: Context, type_name: str, slug: str, course: str | None = None) -> str:
    """A Markdown link target from the page being written (`here`) to a record's page, as a
    docs path MkDocs resolves and checks: ../pratiche/gaf.md, ../rete/index.md#accordo."""
    target = page_map.page_of(type_name, slug, course)
    if target is None:
        raise ValueError(f"{type_name} has no page")
    path, _, anchor = target.partition("#")
    rel = page_map.relative_path(path, posixpath.dirname(context["here"]) or ".")
    return url(rel + (f"#{anchor}" if anchor else ""))


@pass_context
def page_url(context: Context, type_name: str, slug: str, course: str | None = None) -> str:
    """The address of a record's page relative to the page being written, for raw HTML
    (which MkDocs does not rewrite): ../../comuni/seveso/."""
    target = page_map.page_of(type_name, slug, course)
    if target is None:
        raise ValueError(f"{type_name} has no page")
    return url(page_map.relative_url(context["here"], target))


def environment() -> Environment:
    env = Environment(loader=PackageLoader("rete.web", "templates"), autoescape=False,
                      undefined=StrictUndefined, keep_trailing_newline=True,
                      trim_blocks=True, lstrip_blocks=True,
                      auto_reload=False)  # the package's own files: no stat per page
    env.filters.update(md=md_text, campo=campo, attr=attr_text, url=url, meta=meta,
                       data_it=data_it, numero=numero_it, euro=euro,
                       json=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    env.globals["unita"] = UNITA  # imported macros (no page context) need the unit words
    env.globals.update(page_link=page_link, page_url=page_url)
    return env


def render(env: Environment, template: str, **context: Any) -> str:
    return env.get_template(template).render(**context)


def write_page(docs: Path, rel: str, text: str) -> str:
    """Write one generated file under the docs folder; returns its relative path."""
    path = docs / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return rel
