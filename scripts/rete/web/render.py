"""Jinja2 set up for writing Markdown pages: filters that keep editors' text inert."""

from __future__ import annotations

import html
import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from rete.tariffa.money import fmt_euro, fmt_number
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


def md_text(value: object) -> str:
    """Editors' plain text inside Markdown: no HTML, no table breaks, no stray emphasis."""
    text = html.escape(str(value), quote=True)
    for char in ("|", "*", "_", "[", "]", "`"):
        text = text.replace(char, "\\" + char)
    return text


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


def environment() -> Environment:
    env = Environment(loader=PackageLoader("rete.web", "templates"), autoescape=False,
                      undefined=StrictUndefined, keep_trailing_newline=True,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters.update(md=md_text, campo=campo, attr=lambda v: html.escape(str(v), quote=True),
                       data_it=data_it, numero=numero_it, euro=euro,
                       json=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    env.globals["unita"] = UNITA  # imported macros (no page context) need the unit words
    return env


def render(env: Environment, template: str, **context: Any) -> str:
    return env.get_template(template).render(**context)


def write_page(docs: Path, rel: str, text: str) -> str:
    """Write one generated file under the docs folder; returns its relative path."""
    path = docs / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return rel
