"""Field types shared by records and the tariff contract: dates, links, text, sources.

Values are checked with messages in Italian because the people who read them are the
editors of the comuni and associations, not programmers. The tariff contract cites its
sources with the same `Fonte` as every record, so this sits below both.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

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


def check_url(value: str) -> str:
    """Only web and mail links: javascript:, data: and file: links are never published."""
    if not value.startswith(SAFE_SCHEMES) or any(c.isspace() for c in value):
        raise ValueError(f'"{value}" non è un indirizzo ammesso: usa https://, http:// o mailto:')
    return value


def check_text(value: str) -> str:
    if not value.strip():
        raise ValueError("il testo non può essere vuoto")
    return value


Data = Annotated[date, BeforeValidator(parse_data)]
DataOAnno = Annotated[date | int, BeforeValidator(parse_data_o_anno)]
Url = Annotated[str, AfterValidator(check_url)]
Testo = Annotated[str, AfterValidator(check_text)]


class Modello(BaseModel):
    """Strict base: an unknown key is a typo to report, never a value to ignore."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Fonte(Modello):
    """A source and the fields of the record it supports (`campi`, dotted keys)."""

    url: Url
    titolo: Testo
    consultato: Data
    campi: list[str] = Field(default_factory=list)

