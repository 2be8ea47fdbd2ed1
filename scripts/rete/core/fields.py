"""Field types shared by records and the tariff contract: dates, links, text, sources.

Values are checked with messages in Italian because the people who read them are the
editors of the comuni and associations, not programmers. The tariff contract cites its
sources with the same `Fonte` as every record, so this sits below both.
"""

from __future__ import annotations

import functools
import itertools
import re
from datetime import date
from typing import Annotated, Any
from urllib.parse import quote, urlsplit

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


URL_SCHEMES = frozenset({"http", "https", "mailto"})
URL_FORBIDDEN = frozenset('<>"`\\')
"""Characters that never belong in a written URL and would end a Markdown or HTML context
(quotes and angle brackets close an attribute or open a tag; a backslash reads as "/")."""
URL_SAFE = "/:?#@!$&*+,;=%-._~"
"""What `encode_url` leaves as it is (with letters and digits): no quote, bracket,
parenthesis or space survives, so an encoded URL cannot end a Markdown link or an
HTML attribute whatever template it is written into."""


def _shown(value: str) -> str:
    """A URL as a message quotes it: control characters visible, at most 80 characters."""
    text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in value)
    return text if len(text) <= 80 else text[:77] + "..."


@functools.lru_cache(maxsize=1 << 14)
def url_problem(value: str) -> str | None:
    """Why `value` cannot be published as a link, or None: parsed with urllib.parse, not
    pattern-matched, so what the pages' `url` filter refuses is refused here first.
    Remembered: thousands of records cite the same few hundred sources."""
    for char in value:
        if char.isspace() or not char.isprintable():
            return (f'"{_shown(value)}" contiene spazi o caratteri invisibili: un indirizzo '
                    "si scrive senza spazi (uno spazio nel percorso si scrive %20)")
        if char in URL_FORBIDDEN:
            return (f'"{_shown(value)}" contiene il carattere «{char}», che non può stare in un '
                    f"indirizzo: scrivilo come {quote(char, safe='')}")
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - a bad port raises here, not when the page is built
    except ValueError:
        return f'"{_shown(value)}" non è un indirizzo valido'
    if parts.scheme.lower() not in URL_SCHEMES:
        return f'"{_shown(value)}" non è un indirizzo ammesso: usa https://, http:// o mailto:'
    if parts.scheme.lower() == "mailto":
        if "@" not in parts.path:
            return f'"{_shown(value)}" non è un indirizzo di posta: scrivi mailto:nome@dominio.it'
    elif not parts.hostname:
        return f'"{_shown(value)}" non dice il sito: scrivi https://nome-del-sito.it/...'
    return None


EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                   r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+\Z")
"""A plain address (nome@dominio.it): the characters real addresses use and a dotted
domain; no display name, quotes or comment, so it is safe in a mailto: link as written."""


def email_problem(value: str) -> str | None:
    """Why `value` is not a mail address a page can publish, or None."""
    if EMAIL.match(value) and ".." not in value:
        return None
    return f'"{_shown(value)}" non è un indirizzo di posta: scrivi nome@dominio.it'


def check_email(value: str) -> str:
    problem = email_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def encode_url(value: str) -> str:
    """Percent-encode every character outside `URL_SAFE` (parentheses, quotes, spaces,
    brackets, non-ASCII letters): the same address, written so that no context can end."""
    return quote(value, safe=URL_SAFE)


def check_url(value: str) -> str:
    """Only web and mail links: javascript:, data: and file: links are never published."""
    problem = url_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def check_text(value: str) -> str:
    if not value.strip():
        raise ValueError("il testo non può essere vuoto")
    return value


Data = Annotated[date, BeforeValidator(parse_data)]
DataOAnno = Annotated[date | int, BeforeValidator(parse_data_o_anno)]
Url = Annotated[str, AfterValidator(check_url)]
Testo = Annotated[str, AfterValidator(check_text)]
Email = Annotated[str, AfterValidator(check_email)]


class Modello(BaseModel):
    """Strict base: an unknown key is a typo to report, never a value to ignore."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


LISTING_PARTS = frozenset({"category", "categoria", "tag", "tags", "author", "autore"})
"""Path segments of a blog's listing pages (WordPress and alike): what they show changes as
posts are added, so they are not a source anyone can check later."""


def listing_url(value: str) -> bool:
    """A category, tag, author or search page, or page N of a list, rather than one
    article's address."""
    parts = urlsplit(value)
    segments = [s.casefold() for s in parts.path.split("/") if s]
    paged = any(a == "page" and b.isdigit() for a, b in itertools.pairwise(segments))
    query = parts.query.casefold()
    return (paged or any(s in LISTING_PARTS for s in segments)
            or query.startswith(("s=", "cat=", "tag=")))


class Fonte(Modello):
    """A source and the fields of the record it supports (`campi`, dotted keys).

    `non_raggiungibile` is the day the address was found not to open: what only such sources
    support is shown as cited, not verifiable. A listing page (a category, a tag) is no
    permalink: `fonte_problems` warns of it unless it is marked so.
    """

    url: Url
    titolo: Testo
    consultato: Data
    campi: list[str] = Field(default_factory=list)
    non_raggiungibile: Data | None = Field(
        default=None, description="Giorno in cui l'indirizzo della fonte è risultato non "
                                  "raggiungibile: ciò che sostiene è solo citato.")


def fonte_problems(fonte: Fonte) -> list[tuple[str, str, str]]:
    """(key, severity, message) for a source a reader could not check: a listing page not
    marked unreachable (warned), a day found unreachable before the day it was read."""
    found = []
    if fonte.non_raggiungibile is None and listing_url(fonte.url):
        found.append(("url", "avviso",
                      f'"{_shown(fonte.url)}" è una pagina di elenco (categoria, tag, autore, '
                      "pagina N), non l'indirizzo di un articolo: il suo contenuto cambia nel "
                      "tempo. Cita l'articolo; se non lo trovi, scrivi non_raggiungibile: "
                      "AAAA-MM-GG e ciò che sostiene sarà mostrato come solo citato"))
    if fonte.non_raggiungibile is not None and fonte.non_raggiungibile < fonte.consultato:
        found.append(("non_raggiungibile", "errore",
                      "non_raggiungibile viene prima di consultato: una fonte si trova non "
                      "raggiungibile dopo averla consultata"))
    return found
