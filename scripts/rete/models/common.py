"""Field types and the base shared by every record type.

Values are checked with messages in Italian because the people who read them are the
editors of the comuni and associations, not programmers.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
SAFE_SCHEMES = ("https://", "http://", "mailto:")


def parse_data(value: Any) -> date:
    """Accept only AAAA-MM-GG text, so a typo is an error instead of a silent guess."""
    if isinstance(value, date):
        return value
    text = str(value)
    if not isinstance(value, str) or not _DATE.match(text):
        raise ValueError(f'"{text}" non è una data nel formato AAAA-MM-GG')
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f'"{text}" non è una data valida (AAAA-MM-GG)') from None


def parse_data_o_anno(value: Any) -> date | int:
    """A period bound: a whole year (2015) when the sources give no day, else a date."""
    if isinstance(value, int) and not isinstance(value, bool):
        if 1900 <= value <= 2100:
            return value
        raise ValueError(f"{value} non è un anno plausibile")
    return parse_data(value)


MAX_SLUG = 80  # a file name on every system, and a readable address


def check_slug(value: str) -> str:
    if len(value) > MAX_SLUG:
        raise ValueError(f"identificativo troppo lungo ({len(value)} caratteri, al massimo "
                         f"{MAX_SLUG})")
    if not _SLUG.match(value):
        raise ValueError(
            f'"{value}" non è un identificativo valido: solo lettere minuscole senza accenti, '
            "cifre e trattini (es. besana-in-brianza)")
    return value


def check_url(value: str) -> str:
    """Only web and mail links: javascript:, data: and file: links are never published."""
    if not value.startswith(SAFE_SCHEMES) or any(c.isspace() for c in value):
        raise ValueError(f'"{value}" non è un indirizzo ammesso: usa https://, http:// o mailto:')
    return value


def check_text(value: str) -> str:
    if not value.strip():
        raise ValueError("il testo non può essere vuoto")
    return value


def int_as_text(value: Any) -> Any:
    """Vocabulary ids may be written as numbers (obiettivi: [1, 4]): compare them as text."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


Data = Annotated[date, BeforeValidator(parse_data)]
DataOAnno = Annotated[date | int, BeforeValidator(parse_data_o_anno)]
Slug = Annotated[str, AfterValidator(check_slug)]
RifVoce = Annotated[str, BeforeValidator(int_as_text), AfterValidator(check_slug)]
Url = Annotated[str, AfterValidator(check_url)]
Testo = Annotated[str, AfterValidator(check_text)]
Stato = Literal["bozza", "pubblicata", "archiviata"]


class Modello(BaseModel):
    """Strict base: an unknown key is a typo to report, never a value to ignore."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Fonte(Modello):
    """A source and the fields of the record it supports (`campi`, dotted keys)."""

    url: Url
    titolo: Testo
    consultato: Data
    campi: list[str] = Field(default_factory=list)


class Record(Modello):
    """Keys every record carries: identity, sources, status and freshness."""

    slug: Slug
    fonti: list[Fonte] = Field(default_factory=list)
    illustrativo: bool = False
    stato: Stato = "pubblicata"
    ultima_verifica: Data
