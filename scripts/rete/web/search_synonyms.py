"""The site search's synonyms, kept as data in content/ricerca/sinonimi.yml.

Visitors search with everyday words ("asilo", "quanto pago", "GAS") that the pages do not
use. Editors list them in one YAML file; it is read with the records' loader, so a mistake
is reported as `file:line:col: errore: key: message` like any record error, before the
build writes anything. `web.search` applies the words to the search index.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from rete.core.diagnostics import Diagnostic
from rete.records.contracts import read_contract

SYNONYMS_FILE = "content/ricerca/sinonimi.yml"

_TERM = re.compile("[^\\W_]+(?:['\u2019 ][^\\W_]+)*")
_PAGE = re.compile(r"(?:[a-z0-9][a-z0-9-]*/)*")


def _term(value: str) -> str:
    if not _TERM.fullmatch(value.strip()):
        raise ValueError(f"«{value}» non è una parola di ricerca: usa lettere e cifre, "
                         "con spazi o apostrofi tra le parole")
    return value.strip()


def _page(value: str) -> str:
    if not _PAGE.fullmatch(value):
        raise ValueError(f"«{value}» non è l'indirizzo di una pagina del sito: scrivilo come "
                         "appare dopo il nome del sito, con la barra finale (es. calcolatore/)")
    return value


Termine = Annotated[str, AfterValidator(_term)]
"""A word or a short phrase as a visitor types it ("asilo", "quanto pago")."""


class Rimando(BaseModel):
    """Words that lead to one page even if the page never uses them."""

    model_config = ConfigDict(extra="forbid")

    pagina: Annotated[str, AfterValidator(_page)]
    parole: list[Termine] = Field(min_length=1)


class Sinonimi(BaseModel):
    """`equivalenti`: groups of words that find each other; `rimandi`: words → a page."""

    model_config = ConfigDict(extra="forbid")

    equivalenti: list[Annotated[list[Termine], Field(min_length=2)]] = []
    rimandi: list[Rimando] = []


def load_synonyms(root: Path) -> tuple[Sinonimi, list[Diagnostic]]:
    """The project's synonyms (none when the file does not exist) and their problems."""
    path = root / SYNONYMS_FILE
    if not path.exists():
        return Sinonimi(), []
    read = read_contract(path, Sinonimi, root)
    return (read.model or Sinonimi()), read.diagnostics


def page_position(root: Path, index: int) -> tuple[int, int]:
    """Where `rimandi[index].pagina` is written, to locate a page the site does not have."""
    read = read_contract(root / SYNONYMS_FILE, Sinonimi, root)
    return read.positions.locate(("rimandi", index, "pagina"))
